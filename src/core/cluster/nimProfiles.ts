import { isGpuNode, nodeGpuCapacity, poolOf, PRODUCT_LABEL, DEFAULT_POOL_LABEL_KEYS } from './gpuPools.js';
import type { NodeLike } from './kubeTypes.js';

/** A NIM model profile as a NIMCache reports it (status.profiles[].config) or as its name spells it. */
export interface NimProfileFacts {
  /** The id (64 hex digits) or the human-readable name the spec used. */
  id: string;
  /** `tensorrt_llm-h100-bf16-tp1-throughput`: from the tags' `name`, else the id when it is a name. */
  name?: string;
  engine?: string;
  precision?: string;
  tensorParallel?: number;
  pipelineParallel?: number;
  /** The `gpu` tag (`H100`, `L40S`…): the profile runs only on that GPU; absent for generic (vLLM) profiles. */
  gpu?: string;
  qos?: string;
}

const NAME = /^(tensorrt_llm|vllm|sglang|trtllm)-(?:([a-z0-9_]+)-)??(bf16|fp16|fp8|int8|int4_awq|int4|nvfp4|mxfp4|w4a16)-tp(\d+)(?:-pp(\d+))?(?:-(throughput|latency))?/i;

/** Tags of a profile from its human-readable name (`tensorrt_llm-h100-bf16-tp2-latency`, `vllm-bf16-tp1`); `{}` for an id. */
export function parseProfileName(name: string): Omit<NimProfileFacts, 'id'> {
  const m = NAME.exec(name);
  if (!m) return {};
  return {
    name,
    engine: m[1].toLowerCase(),
    ...(m[2] ? { gpu: m[2].toUpperCase() } : {}),
    precision: m[3].toLowerCase(),
    tensorParallel: Number(m[4]),
    pipelineParallel: m[5] ? Number(m[5]) : 1,
    ...(m[6] ? { qos: m[6].toLowerCase() } : {}),
  };
}

/** A profile from the operator's status entry (name = id, config = the manifest's tags). */
export function profileFromStatus(entry: { name: string; config?: Record<string, string> }): NimProfileFacts {
  const tags = entry.config ?? {};
  const fromName = parseProfileName(tags.name ?? entry.name);
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  return {
    ...fromName,
    id: entry.name,
    ...(tags.llm_engine ? { engine: tags.llm_engine } : {}),
    ...(tags.precision ? { precision: tags.precision } : {}),
    ...(num(tags.tp) !== undefined ? { tensorParallel: num(tags.tp) } : {}),
    ...(num(tags.pp) !== undefined ? { pipelineParallel: num(tags.pp) } : {}),
    ...(tags.gpu ? { gpu: tags.gpu } : {}),
    ...(tags.profile ? { qos: tags.profile } : {}),
  };
}

