import { replaceScalar } from '../../yaml/edits.js';
import { formatBytes, parseQuantity } from '../../nimservice/quantity.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule } from './nimServiceRule.js';

export const shmExceedsMemoryLimit = nimServiceRule({
  id: 'shm-exceeds-memory-limit',
  description: 'resources.limits.memory must exceed storage.sharedMemorySizeLimit (/dev/shm counts against it).',
  check(view, context) {
    const d = view.document;
    const shmText = d.valueAt(NIM_PATHS.shm);
    const memoryText = d.valueAt([...NIM_PATHS.limits, 'memory']);
    const shm = parseQuantity(shmText);
    const memory = parseQuantity(memoryText);
    if (shm === undefined || memory === undefined || shm <= 0 || shm < memory) return;
    const raised = formatBytes(Math.max(2 * shm, 2 ** 30));
    const edits = replaceScalar(d, [...NIM_PATHS.limits, 'memory'], raised);
    // The memory limit is what must change; the shared memory size is usually right.
    context.report({
      code: 'shm-exceeds-memory-limit',
      severity: 'error',
      message: `sharedMemorySizeLimit (${String(shmText)}) is not below resources.limits.memory (${String(memoryText)}): /dev/shm counts against the memory limit, so the pod is OOMKilled once it fills. Raise resources.limits.memory above ${String(shmText)} (e.g. ${raised}).`,
      ...d.valueRange([...NIM_PATHS.limits, 'memory'])!,
      fixes: edits ? [{ title: `Raise resources.limits.memory to ${raised}`, edits, isPreferred: true }] : undefined,
    });
  },
});
