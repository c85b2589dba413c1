import { gpusPerReplica, type NimService } from '../kube/nimService.js';
import type { NodeLike } from './kubeTypes.js';
import type { ClusterNimCache } from './nimCaches.js';
import { compatibleProfiles, poolFacts, type Placement, type ProfileCompatibility } from './nimProfiles.js';

export interface CompatibleProfilesReport {
  /** `NIMCache ns/name` or `NIMService ns/name (cache ns/name)`. */
  target: string;
  cache?: { namespace: string; name: string; state: string };
  rows: ProfileCompatibility[];
  /** Why there is nothing to list (no cache, or a cache with no profile known yet). */
  note?: string;
}

/** A NIMCache's profiles against the pools its caching job may land on (its nodeSelector and tolerations). */
export function cacheProfilesReport(cache: ClusterNimCache, nodes: readonly NodeLike[], labelKeys?: readonly string[]): CompatibleProfilesReport {
  const rows = compatibleProfiles(cache, poolFacts(nodes, labelKeys), cache.placement);
  return {
    target: `NIMCache ${cache.namespace}/${cache.name}`,
    cache: { namespace: cache.namespace, name: cache.name, state: cache.state },
    rows,
    ...(rows.length ? {} : { note: cache.stateClass === 'Ready' ? 'The cache reports no profiles (all profiles, or a Hugging Face model).' : `No profile known yet: the cache is ${cache.state} and names no profile (the operator selects them for the GPUs it finds).` }),
  };
}

/** The profiles of the cache a NIMService mounts, against the pools the NIMService may land on and the GPUs it requests. */
export function nimServiceProfilesReport(nim: NimService & { spec?: { tolerations?: Placement['tolerations'] } }, cache: ClusterNimCache | undefined, nodes: readonly NodeLike[], labelKeys?: readonly string[]): CompatibleProfilesReport {
  const target = `NIMService ${nim.metadata?.namespace}/${nim.metadata?.name}`;
  const cacheName = nim.spec?.storage?.nimCache?.name;
  if (!cacheName) return { target, rows: [], note: 'The NIMService mounts no NIMCache (spec.storage.nimCache.name).' };
  if (!cache) return { target, rows: [], note: `NIMCache ${cacheName} not found in ${nim.metadata?.namespace}.` };
  const placement: Placement = { nodeSelector: nim.spec?.nodeSelector, tolerations: nim.spec?.tolerations };
  const gpus = gpusPerReplica(nim);
  const rows = compatibleProfiles(cache, poolFacts(nodes, labelKeys), placement, gpus || undefined);
  return {
    target: `${target} (NIMCache ${cache.name})`,
    cache: { namespace: cache.namespace, name: cache.name, state: cache.state },
    rows,
    ...(rows.length ? {} : { note: `NIMCache ${cache.name} is ${cache.state} and names no profile yet.` }),
  };
}
