import { isSeq } from 'yaml';
import type { TextEdit } from '../diagnostic.js';
import { appendToSequence } from '../../yaml/edits.js';
import { combineEdits } from '../../yaml/combineEdits.js';
import { containerAccelerators } from '../../workload/accelerators.js';
import type { ServingContainer } from '../../workload/servingContainer.js';
import { recommendedShmSize } from '../../workload/sharedMemory.js';
import { hasSharedMemory } from '../../workload/volumes.js';
import { containerRange, serverName, servingContainerRule, wordRange } from './servingContainerRule.js';

const VOLUME = 'dshm';

/** Containers get a 64 MiB /dev/shm; NCCL and vLLM's multi-process executors need far more. */
export const shmMissingWorkload = servingContainerRule({
  id: 'shm-missing-workload',
  codes: ['shm-missing'],
  description: 'A multi-GPU or multi-process server (tensor/pipeline parallel, vLLM-omni, TGI shards) mounts a memory-backed emptyDir at /dev/shm (or uses hostIPC).',
  check(container, context) {
    const why = needsSharedMemory(container);
    if (!why || hasSharedMemory(container)) return;
    const d = container.document;
    const size = recommendedShmSize(d.valueAt([...container.paths.resources, 'limits', 'memory']));
    const edits = shmEdits(container, size);
    const flag = container.invocation?.flags.find((f) => ['tensor-parallel-size', 'tp', 'tp-size', 'num-shard', 'pipeline-parallel-size', 'pp', 'pp-size', 'omni'].includes(f.name));
    const omni = container.runtime === 'vllm-omni';
    context.report({
      code: 'shm-missing',
      severity: omni ? 'error' : 'warning',
      message: `${why} needs more than the container's 64 MiB /dev/shm ("No space left on device", or NCCL errors): mount an emptyDir with medium: Memory (sizeLimit ${size}) at /dev/shm.`,
      ...(wordRange(container, flag?.nameToken) ?? containerRange(container)),
      fixes: edits ? [{ title: `Mount a ${size} memory emptyDir at /dev/shm`, edits, isPreferred: true }] : undefined,
    });
  },
});

function needsSharedMemory(container: ServingContainer): string | undefined {
  const s = container.settings;
  const ranks = s.tensorParallel * s.pipelineParallel * s.dataParallel;
  const server = serverName(container);
  if (container.runtime === 'vllm-omni') return "vLLM-omni's multi-process executor";
  if ((container.runtime === 'vllm' || container.runtime === 'sglang') && ranks > 1) return `${server} with ${ranks} parallel ranks`;
  if (container.runtime === 'tgi' || container.runtime === 'nim') {
    const gpus = containerAccelerators(container).nvidiaGpus ?? 1;
    const shards = container.runtime === 'tgi' && s.tensorParallel > 1 ? s.tensorParallel : gpus;
    if (shards > 1) return `${server} sharded over ${shards} GPUs`;
  }
  return undefined;
}

/** The volume (unless the pod already has one of that name) and the container's mount, as one fix. */
function shmEdits(container: ServingContainer, size: string): TextEdit[] | undefined {
  const { document: d, template, paths } = container;
  if (!template || !paths.volumeMounts) return undefined;
  const volumesPath = [...template.podSpec, 'volumes'];
  const volumes = d.nodeAt(volumesPath);
  const existing = d.valueAt(volumesPath);
  const taken = Array.isArray(existing) && existing.some((v) => (v as { name?: unknown })?.name === VOLUME);
  if (taken && !(existing as Array<{ name?: unknown; emptyDir?: { medium?: unknown } }>).some((v) => v?.name === VOLUME && v.emptyDir?.medium === 'Memory')) return undefined;
  if (volumes !== undefined && !isSeq(volumes)) return undefined;
  const mount = appendToSequence(d, paths.volumeMounts, [{ name: VOLUME, mountPath: '/dev/shm' }]);
  const volume = taken ? [] : appendToSequence(d, volumesPath, [{ name: VOLUME, emptyDir: { medium: 'Memory', sizeLimit: size } }]);
  if (!mount || !volume) return undefined;
  return combineEdits([...mount, ...volume]);
}
