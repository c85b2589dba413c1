import type { CommandToken } from './commandLine.js';
import { findEnv, type EnvEntry } from './env.js';
import { isTgiImage } from './image.js';
import type { Runtime } from './runtime.js';
import { findFlag, type VllmFlag, type VllmInvocation, type VllmModel } from './vllmInvocation.js';

/** A setting read from the command line (or, for TGI, its environment variable). */
export interface ServerSetting {
  value: string;
  /** The word that holds the value (the flag itself for `--flag=value`); undefined when it comes from env. */
  token?: CommandToken;
  flag?: VllmFlag;
  env?: EnvEntry;
}

/**
 * What every rule needs to know about a model server, read once from its parsed command line: the same
 * meaning under each server's own flag names (vLLM `--tensor-parallel-size`/`-tp`, SGLang `--tp-size`/`--tp`,
 * TGI `--num-shard`/NUM_SHARD…).
 */
export interface ServerSettings {
  model?: VllmModel | { id: string; env: EnvEntry };
  servedModelName?: ServerSetting;
  tensorParallel: number;
  pipelineParallel: number;
  /** Data-parallel ranks on this pod (vLLM --data-parallel-size[-local], SGLang --dp-size). */
  dataParallel: number;
  /** False when a parallel size is written but is not a number (`$(TP)`): counts above are then guesses. */
  parallelKnown: boolean;
  port?: ServerSetting;
  /** The port the server listens on: --port, else the server's default. */
  listenPort: number;
  maxModelLen?: ServerSetting;
  gpuMemoryUtilization?: ServerSetting;
  enforceEager: boolean;
  trustRemoteCode: boolean;
  /** Spans several pods (Ray, SGLang --nnodes, vLLM --headless or multi-node data parallel). */
  multiNode: boolean;
}

const FLAGS = {
  tensorParallel: ['tensor-parallel-size', 'tp', 'tp-size', 'num-shard'],
  pipelineParallel: ['pipeline-parallel-size', 'pp', 'pp-size'],
  dataParallel: ['data-parallel-size-local', 'data-parallel-size', 'dp', 'dp-size'],
  maxModelLen: ['max-model-len', 'context-length', 'max-total-tokens'],
  gpuMemoryUtilization: ['gpu-memory-utilization', 'mem-fraction-static', 'cuda-memory-fraction'],
  servedModelName: ['served-model-name'],
  port: ['port'],
} as const;

/** Ports the servers listen on without --port. TGI's image sets PORT=80; its launcher alone defaults to 3000. */
export function defaultPort(runtime: Runtime, repository: string | undefined): number {
  if (runtime === 'sglang') return 30000;
  if (runtime === 'tgi') return repository && isTgiImage(repository) ? 80 : 3000;
  return 8000;
}

export function serverSettings(runtime: Runtime, invocation: VllmInvocation | undefined, env: readonly EnvEntry[], repository?: string): ServerSettings {
  const setting = (names: readonly string[], envName?: string): ServerSetting | undefined => {
    const flag = findFlag(invocation, ...names);
    if (flag?.value !== undefined) return { value: flag.value, token: flag.inline ? flag.nameToken : flag.valueToken, flag };
    const entry = envName && runtime === 'tgi' ? findEnv(env, envName) : undefined;
    if (entry && entry.value !== undefined && entry.value !== null) return { value: String(entry.value), env: entry };
    return undefined;
  };
  const count = (s: ServerSetting | undefined) => {
    const n = Number(s?.value);
    return Number.isInteger(n) && n > 0 ? n : 1;
  };
  const has = (...names: string[]) => !!findFlag(invocation, ...names);
  const modelEnv = runtime === 'tgi' && !invocation?.model ? findEnv(env, 'MODEL_ID') : undefined;
  const port = setting(FLAGS.port, 'PORT');
  const portNumber = Number(port?.value);
  const dataParallelLocal = setting(['data-parallel-size-local']);
  const parallel = [setting(FLAGS.tensorParallel, 'NUM_SHARD'), setting(FLAGS.pipelineParallel), dataParallelLocal ?? setting(FLAGS.dataParallel)];
  return {
    parallelKnown: parallel.every((s) => s === undefined || /^\d+$/.test(s.value.trim())),
    model: invocation?.model ?? (modelEnv && typeof modelEnv.value === 'string' ? { id: modelEnv.value, env: modelEnv } : undefined),
    servedModelName: setting(FLAGS.servedModelName),
    tensorParallel: count(setting(FLAGS.tensorParallel, 'NUM_SHARD')),
    pipelineParallel: count(setting(FLAGS.pipelineParallel)),
    dataParallel: count(dataParallelLocal ?? setting(FLAGS.dataParallel)),
    port,
    listenPort: Number.isInteger(portNumber) && portNumber > 0 ? portNumber : defaultPort(runtime, repository),
    maxModelLen: setting(FLAGS.maxModelLen),
    gpuMemoryUtilization: setting(FLAGS.gpuMemoryUtilization),
    enforceEager: has('enforce-eager', 'disable-cuda-graph'),
    trustRemoteCode: has('trust-remote-code'),
    multiNode: has('headless', 'nnodes', 'data-parallel-address', 'dist-init-addr') || findFlag(invocation, 'distributed-executor-backend')?.value === 'ray',
  };
}
