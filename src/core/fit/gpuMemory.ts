import type { NodeLike } from '../cluster/kubeTypes.js';

/** What one GPU (or MIG slice) the model lands on offers. */
export interface GpuTarget {
  /** Memory of one GPU or slice, GiB. */
  memoryGiB: number;
  /** How it is named to the user: `the h100 pool (NVIDIA-H100-80GB-HBM3)`, `a 1g.10gb MIG slice`, `a 24 GiB GPU`. */
  label: string;
}

/** GPU feature discovery labels (MiB). */
export const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';
export const GPU_PRODUCT_LABEL = 'nvidia.com/gpu.product';

/**
 * Memory (MiB) of common data-centre GPUs as GPU feature discovery reports them in `nvidia.com/gpu.memory`,
 * for manifests that name a product (nodeSelector nvidia.com/gpu.product) without a cluster to read.
 */
const PRODUCT_MEMORY_MIB: Array<[RegExp, number]> = [
  [/H200/i, 143771],
  [/H100.*NVL/i, 95830],
  [/H100|H800/i, 81559],
  [/B200/i, 183359],
  [/A100.*80GB/i, 81920],
  [/A100/i, 40960],
  [/L40S?\b|L40S/i, 46068],
  [/A10G/i, 23028],
  [/\bL4\b|-L4$/i, 23034],
  [/A10\b|-A10$/i, 23028],
  [/T4\b|-T4$/i, 15360],
  [/A6000|RTX-6000-Ada/i, 49140],
];

export function productMemoryMiB(product: string | undefined): number | undefined {
  if (!product) return undefined;
  return PRODUCT_MEMORY_MIB.find(([pattern]) => pattern.test(product))?.[1];
}

/**
 * A MIG profile's memory: GFD's `nvidia.com/mig-<profile>.memory` label when present, else the nominal size
 * in the profile name (`1g.10gb`) less the ~5 % the driver keeps (A100 80GB 1g.10gb = 9728 MiB = 9.5 GiB).
 */
export function migProfileGiB(profile: string, labels: Record<string, string> = {}): number | undefined {
  const name = profile.replace(/^nvidia\.com\/mig-/, '');
  const fromLabel = Number(labels[`nvidia.com/mig-${name}.memory`]);
  if (Number.isFinite(fromLabel) && fromLabel > 0) return fromLabel / 1024;
  const match = /(\d+)gb$/i.exec(name);
  return match ? Number(match[1]) * 0.95 : undefined;
}

/** Memory of one GPU of a node from its labels (`nvidia.com/gpu.memory` MiB, else the product's), GiB. */
export function nodeGpuMemoryGiB(node: NodeLike): number | undefined {
  const labels = node.metadata?.labels ?? {};
  const mib = Number(labels[GPU_MEMORY_LABEL]);
  if (Number.isFinite(mib) && mib > 0) return mib / 1024;
  const fromProduct = productMemoryMiB(labels[GPU_PRODUCT_LABEL]);
  return fromProduct ? fromProduct / 1024 : undefined;
}

/** MIG resources (`nvidia.com/mig-1g.10gb`) a pod spec's limits ask for. */
export function requestedMigProfile(limits: Record<string, unknown> | undefined): string | undefined {
  return Object.keys(limits ?? {}).find((k) => k.startsWith('nvidia.com/mig-') && Number(limits![k]) > 0);
}

/**
 * The GPU a workload lands on among `nodes`: the MIG slice it requests, else the smallest whole GPU (the
 * scheduler may pick any node), else the largest MIG profile the nodes offer. Undefined without figures.
 */
export function targetFromNodes(nodes: readonly NodeLike[], poolName: string, migRequest?: string): GpuTarget | undefined {
  if (migRequest) {
    const labels = nodes.find((n) => n.status?.allocatable?.[migRequest] ?? n.status?.capacity?.[migRequest])?.metadata?.labels ?? {};
    const gib = migProfileGiB(migRequest, labels);
    return gib ? { memoryGiB: gib, label: `a ${migRequest.replace('nvidia.com/mig-', '')} MIG slice of the ${poolName} pool` } : undefined;
  }
  const whole = nodes.filter((n) => Number(n.status?.allocatable?.['nvidia.com/gpu'] ?? n.status?.capacity?.['nvidia.com/gpu'] ?? 0) > 0);
  const sizes = whole.map(nodeGpuMemoryGiB).filter((g): g is number => g !== undefined);
  if (sizes.length) {
    const product = whole[0].metadata?.labels?.[GPU_PRODUCT_LABEL];
    return { memoryGiB: Math.min(...sizes), label: `the ${poolName} pool${product ? ` (${product})` : ''}` };
  }
  const migSizes = nodes.flatMap((n) => Object.keys(n.status?.allocatable ?? {}).filter((k) => k.startsWith('nvidia.com/mig-')).map((k) => ({ k, gib: migProfileGiB(k, n.metadata?.labels ?? {}) })));
  const best = migSizes.filter((m) => m.gib !== undefined).sort((a, b) => b.gib! - a.gib!)[0];
  return best ? { memoryGiB: best.gib!, label: `a ${best.k.replace('nvidia.com/mig-', '')} MIG slice of the ${poolName} pool` } : undefined;
}
