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
  const migProfiles = Object.entries((node as { status?: { capacity?: Record<string, string> } }).status?.capacity ?? {})
    .filter(([k]) => k.startsWith('nvidia.com/mig-'));
  if (migProfiles.length) return migInstancesOfNode(store, node, migProfiles);
  const count = gpuCountOf(node);
  const totalMiB = Number(node.metadata.labels?.['nvidia.com/gpu.memory'] ?? 81_559);
  const modelName = (node.metadata.labels?.['nvidia.com/gpu.product'] ?? 'NVIDIA GPU').replace(/-/g, ' ');
  const owners: Array<{ pod: PodLike; container: string } | undefined> = [];
  for (const pod of runningPodsOn(store, node.metadata.name)) {
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

/**
 * A MIG node: GPU 0 split into instances (one per `nvidia.com/mig-<profile>` the device plugin advertises), each
 * reported with GPU_I_PROFILE / GPU_I_ID, its share of the memory and the pod holding it; no utilization (DCGM reports
 * none per MIG instance).
 */
function migInstancesOfNode(store: ObjectStore, node: KubeObject, profiles: Array<[string, string]>): GpuSample[] {
  const pods = runningPodsOn(store, node.metadata.name);
  const modelName = (node.metadata.labels?.['nvidia.com/gpu.product'] ?? 'NVIDIA GPU').replace(/-/g, ' ');
  const samples: GpuSample[] = [];
  let id = 1;
  for (const [resource, countText] of profiles) {
    const profile = resource.slice('nvidia.com/mig-'.length);
    const totalMiB = Math.round(Number(/(\d+)gb$/.exec(profile)?.[1] ?? 10) * 1024 * 0.975);
    const owners: Array<{ pod: PodLike; container: string }> = [];
    for (const pod of pods) {
      for (const c of pod.spec?.containers ?? []) {
        const n = Number(c.resources?.limits?.[resource] ?? c.resources?.requests?.[resource] ?? 0);
        for (let i = 0; i < n; i++) owners.push({ pod, container: c.name });
      }
    }
    for (let i = 0; i < Number(countText); i++, id++) {
      const owner = owners[i];
      const usedMiB = owner ? Math.round(totalMiB * 0.85) : 0;
      samples.push({
        index: 0, uuid: gpuUuid(node.metadata.name, 0), pciBusId: '00000000:18:00.0', modelName, hostname: node.metadata.name,
        instance: { profile, id }, usedMiB, freeMiB: totalMiB - usedMiB,
        ...(owner ? { pod: { namespace: owner.pod.metadata.namespace ?? 'default', name: owner.pod.metadata.name, container: owner.container } } : {}),
      });
    }
  }
  return samples;
}

function runningPodsOn(store: ObjectStore, nodeName: string): PodLike[] {
  return (store.list('pods') as unknown as PodLike[])
    .filter((p) => p.spec?.nodeName === nodeName && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp)
    .sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')) || a.metadata.name.localeCompare(b.metadata.name));
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
