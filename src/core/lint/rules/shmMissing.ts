import { insertIntoMap } from '../../yaml/edits.js';
import { nimServiceSharedMemoryNeed, recommendedShmSize } from '../../workload/sharedMemory.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { operatorRelease } from '../../schema/operatorReleases.js';
import { nimServiceRule } from './nimServiceRule.js';

/**
 * Follows the operator release (OperatorRelease.sharedMemorySizeLimitField in src/core/schema/operatorReleases.ts):
 * every release mounts a memory-backed `dshm` emptyDir at /dev/shm (GetVolumes/GetVolumeMounts in
 * api/apps/v1alpha1/nimservice_types.go) whose sizeLimit is spec.storage.sharedMemorySizeLimit (from v2.0.1), so
 * without it /dev/shm is bounded only by the pod's memory limit, never the runtime's 64 MiB: advice (info) to make
 * the budget explicit; nothing in v1.0, which has no such field.
 */
export const shmMissing = nimServiceRule({
  id: 'shm-missing',
  description: 'vLLM-omni, and vLLM with tensor/pipeline parallelism, need spec.storage.sharedMemorySizeLimit.',
  check(view, context) {
    const d = view.document;
    const why = nimServiceSharedMemoryNeed(view);
    if (!why) return;
    if (!operatorRelease(context.options.operatorVersion).sharedMemorySizeLimitField) return;
    const shm = d.valueAt(NIM_PATHS.shm);
    if (shm !== undefined && shm !== null && shm !== '') return;
    const size = recommendedShmSize(d.valueAt([...NIM_PATHS.limits, 'memory']));
    const edits = insertIntoMap(d, NIM_PATHS.storage, { sharedMemorySizeLimit: size });
    // The user adds the limit under `storage` (or adds `storage` to `spec`).
    context.report({
      code: 'shm-missing',
      severity: 'info',
      message: `${why} uses /dev/shm heavily; the operator mounts it as a memory-backed emptyDir with no size limit, so it can grow up to the pod's memory limit: set spec.storage.sharedMemorySizeLimit: ${size} to make that budget explicit.`,
      ...(d.keyRange(NIM_PATHS.storage) ?? d.keyRange(NIM_PATHS.spec)!),
      fixes: edits ? [{ title: `Add sharedMemorySizeLimit: ${size}`, edits, isPreferred: true }] : undefined,
    });
  },
});
