import { isMap } from 'yaml';
import { insertIntoMap } from '../../yaml/edits.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule } from './nimServiceRule.js';

export const gpuLimitMissing = nimServiceRule({
  id: 'gpu-limit-missing',
  description: 'A vLLM or NIM container needs resources.limits["nvidia.com/gpu"] (or draResources).',
  check(view, context) {
    if (view.runtime === 'other') return;
    const d = view.document;
    const dra = d.valueAt(['spec', 'draResources']);
    if (Array.isArray(dra) && dra.length > 0) return;
    const limitsNode = d.nodeAt(NIM_PATHS.limits);
    if (limitsNode !== undefined && !isMap(limitsNode)) return;
    const resourcesNode = d.nodeAt(['spec', 'resources']);
    if (resourcesNode !== undefined && !isMap(resourcesNode)) return;
    const limits = (d.valueAt(NIM_PATHS.limits) ?? {}) as Record<string, unknown>;
    // Any NVIDIA device resource counts: nvidia.com/gpu, MIG slices (nvidia.com/mig-1g.10gb), Kata passthrough (nvidia.com/pgpu).
    if (Object.keys(limits).some((k) => k.startsWith('nvidia.com/'))) return;
    const edits = insertIntoMap(d, NIM_PATHS.limits, { 'nvidia.com/gpu': 1 });
    // The user adds the GPU under limits (or adds resources.limits).
    const range = d.keyRange(NIM_PATHS.limits) ?? d.keyRange(['spec', 'resources']) ?? d.keyRange(NIM_PATHS.spec)!;
    context.report({
      code: 'gpu-limit-missing',
      severity: 'error',
      message: 'No GPU requested: without resources.limits["nvidia.com/gpu"] (or spec.draResources) the pod is scheduled without a GPU and the server fails to start. Add nvidia.com/gpu: 1 (the GPUs per replica).',
      ...range,
      fixes: edits ? [{ title: 'Add resources.limits nvidia.com/gpu: 1', edits, isPreferred: true }] : undefined,
    });
  },
});
