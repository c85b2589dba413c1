import { DEFAULT_POOL_LABEL_KEYS, isGpuNode, poolOf } from '../cluster/gpuPools.js';
import type { NodeLike } from '../cluster/kubeTypes.js';
import { GPU_PRODUCT_LABEL, migProfileGiB, productMemoryMiB, targetFromNodes, type GpuTarget } from './gpuMemory.js';
import type { ServingPlan } from './servingPlan.js';

/** The GPU a manifest names by itself: a MIG slice in its limits, or nodeSelector nvidia.com/gpu.product. */
export function targetFromManifest(plan: ServingPlan): GpuTarget | undefined {
  if (plan.migProfile) {
    const gib = migProfileGiB(plan.migProfile);
    if (gib) return { memoryGiB: gib, label: `a ${plan.migProfile.replace('nvidia.com/mig-', '')} MIG slice` };
  }
  const product = plan.nodeSelector[GPU_PRODUCT_LABEL];
  const mib = productMemoryMiB(product);
  return mib ? { memoryGiB: mib / 1024, label: product } : undefined;
}

/** GPU nodes of pool `pool` (named as `ies pools` names it). */
export function poolNodes(nodes: readonly NodeLike[], pool: string, labelKeys: readonly string[] = DEFAULT_POOL_LABEL_KEYS): NodeLike[] {
  return nodes.filter((n) => isGpuNode(n) && poolOf(n, labelKeys).name === pool);
}

/** The GPU of pool `pool` the plan lands on; undefined when the pool has no GPU memory figures. */
export function targetFromPool(nodes: readonly NodeLike[], pool: string, plan: ServingPlan, labelKeys?: readonly string[]): GpuTarget | undefined {
  return targetFromNodes(poolNodes(nodes, pool, labelKeys), pool, plan.migProfile);
}

/** A user-given size (`--gpu-memory-gib 80`). */
export function targetFromGiB(gib: number): GpuTarget {
  return { memoryGiB: gib, label: `a ${gib} GiB GPU` };
}
