import { isMap } from 'yaml';
import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';
import { effectiveCommandLine, type CommandToken } from './commandLine.js';
import { readEnv, type EnvEntry } from './env.js';
import { huggingFaceModelId } from './huggingFace.js';
import { detectRuntime, implicitEntrypoint, type Runtime } from './runtime.js';
import { commandLineParallelism, findFlag, parseVllmInvocation, type VllmInvocation } from './vllmInvocation.js';

export const NIM_PATHS = {
  spec: ['spec'],
  repository: ['spec', 'image', 'repository'],
  tag: ['spec', 'image', 'tag'],
  pullSecrets: ['spec', 'image', 'pullSecrets'],
  command: ['spec', 'command'],
  args: ['spec', 'args'],
  env: ['spec', 'env'],
  storage: ['spec', 'storage'],
  shm: ['spec', 'storage', 'sharedMemorySizeLimit'],
  limits: ['spec', 'resources', 'limits'],
  servicePort: ['spec', 'expose', 'service', 'port'],
} as const satisfies Record<string, YamlPath>;

export const DEFAULT_SERVICE_PORT = 8000;
/** Port vLLM listens on without `--port`. */
export const VLLM_DEFAULT_PORT = 8000;
export const STORAGE_SOURCES = ['nimCache', 'pvc', 'emptyDir', 'hostPath'] as const;

/**
 * How a NIMService will run, read once per document: the effective command line, the runtime, the
 * served model. Every accessor tolerates half-typed YAML (wrong types read as "absent").
 */
export class NimServiceView {
  readonly repository: string | undefined;
  readonly tokens: CommandToken[];
  readonly invocation: VllmInvocation | undefined;
  readonly runtime: Runtime;
  readonly env: EnvEntry[];

  constructor(readonly document: ManifestDocument) {
    const repository = document.valueAt(NIM_PATHS.repository);
    this.repository = typeof repository === 'string' ? repository : undefined;
    this.tokens = effectiveCommandLine(document, NIM_PATHS, implicitEntrypoint(this.repository));
    this.invocation = parseVllmInvocation(this.tokens);
    this.runtime = detectRuntime(this.repository, this.tokens, this.invocation);
    this.env = readEnv(document, NIM_PATHS.env);
  }

  /** `expose.service.port`, 8000 when absent (CRD default) or not an integer (the schema rules report that). */
  get servicePort(): number {
    const port = this.document.valueAt(NIM_PATHS.servicePort);
    return typeof port === 'number' && Number.isInteger(port) ? port : DEFAULT_SERVICE_PORT;
  }

  /** The Hugging Face id vLLM downloads, when the model is one. */
  get huggingFaceModel(): string | undefined {
    return huggingFaceModelId(this.invocation?.model?.id);
  }

  /** The id clients (and the operator's /v1/models check) see. */
  get servedModelName(): string | undefined {
    return findFlag(this.invocation, 'served-model-name')?.value ?? this.invocation?.model?.id;
  }

  /** Storage sources the webhook counts as defined (pvc: any field set). */
  get storageSources(): string[] {
    const storage = this.document.nodeAt(NIM_PATHS.storage);
    if (!isMap(storage)) return [];
    return STORAGE_SOURCES.filter((source) => isDefined(this.document.valueAt([...NIM_PATHS.storage, source]), source));
  }

  /** Tensor × pipeline parallelism, from vLLM flags or `spec.multiNode.parallelism`. */
  get parallelism(): number {
    const multiNode = (key: string) => {
      const n = this.document.valueAt(['spec', 'multiNode', 'parallelism', key]);
      return typeof n === 'number' && n > 0 ? n : 1;
    };
    return Math.max(commandLineParallelism(this.invocation), multiNode('tensor') * multiNode('pipeline'));
  }
}

function isDefined(value: unknown, source: string): boolean {
  if (value === undefined || value === null) return false;
  if (source === 'hostPath') return typeof value === 'string' ? value !== '' : true;
  if (source === 'pvc') return typeof value !== 'object' || Object.keys(value as object).length > 0;
  return true;
}

const views = new WeakMap<ManifestDocument, NimServiceView>();

export function nimServiceView(document: ManifestDocument): NimServiceView {
  let view = views.get(document);
  if (!view) {
    view = new NimServiceView(document);
    views.set(document, view);
  }
  return view;
}

export function isNimService(document: ManifestDocument): boolean {
  return document.isKind('apps.nvidia.com', 'NIMService');
}
