import { parseQuantity } from '../nimservice/quantity.js';
import type { NodeLike, PodLike } from './kubeTypes.js';
import { holdsResources, podRequest, podResourceNames } from './podRequests.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';
const MIG_PREFIX = 'nvidia.com/mig-';
export const PRODUCT_LABEL = 'nvidia.com/gpu.product';

/** Label keys that name a node's pool, most specific first (a setting in the extension). */
export const DEFAULT_POOL_LABEL_KEYS = [
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  PRODUCT_LABEL,
];

export interface GpuNodeSummary {
  name: string;
  gpuProduct?: string;
  capacity: number;
  allocated: number;
  /** 0 when the node is cordoned or NotReady. */
  free: number;
  cordoned: boolean;
  ready: boolean;
  taints: string[];
  mig: Record<string, { capacity: number; allocated: number }>;
  /** Pods holding GPUs (or MIG slices) on this node. */
  gpuPods: Array<{ namespace: string; name: string; gpus: number; mig: Record<string, number> }>;
}

export interface GpuPool {
  name: string;
  /** The label that formed the pool, e.g. `karpenter.sh/nodepool=h100`; undefined for unlabelled nodes. */
  label?: string;
  gpuProduct?: string;
  nodes: number;
  capacity: number;
  allocated: number;
  free: number;
  mig: Record<string, { capacity: number; allocated: number }>;
  unschedulableNodes: number;
  nodeSummaries: GpuNodeSummary[];
}

/** Allocatable GPUs of a node (capacity when allocatable is absent). */
export function nodeGpuCapacity(node: NodeLike): number {
  return allocatable(node, GPU_RESOURCE);
}

/** Allocatable slices per MIG profile, e.g. `{ 'nvidia.com/mig-1g.10gb': 7 }`. */
export function migCapacities(node: NodeLike): Record<string, number> {
  const out: Record<string, number> = {};
  for (const resource of migResources(node)) out[resource] = allocatable(node, resource);
  return out;
}

function allocatable(node: NodeLike, resource: string): number {
  return parseQuantity(node.status?.allocatable?.[resource] ?? node.status?.capacity?.[resource]) ?? 0;
}

function migResources(node: NodeLike): string[] {
  const keys = new Set([...Object.keys(node.status?.allocatable ?? {}), ...Object.keys(node.status?.capacity ?? {})]);
  return [...keys].filter((k) => k.startsWith(MIG_PREFIX)).sort();
}

export function isGpuNode(node: NodeLike): boolean {
  return allocatable(node, GPU_RESOURCE) > 0 || migResources(node).some((r) => allocatable(node, r) > 0);
}

export function isNodeReady(node: NodeLike): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

export function poolOf(node: NodeLike, labelKeys: readonly string[]): { name: string; label?: string } {
  const labels = node.metadata?.labels ?? {};
  for (const key of labelKeys) {
    const value = labels[key];
    if (value) return { name: value, label: `${key}=${value}` };
  }
  return { name: '(no pool label)' };
}

export function summarizeNode(node: NodeLike, pods: readonly PodLike[]): GpuNodeSummary {
  const name = node.metadata?.name ?? '';
  const capacity = allocatable(node, GPU_RESOURCE);
  const mig: GpuNodeSummary['mig'] = {};
  for (const resource of migResources(node)) mig[resource] = { capacity: allocatable(node, resource), allocated: 0 };
  let allocated = 0;
  const gpuPods: GpuNodeSummary['gpuPods'] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== name || !holdsResources(pod)) continue;
    const gpus = podRequest(pod, GPU_RESOURCE);
    const podMig: Record<string, number> = {};
    for (const resource of podResourceNames(pod)) {
      if (!resource.startsWith(MIG_PREFIX)) continue;
      const amount = podRequest(pod, resource);
      if (amount <= 0) continue;
      podMig[resource] = amount;
      mig[resource] ??= { capacity: 0, allocated: 0 };
      mig[resource].allocated += amount;
    }
    allocated += gpus;
    if (gpus > 0 || Object.keys(podMig).length) gpuPods.push({ namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', gpus, mig: podMig });
  }
  const cordoned = node.spec?.unschedulable === true;
  const ready = isNodeReady(node);
  return {
    name,
    gpuProduct: node.metadata?.labels?.[PRODUCT_LABEL],
    capacity,
    allocated,
    free: cordoned || !ready ? 0 : Math.max(0, capacity - allocated),
    cordoned,
    ready,
    taints: (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
    mig,
    gpuPods: gpuPods.sort(byPodName),
  };
}

/** A pool's totals from its nodes' summaries: cordoned and NotReady nodes add capacity but no free GPUs. */
export function poolFromNodes(name: string, label: string | undefined, summaries: readonly GpuNodeSummary[]): GpuPool {
  const pool: GpuPool = { name, label, nodes: 0, capacity: 0, allocated: 0, free: 0, mig: {}, unschedulableNodes: 0, nodeSummaries: [] };
  for (const summary of summaries) {
    pool.nodes++;
    pool.capacity += summary.capacity;
    pool.allocated += summary.allocated;
    pool.free += summary.free;
    if (summary.cordoned || !summary.ready) pool.unschedulableNodes++;
    for (const [resource, counts] of Object.entries(summary.mig)) {
      pool.mig[resource] ??= { capacity: 0, allocated: 0 };
      pool.mig[resource].capacity += counts.capacity;
      pool.mig[resource].allocated += counts.allocated;
    }
    pool.nodeSummaries.push(summary);
  }
  pool.gpuProduct = mostCommon(pool.nodeSummaries.map((n) => n.gpuProduct).filter((p): p is string => Boolean(p)));
  pool.nodeSummaries.sort((a, b) => a.name.localeCompare(b.name));
  return pool;
}

/** Groups GPU nodes into pools by the first pool label each has, with capacity, allocation and free GPUs. */
export function computeGpuPools(nodes: readonly NodeLike[], pods: readonly PodLike[], labelKeys: readonly string[] = DEFAULT_POOL_LABEL_KEYS): GpuPool[] {
  const podsByNode = new Map<string, PodLike[]>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) continue;
    let list = podsByNode.get(nodeName);
    if (!list) podsByNode.set(nodeName, (list = []));
    list.push(pod);
  }
  const members = new Map<string, { label?: string; summaries: GpuNodeSummary[] }>();
  for (const node of nodes) {
    if (!isGpuNode(node)) continue;
    const { name, label } = poolOf(node, labelKeys);
    let pool = members.get(name);
    if (!pool) members.set(name, (pool = { label, summaries: [] }));
    pool.summaries.push(summarizeNode(node, podsByNode.get(node.metadata?.name ?? '') ?? []));
  }
  const pools = [...members.entries()].map(([name, { label, summaries }]) => poolFromNodes(name, label, summaries));
  return pools.sort((a, b) => a.name.localeCompare(b.name));
}

export function byPodName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

export function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