/** GPUs one replica of a profile needs: tensor × pipeline parallel (undefined when the tags do not say). */
export function profileGpus(p: NimProfileFacts): number | undefined {
  return p.tensorParallel === undefined ? undefined : p.tensorParallel * (p.pipelineParallel ?? 1);
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Where a pod may land: its nodeSelector and tolerations. */
export interface Placement {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

export interface PoolFacts {
  name: string;
  gpuProduct?: string;
  /** Most GPUs on one node of the pool. */
  gpusPerNode: number;
  nodes: Array<{ name: string; labels: Record<string, string>; taints: Array<{ key?: string; value?: string; effect?: string }> }>;
}

/** GPU pools from nodes, grouped the way the explorer groups them (the first pool label a node carries). */
export function poolFacts(nodes: readonly NodeLike[], labelKeys: readonly string[] = DEFAULT_POOL_LABEL_KEYS): PoolFacts[] {
  const pools = new Map<string, PoolFacts>();
  for (const node of nodes) {
    if (!isGpuNode(node)) continue;
    const { name } = poolOf(node, labelKeys);
    const labels = node.metadata?.labels ?? {};
    const pool = pools.get(name) ?? { name, gpuProduct: labels[PRODUCT_LABEL], gpusPerNode: 0, nodes: [] };
    pool.gpusPerNode = Math.max(pool.gpusPerNode, nodeGpuCapacity(node));
    pool.gpuProduct ??= labels[PRODUCT_LABEL];
    pool.nodes.push({ name: node.metadata?.name ?? '', labels, taints: node.spec?.taints ?? [] });
    pools.set(name, pool);
  }
  return [...pools.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function tolerates(tolerations: readonly Toleration[], taint: { key?: string; value?: string; effect?: string }): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why no node of the pool takes a pod with this placement; undefined when one does. */
export function poolRefusal(pool: PoolFacts, placement: Placement = {}): string | undefined {
  const selector = Object.entries(placement.nodeSelector ?? {});
  const selected = pool.nodes.filter((n) => selector.every(([k, v]) => n.labels[k] === v));
  if (!selected.length) return `nodeSelector ${selector.map(([k, v]) => `${k}=${v}`).join(', ')} matches no node`;
  const tolerated = selected.filter((n) => n.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute').every((t) => tolerates(placement.tolerations ?? [], t)));
  if (!tolerated.length) {
    const taints = [...new Set(selected.flatMap((n) => n.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute').map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`)))];
    return `taint ${taints.join(', ')} not tolerated`;
  }
  return undefined;
}

/** A profile's `gpu` tag names the product label's GPU: `H100` in `NVIDIA-H100-80GB-HBM3`, `H100_NVL` in `NVIDIA-H100-NVL`. */
export function gpuMatchesProduct(gpu: string, product: string | undefined): boolean {
  const norm = (text: string) => text.toLowerCase().replace(/[_\s]+/g, '-');
  return norm(product ?? '').includes(norm(gpu));
}

/** Why a profile cannot run on the pool (its GPU, its GPU count per node); undefined when it can. */
export function profileRefusal(profile: NimProfileFacts, pool: PoolFacts): string | undefined {
  if (profile.gpu && !gpuMatchesProduct(profile.gpu, pool.gpuProduct)) return `built for ${profile.gpu}, the pool has ${pool.gpuProduct ?? 'no GPU product label'}`;
  const gpus = profileGpus(profile);
  if (gpus !== undefined && gpus > pool.gpusPerNode) return `needs ${gpus} GPUs on one node, the pool has ${pool.gpusPerNode}`;
  return undefined;
}

export interface ProfileCompatibility {
  profile: NimProfileFacts;
  /** The profile is in the cache (status.profiles) / was asked for (spec profiles). */
  cached: boolean;
  selected: boolean;
  /** Pools where the profile runs and the pod may land. */
  pools: string[];
  /** The GPU count a NIMService asks for differs from the profile's tensor × pipeline parallel size. */
  gpuCountMismatch?: { requested: number; profile: number };
  compatible: boolean;
  /** Per pool that does not fit: why. */
  reasons: string[];
}

export interface CacheProfilesInput {
  selectedProfiles: string[];
  cachedProfiles: Array<{ name: string; config?: Record<string, string> }>;
}

/** The profiles a cache holds (status) and was asked for (spec), once each: cached ones first with their tags. */
export function cacheProfileList(cache: CacheProfilesInput): Array<{ profile: NimProfileFacts; cached: boolean; selected: boolean }> {
  const out = cache.cachedProfiles.map((p) => {
    const profile = profileFromStatus(p);
    return { profile, cached: true, selected: cache.selectedProfiles.includes(p.name) || (!!profile.name && cache.selectedProfiles.includes(profile.name)) };
  });
  for (const s of cache.selectedProfiles) {
    if (s === 'all' || out.some((o) => o.profile.id === s || o.profile.name === s)) continue;
    out.push({ profile: { id: s, ...parseProfileName(s) }, cached: false, selected: true });
  }
  return out;
}

/**
 * Each profile of a cache against the GPU pools: where it runs (its GPU, enough GPUs on a node) and where the
 * pod may land (nodeSelector, tolerations); for a NIMService, also whether its GPU request equals the profile's
 * tensor × pipeline parallel size.
 */
export function compatibleProfiles(cache: CacheProfilesInput, pools: readonly PoolFacts[], placement: Placement = {}, gpusRequested?: number): ProfileCompatibility[] {
  return cacheProfileList(cache).map(({ profile, cached, selected }) => {
    const reasons: string[] = [];
    const fits: string[] = [];
    for (const pool of pools) {
      const why = poolRefusal(pool, placement) ?? profileRefusal(profile, pool);
      if (why) reasons.push(`${pool.name}: ${why}`);
      else fits.push(pool.name);
    }
    const gpus = profileGpus(profile);
    const gpuCountMismatch = gpusRequested !== undefined && gpus !== undefined && gpus !== gpusRequested ? { requested: gpusRequested, profile: gpus } : undefined;
    return { profile, cached, selected, pools: fits, ...(gpuCountMismatch ? { gpuCountMismatch } : {}), compatible: fits.length > 0 && !gpuCountMismatch, reasons };
  });
}

/** One line per profile: `✓ tensorrt_llm-h100-bf16-tp1-throughput (cached) — h100` / `✗ … — l40s: built for H100 …`. */
export function describeCompatibility(row: ProfileCompatibility): string {
  const label = row.profile.name ?? row.profile.id;
  const state = row.cached ? 'cached' : 'selected, not cached yet';
  const tags = [row.profile.engine, row.profile.gpu, row.profile.precision, row.profile.tensorParallel !== undefined ? `tp${row.profile.tensorParallel}` : undefined].filter(Boolean).join(' ');
  const where = row.compatible
    ? `runs on ${row.pools.join(', ')}`
    : row.gpuCountMismatch
      ? `needs ${row.gpuCountMismatch.profile} GPU(s), the NIMService requests ${row.gpuCountMismatch.requested}`
      : row.reasons.join('; ') || 'no GPU pool';
  return `${row.compatible ? '✓' : '✗'} ${label} (${state}${tags ? `; ${tags}` : ''}) — ${where}`;
}
