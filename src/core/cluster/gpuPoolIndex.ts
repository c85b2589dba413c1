import type { NodeLike, PodLike } from './kubeTypes.js';
import { GPU_RESOURCE, isGpuNode, isNodeReady, migCapacities, nodeGpuCapacity, poolOf, PRODUCT_LABEL, type GpuNodeSummary, type GpuPool, byPodName, poolFromNodes } from './gpuPools.js';
import { holdsResources, podRequest, podResourceNames } from './podRequests.js';

const MIG_PREFIX = 'nvidia.com/mig-';

/** What one pod takes from its node: GPUs and MIG slices. */
interface PodShare {
  node: string;
  namespace: string;
  name: string;
  gpus: number;
  mig: Record<string, number>;
}

interface NodeEntry {
  node?: NodeLike;
  pool?: { name: string; label?: string };
  gpu: boolean;
  capacity: number;
  migCapacity: Record<string, number>;
  cordoned: boolean;
  ready: boolean;
  taints: string[];
  product?: string;
  allocated: number;
  migAllocated: Record<string, number>;
  pods: Map<string, PodShare>;
}

/** Pool names whose figures a change touched, for the tree to refresh just those. */
export type PoolChange = Set<string>;

/**
 * GPU pools kept current event by event: a pod event adjusts its node's allocation (O(containers)), a node event
 * re-reads that node; pools are summed from their nodes only when read. Same figures as `computeGpuPools`.
 */
export class GpuPoolIndex {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly shares = new Map<string, PodShare>();
  private readonly poolNodes = new Map<string, Set<string>>();

  constructor(private readonly labelKeys: readonly string[]) {}

  upsertNode(node: NodeLike): PoolChange {
    const name = node.metadata?.name ?? '';
    const entry = this.entry(name);
    const changed: PoolChange = new Set();
    if (entry.pool) changed.add(entry.pool.name);
    this.leavePool(name, entry);
    entry.node = node;
    entry.gpu = isGpuNode(node);
    entry.capacity = nodeGpuCapacity(node);
    entry.migCapacity = migCapacities(node);
    entry.cordoned = node.spec?.unschedulable === true;
    entry.ready = isNodeReady(node);
    entry.taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
    entry.product = node.metadata?.labels?.[PRODUCT_LABEL];
    if (entry.gpu) {
      entry.pool = poolOf(node, this.labelKeys);
      let members = this.poolNodes.get(entry.pool.name);
      if (!members) this.poolNodes.set(entry.pool.name, (members = new Set()));
      members.add(name);
      changed.add(entry.pool.name);
    }
    return changed;
  }

  deleteNode(name: string): PoolChange {
    const entry = this.nodes.get(name);
    if (!entry) return new Set();
    const changed: PoolChange = new Set(entry.pool ? [entry.pool.name] : []);
    this.leavePool(name, entry);
    entry.node = undefined;
    entry.gpu = false;
    if (entry.pods.size === 0) this.nodes.delete(name);
    return changed;
  }

  /** `key` is the pod's namespace/name; a pod that holds no GPUs (or no longer does) is simply dropped. */
  upsertPod(key: string, pod: PodLike): PoolChange {
    const share = shareOf(pod);
    const before = this.shares.get(key);
    if (!share && !before) return new Set();
    if (share && before && sameShare(share, before)) return new Set();
    const changed: PoolChange = new Set();
    if (before) this.release(key, before, changed);
    if (share) {
      this.shares.set(key, share);
      const entry = this.entry(share.node);
      entry.pods.set(key, share);
      entry.allocated += share.gpus;
      for (const [resource, amount] of Object.entries(share.mig)) entry.migAllocated[resource] = (entry.migAllocated[resource] ?? 0) + amount;
      if (entry.pool) changed.add(entry.pool.name);
    }
    return changed;
  }

  deletePod(key: string): PoolChange {
    const before = this.shares.get(key);
    const changed: PoolChange = new Set();
    if (before) this.release(key, before, changed);
    return changed;
  }

  poolNames(): string[] {
    return [...this.poolNodes.keys()].sort();
  }

