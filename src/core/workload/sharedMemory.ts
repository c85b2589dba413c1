import type { NimServiceView } from '../nimservice/nimServiceView.js';
import { formatBytes, parseQuantity } from '../nimservice/quantity.js';

/**
 * A memory-backed /dev/shm smaller than this is too small for vLLM's multi-process executor, vLLM-omni's stages or
 * NCCL between tensor-parallel ranks: the runtime's own 64 MiB is the classic failure (`[Errno 28] No space left on
 * device` from shared_memory.py). The simulator crashes such a server; the lint flags such a limit.
 */
export const MULTIPROCESS_SHM_FLOOR_BYTES = 2 ** 30;

const DEFAULT_SHM = 32 * 2 ** 30;

/** 32Gi, or half the memory limit when that is smaller: shared memory counts against the limit. */
export function recommendedShmSize(memoryLimit: unknown): string {
  const limit = parseQuantity(memoryLimit);
  if (limit === undefined || limit > 2 * DEFAULT_SHM) return formatBytes(DEFAULT_SHM);
  const half = Math.floor(limit / 2 / 2 ** 20) * 2 ** 20;
  return half > 0 ? formatBytes(half) : formatBytes(DEFAULT_SHM);
}

/**
 * Why a NIMService's server needs a real /dev/shm (vLLM-omni's stages, or vLLM's tensor/pipeline-parallel ranks), as
 * the words a diagnostic uses; undefined when one process serves alone.
 */
export function nimServiceSharedMemoryNeed(view: Pick<NimServiceView, 'runtime' | 'parallelism'>): string | undefined {
  if (view.runtime === 'vllm-omni') return "vLLM-omni's multi-process executor";
  if (view.runtime === 'vllm' && view.parallelism > 1) return `vLLM with ${view.parallelism}-way tensor/pipeline parallelism`;
  return undefined;
}
