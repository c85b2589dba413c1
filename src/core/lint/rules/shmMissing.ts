import { insertIntoMap } from '../../yaml/edits.js';
import { formatBytes, parseQuantity } from '../../nimservice/quantity.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule } from './nimServiceRule.js';

const DEFAULT_SHM = 32 * 2 ** 30;

export const shmMissing = nimServiceRule({
  id: 'shm-missing',
  description: 'vLLM-omni, and vLLM with tensor/pipeline parallelism, need spec.storage.sharedMemorySizeLimit.',
  check(view, context) {
    const d = view.document;
    const omni = view.runtime === 'vllm-omni';
    if (!omni && !(view.runtime === 'vllm' && view.parallelism > 1)) return;
    const shm = d.valueAt(NIM_PATHS.shm);
    if (shm !== undefined && shm !== null && shm !== '') return;
    const size = shmSize(d.valueAt([...NIM_PATHS.limits, 'memory']));
    const edits = insertIntoMap(d, NIM_PATHS.storage, { sharedMemorySizeLimit: size });
    const why = omni ? "vLLM-omni's multi-process executor" : `vLLM with ${view.parallelism}-way tensor/pipeline parallelism`;
    // The user adds the limit under `storage` (or adds `storage` to `spec`).
    context.report({
      code: 'shm-missing',
      severity: omni ? 'error' : 'warning',
      message: `${why} needs more than the container's default /dev/shm ("OSError: [Errno 28] No space left on device"): set spec.storage.sharedMemorySizeLimit: ${size}.`,
      ...(d.keyRange(NIM_PATHS.storage) ?? d.keyRange(NIM_PATHS.spec)!),
      fixes: edits ? [{ title: `Add sharedMemorySizeLimit: ${size}`, edits, isPreferred: true }] : undefined,
    });
  },
});

/** 32Gi, or half the memory limit when that is smaller: shared memory counts against the limit. */
function shmSize(memoryLimit: unknown): string {
  const limit = parseQuantity(memoryLimit);
  if (limit === undefined || limit > 2 * DEFAULT_SHM) return formatBytes(DEFAULT_SHM);
  const half = Math.floor(limit / 2 / 2 ** 20) * 2 ** 20;
  return half > 0 ? formatBytes(half) : formatBytes(DEFAULT_SHM);
}
