import type { NimCacheFacts } from './crossDocument/nimCacheFacts.js';
/**
 * Operator releases whose CRDs the linter carries: the latest patch of each release line, and the unreleased main
 * branch (third_party/nim-operator/README.md has the commits; src/core/schema/operatorReleases.ts what each changes).
 */
export const OPERATOR_VERSIONS = ['v1.0.1', 'v2.0.2', 'v3.0.2', 'v3.1.2', 'main'] as const;
export type OperatorVersion = (typeof OPERATOR_VERSIONS)[number];
/** The latest release: what a user most likely runs. */
export const DEFAULT_OPERATOR_VERSION: OperatorVersion = 'v3.1.2';

/** An endpoint that must serve exactly `model`; `forbidden` ids (case-insensitive globs) are known wrong substitutes. */
export interface PinnedModel {
  model: string;
  /** Why the pin exists, shown in the diagnostic. */
  reason: string;
  forbidden: string[];
}

export const DEFAULT_PINNED_MODELS: PinnedModel[] = [
  {
    model: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL',
    reason: 'image-edit endpoints must serve the NVPCB OVSL2SL finetune; the generic checkpoint silently degrades the generated labels',
    forbidden: ['qwen/qwen-image-edit*'],
  },
];

export interface LintOptions {
  operatorVersion?: OperatorVersion;
  pinnedModels?: PinnedModel[];
  /** Rule codes to skip. */
  disabledRules?: string[];
  /** NIMCaches known from the cluster (profiles, placement), for NIMServices whose cache is not in the same file. */
  knownNimCaches?: NimCacheFacts[];
}

export interface ResolvedLintOptions {
  operatorVersion: OperatorVersion;
  pinnedModels: PinnedModel[];
  disabledRules: ReadonlySet<string>;
  knownNimCaches: NimCacheFacts[];
}

export function resolveLintOptions(options: LintOptions = {}): ResolvedLintOptions {
  return {
    operatorVersion: options.operatorVersion ?? DEFAULT_OPERATOR_VERSION,
    pinnedModels: options.pinnedModels ?? DEFAULT_PINNED_MODELS,
    disabledRules: new Set(options.disabledRules ?? []),
    knownNimCaches: options.knownNimCaches ?? [],
  };
}

export function parseOperatorVersion(value: string): OperatorVersion | undefined {
  return resolveOperatorVersion(value)?.version;
}

/** What a user's operator version resolved to: the stored release of its line (v1.0.0 → v1.0.1), or main. */
export interface ResolvedOperatorVersion {
  /** As the user wrote it, trimmed. */
  requested: string;
  version: OperatorVersion;
  /** The release line (`v1.0`, …) or `main`. */
  line: string;
}

/**
 * `latest`, `main` (or `head`), a release line (`v1.0`, `1.0`) or any release of a known line (`v1.0.0`,
 * `v3.1.1`): each maps to the CRD stored for that line. Lines the operator never released are unknown.
 */
export function resolveOperatorVersion(value: string): ResolvedOperatorVersion | undefined {
  const requested = value.trim();
  const normalized = requested.toLowerCase();
  if (normalized === 'latest') return { requested, version: DEFAULT_OPERATOR_VERSION, line: lineOf(DEFAULT_OPERATOR_VERSION) };
  if (normalized === 'main' || normalized === 'head') return { requested, version: 'main', line: 'main' };
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(normalized);
  if (!match) return undefined;
  const line = `v${Number(match[1])}.${Number(match[2])}`;
  const version = OPERATOR_VERSIONS.find((v) => v !== 'main' && lineOf(v) === line);
  return version ? { requested, version, line } : undefined;
}

/** The release line of a stored version: v3.1.2 → v3.1. */
export function lineOf(version: OperatorVersion): string {
  return version === 'main' ? 'main' : version.replace(/\.\d+$/, '');
}

/** The accepted spellings, for usage errors and settings descriptions. */
export function knownOperatorVersionsText(): string {
  const releases = OPERATOR_VERSIONS.filter((v) => v !== 'main');
  return `${releases.map((v) => `${lineOf(v)}.x (→ ${v})`).join(', ')}, main, or latest (= ${DEFAULT_OPERATOR_VERSION})`;
}