  pool(name: string): GpuPool | undefined {
    const members = this.poolNodes.get(name);
    if (!members) return undefined;
    let label: string | undefined;
    const summaries: GpuNodeSummary[] = [];
    for (const nodeName of members) {
      label ??= this.nodes.get(nodeName)!.pool?.label;
      summaries.push(this.nodeSummary(nodeName)!);
    }
    return poolFromNodes(name, label, summaries);
  }

  pools(): GpuPool[] {
    return this.poolNames().map((name) => this.pool(name)!);
  }

  /** The pool a GPU node belongs to. */
  poolOfNode(nodeName: string): string | undefined {
    return this.nodes.get(nodeName)?.pool?.name;
  }

  nodeSummary(name: string): GpuNodeSummary | undefined {
    const entry = this.nodes.get(name);
    if (!entry?.node || !entry.gpu) return undefined;
    const mig: GpuNodeSummary['mig'] = {};
    for (const [resource, capacity] of Object.entries(entry.migCapacity)) mig[resource] = { capacity, allocated: 0 };
    for (const [resource, allocated] of Object.entries(entry.migAllocated)) {
      if (allocated === 0) continue;
      mig[resource] ??= { capacity: 0, allocated: 0 };
      mig[resource].allocated = allocated;
    }
    const sortedMig: GpuNodeSummary['mig'] = {};
    for (const resource of Object.keys(mig).sort()) sortedMig[resource] = mig[resource];
    return {
      name,
      gpuProduct: entry.product,
      capacity: entry.capacity,
      allocated: entry.allocated,
      free: entry.cordoned || !entry.ready ? 0 : Math.max(0, entry.capacity - entry.allocated),
      cordoned: entry.cordoned,
      ready: entry.ready,
      taints: entry.taints,
      mig: sortedMig,
      gpuPods: [...entry.pods.values()].map((s) => ({ namespace: s.namespace, name: s.name, gpus: s.gpus, mig: s.mig })).sort(byPodName),
    };
  }

  private release(key: string, share: PodShare, changed: PoolChange): void {
    this.shares.delete(key);
    const entry = this.nodes.get(share.node);
    if (!entry) return;
    entry.pods.delete(key);
    entry.allocated -= share.gpus;
    for (const [resource, amount] of Object.entries(share.mig)) entry.migAllocated[resource] -= amount;
    if (entry.pool) changed.add(entry.pool.name);
    if (!entry.node && entry.pods.size === 0) this.nodes.delete(share.node);
  }

  private leavePool(name: string, entry: NodeEntry): void {
    if (!entry.pool) return;
    const members = this.poolNodes.get(entry.pool.name);
    members?.delete(name);
    if (members?.size === 0) this.poolNodes.delete(entry.pool.name);
    entry.pool = undefined;
  }

  private entry(name: string): NodeEntry {
    let entry = this.nodes.get(name);
    if (!entry) {
      entry = { gpu: false, capacity: 0, migCapacity: {}, cordoned: false, ready: false, taints: [], allocated: 0, migAllocated: {}, pods: new Map() };
      this.nodes.set(name, entry);
    }
    return entry;
  }
}

function shareOf(pod: PodLike): PodShare | undefined {
  if (!holdsResources(pod)) return undefined;
  const gpus = podRequest(pod, GPU_RESOURCE);
  const mig: Record<string, number> = {};
  for (const resource of podResourceNames(pod)) {
    if (!resource.startsWith(MIG_PREFIX)) continue;
    const amount = podRequest(pod, resource);
    if (amount > 0) mig[resource] = amount;
  }
  if (gpus <= 0 && Object.keys(mig).length === 0) return undefined;
  return { node: pod.spec!.nodeName!, namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', gpus, mig };
}

function sameShare(a: PodShare, b: PodShare): boolean {
  if (a.node !== b.node || a.gpus !== b.gpus) return false;
  const keys = Object.keys(a.mig);
  return keys.length === Object.keys(b.mig).length && keys.every((k) => a.mig[k] === b.mig[k]);
}
