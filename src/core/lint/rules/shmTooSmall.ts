import { replaceScalar } from '../../yaml/edits.js';
import { formatBytes, parseQuantity } from '../../nimservice/quantity.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { operatorRelease } from '../../schema/operatorReleases.js';
import { MULTIPROCESS_SHM_FLOOR_BYTES, nimServiceSharedMemoryNeed, recommendedShmSize } from '../../workload/sharedMemory.js';
import { nimServiceRule } from './nimServiceRule.js';

/**
 * The limit the operator gives the /dev/shm emptyDir, set below what a multi-process vLLM server needs: the server
 * crash-loops with `[Errno 28] No space left on device` while it sets up its shared-memory queues.
 */
export const shmTooSmall = nimServiceRule({
  id: 'shm-too-small',
  description: 'spec.storage.sharedMemorySizeLimit below 1Gi for vLLM-omni, or vLLM with tensor/pipeline parallelism.',
  check(view, context) {
    const d = view.document;
    const why = nimServiceSharedMemoryNeed(view);
    if (!why) return;
    if (!operatorRelease(context.options.operatorVersion).sharedMemorySizeLimitField) return;
    const text = d.valueAt(NIM_PATHS.shm);
    const bytes = parseQuantity(text);
    if (bytes === undefined || bytes <= 0 || bytes >= MULTIPROCESS_SHM_FLOOR_BYTES) return;
    const size = recommendedShmSize(d.valueAt([...NIM_PATHS.limits, 'memory']));
    const edits = replaceScalar(d, NIM_PATHS.shm, size);
    context.report({
      code: 'shm-too-small',
      severity: 'warning',
      message: `sharedMemorySizeLimit ${String(text)} is below ${formatBytes(MULTIPROCESS_SHM_FLOOR_BYTES)}: ${why} sets up its shared-memory queues in /dev/shm and crash-loops with "[Errno 28] No space left on device" when it fills. Set it to ${size}.`,
      ...d.valueRange(NIM_PATHS.shm)!,
      fixes: edits ? [{ title: `Set sharedMemorySizeLimit: ${size}`, edits, isPreferred: true }] : undefined,
    });
  },
});
