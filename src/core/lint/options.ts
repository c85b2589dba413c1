/** Operator releases whose CRDs differ in what the linter must enforce (see third_party/nim-operator/README.md). */
export const OPERATOR_VERSIONS = ['v3.1.2', 'main'] as const;
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
}

export interface ResolvedLintOptions {
  operatorVersion: OperatorVersion;
  pinnedModels: PinnedModel[];
  disabledRules: ReadonlySet<string>;
}

export function resolveLintOptions(options: LintOptions = {}): ResolvedLintOptions {
  return {
    operatorVersion: options.operatorVersion ?? DEFAULT_OPERATOR_VERSION,
    pinnedModels: options.pinnedModels ?? DEFAULT_PINNED_MODELS,
    disabledRules: new Set(options.disabledRules ?? []),
  };
}

export function parseOperatorVersion(value: string): OperatorVersion | undefined {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'latest') return DEFAULT_OPERATOR_VERSION;
  if (normalized === 'main' || normalized === 'head') return 'main';
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(normalized);
  if (!match) return undefined;
  const [major, minor, patch] = match.slice(1).map(Number);
  // Every release up to v3.1.2 ships the CRD that requires authSecret; later ones match main.
  return major < 3 || (major === 3 && (minor < 1 || (minor === 1 && patch <= 2))) ? 'v3.1.2' : 'main';
}
