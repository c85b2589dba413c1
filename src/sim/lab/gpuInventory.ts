import { createHash } from 'node:crypto';
import type { GpuSample } from '../servers/dcgm/dcgmMetrics.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { EngineRegistry, ServedPod } from './engineRegistry.js';

interface PodLike {
  metadata: { name: string; namespace?: string; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: { nodeName?: string; containers?: Array<{ name: string; resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } }> };
  status?: { phase?: string };
}

/** Whole GPUs on a node (MIG slices are not reported per instance here). */
export function gpuCountOf(node: KubeObject): number {
  const capacity = (node as { status?: { capacity?: Record<string, string> } }).status?.capacity ?? {};
  return Number(capacity['nvidia.com/gpu'] ?? 0) || Number(node.metadata.labels?.['nvidia.com/gpu.count'] ?? 0);
}

/**
 * The node's GPUs as dcgm-exporter sees them at this moment: GPUs are handed to the node's running GPU pods in order of
 * creation (as the device plugin would), and a GPU behind a simulated engine reports the engine's load — utilization
 * from the share of time it spent running steps, memory from what vLLM preallocates (weights and the KV cache, 90 %
 * of the GPU) or, for diffusion, the weights plus the activations of the batch in flight. A GPU pod with no simulated
 * server (a training job) holds memory but is reported idle; the simulator does not model its work.
 */
export function gpusOfNode(store: ObjectStore, node: KubeObject, engines: EngineRegistry): GpuSample[] {
  const count = gpuCountOf(node);
  const totalMiB = Number(node.metadata.labels?.['nvidia.com/gpu.memory'] ?? 81_559);
  const modelName = (node.metadata.labels?.['nvidia.com/gpu.product'] ?? 'NVIDIA GPU').replace(/-/g, ' ');
  const owners: Array<{ pod: PodLike; container: string } | undefined> = [];
  const pods = (store.list('pods') as unknown as PodLike[])
    .filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp)
    .sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) || a.metadata.name.localeCompare(b.metadata.name));
  for (const pod of pods) {
    for (const c of pod.spec?.containers ?? []) {
      const n = Number(c.resources?.limits?.['nvidia.com/gpu'] ?? c.resources?.requests?.['nvidia.com/gpu'] ?? 0);
      for (let i = 0; i < n && owners.length < count; i++) owners.push({ pod, container: c.name });
    }
  }
  return Array.from({ length: count }, (_, index) => {
    const owner = owners[index];
    const served = owner ? engines.lookup(owner.pod.metadata.namespace ?? 'default', owner.pod.metadata.name) : undefined;
    const { util, memory } = owner ? loadOf(served) : { util: 0, memory: 0 };
    const usedMiB = Math.round(totalMiB * memory);
    return {
      index,
      uuid: gpuUuid(node.metadata.name, index),
      pciBusId: `00000000:${(0x18 + index * 0x10).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
      modelName,
      hostname: node.metadata.name,
      utilPercent: util * 100,
      usedMiB,
      freeMiB: totalMiB - usedMiB,
      ...(owner ? { pod: { namespace: owner.pod.metadata.namespace ?? 'default', name: owner.pod.metadata.name, container: served?.container ?? owner.container } } : {}),
    };
  });
}

function loadOf(served: ServedPod | undefined): { util: number; memory: number } {
  if (!served) return { util: 0, memory: 0.85 };
  const load = served.load?.();
  if (served.kind === 'vllm-omni' || served.kind === 'nunchaku') return { util: load?.busy ?? 0, memory: 0.55 + 0.35 * (load?.memory ?? 0) };
  return { util: load?.busy ?? 0, memory: 0.9 };
}

function gpuUuid(node: string, index: number): string {
  const h = createHash('sha1').update(`${node}/${index}`).digest('hex');
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
