import type { NimService } from '../kube/nimService.js';
import { splitShellWords, type CommandToken } from '../nimservice/commandLine.js';
import { parseImageString } from '../nimservice/image.js';
import { implicitEntrypoint, isNimImage } from '../nimservice/runtime.js';
import { findFlag, parseVllmInvocation } from '../nimservice/vllmInvocation.js';
import { requestedMigProfile } from './gpuMemory.js';

/** How a NIMService will serve its model, as far as memory goes: read from vLLM's flags or the NIM image. */
export interface ServingPlan {
  /** vLLM's model argument, or the NIM model name from the image (`nvcr.io/nim/meta/llama-3.1-8b-instruct` → `meta/llama-3.1-8b-instruct`). */
  model?: string;
  runtime: 'vllm' | 'nim' | 'other';
  maxModelLen?: number;
  gpuMemoryUtilization?: number;
  tensorParallel: number;
  pipelineParallel: number;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  maxNumBatchedTokens?: number;
  maxNumSeqs?: number;
  enforceEager: boolean;
  /** GPUs per replica (resources.limits nvidia.com/gpu). */
  gpus: number;
  /** The MIG slice requested instead of a whole GPU. */
  migProfile?: string;
  nodeSelector: Record<string, string>;
}

const SHELLS = /^(?:.*\/)?(?:sh|bash|dash|zsh|ash)$/;

function commandTokens(spec: NonNullable<NimService['spec']>): CommandToken[] {
  const words = (list: unknown, source: 'command' | 'args') => (Array.isArray(list) ? list : []).filter((w) => ['string', 'number', 'boolean'].includes(typeof w)).map((w) => ({ text: String(w), source, inScript: false }));
  const command = words(spec.command, 'command');
  const repository = typeof spec.image?.repository === 'string' ? spec.image.repository : undefined;
  const head = command.length ? command : implicitEntrypoint(repository).map((text) => ({ text, source: 'entrypoint' as const, inScript: false }));
  const tokens: CommandToken[] = [...head, ...words(spec.args, 'args')];
  const shellAt = tokens.findIndex((t, i) => SHELLS.test(t.text) && /^-[a-z]*c[a-z]*$/.test(tokens[i + 1]?.text ?? ''));
  if (shellAt === -1 || !tokens[shellAt + 2]) return tokens;
  const script = tokens[shellAt + 2];
  return [...tokens.slice(0, shellAt + 2), ...splitShellWords(script.text).map((text) => ({ text, source: script.source, inScript: true })), ...tokens.slice(shellAt + 3)];
}

function positive(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  const k = /^(\d+(?:\.\d+)?)k$/.exec(text);
  const n = k ? Number(k[1]) * 1024 : Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function envValue(spec: NonNullable<NimService['spec']>, name: string): string | undefined {
  // A manifest being edited can hold anything where env belongs (a map, a string): only a list is read.
  const env = Array.isArray(spec.env) ? spec.env : [];
  return env.find((e) => e?.name === name && typeof e.value === 'string')?.value;
}

export function servingPlan(nim: NimService): ServingPlan {
  const spec = nim.spec ?? {};
  const limits = (spec.resources?.limits ?? spec.resources?.requests ?? {}) as Record<string, unknown>;
  const gpus = Number(limits['nvidia.com/gpu'] ?? 0) || 0;
  const base = { gpus, migProfile: requestedMigProfile(limits), nodeSelector: { ...(spec.nodeSelector ?? {}) } };
  const invocation = parseVllmInvocation(commandTokens(spec));
  if (invocation) {
    const flag = (...names: string[]) => findFlag(invocation, ...names)?.value;
    return {
      ...base,
      runtime: 'vllm',
      model: invocation.model?.id,
      maxModelLen: positive(flag('max-model-len', 'max-seq-len')),
      gpuMemoryUtilization: positive(flag('gpu-memory-utilization')),
      tensorParallel: positive(flag('tensor-parallel-size', 'tp')) ?? 1,
      pipelineParallel: positive(flag('pipeline-parallel-size', 'pp')) ?? 1,
      dtype: flag('dtype'),
      quantization: flag('quantization', 'q'),
      kvCacheDtype: flag('kv-cache-dtype'),
      maxNumBatchedTokens: positive(flag('max-num-batched-tokens')),
      maxNumSeqs: positive(flag('max-num-seqs')),
      enforceEager: Boolean(findFlag(invocation, 'enforce-eager')),
    };
  }
  const repository = typeof spec.image?.repository === 'string' ? spec.image.repository : undefined;
  if (repository && isNimImage(repository)) {
    const path = parseImageString(repository).repository.replace(/^nvcr\.io\//i, '').split('/');
    const model = path.slice(path.findIndex((p) => /^nim/i.test(p)) + 1).join('/');
    return {
      ...base,
      runtime: 'nim',
      model: envValue(spec, 'NIM_MODEL_NAME') && !envValue(spec, 'NIM_MODEL_NAME')!.startsWith('/') ? envValue(spec, 'NIM_MODEL_NAME') : model,
      maxModelLen: positive(envValue(spec, 'NIM_MAX_MODEL_LEN')),
      gpuMemoryUtilization: positive(envValue(spec, 'NIM_GPU_MEMORY_UTILIZATION') ?? envValue(spec, 'NIM_KVCACHE_PERCENT')),
      // A NIM picks the profile whose tensor parallelism uses every GPU it is given.
      tensorParallel: positive(envValue(spec, 'NIM_TENSOR_PARALLEL_SIZE')) ?? Math.max(1, gpus),
      pipelineParallel: positive(envValue(spec, 'NIM_PIPELINE_PARALLEL_SIZE')) ?? 1,
      enforceEager: false,
    };
  }
  return { ...base, runtime: 'other', tensorParallel: 1, pipelineParallel: 1, enforceEager: false };
}
