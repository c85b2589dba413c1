import type { ClusterNimCache } from '../../cluster/nimCaches.js';
import type { NimCacheFacts } from './nimCacheFacts.js';

/**
 * The NIMCaches of a cluster as the NIMCache lint reads them (`ies lint --cluster`, the editor with the explorer
 * open): their selected and cached profiles and their placement. `context` names where they were read, for messages.
 */
export function nimCacheFactsFromCluster(caches: readonly ClusterNimCache[], context?: string): NimCacheFacts[] {
  return caches.map((c) => ({
    kind: 'nimcache' as const,
    documentIndex: -1,
    name: c.name,
    namespace: c.namespace,
    profiles: c.selectedProfiles,
    cachedProfiles: c.cachedProfiles,
    nodeSelector: c.placement.nodeSelector ?? {},
    tolerations: c.placement.tolerations ?? [],
    ...(context ? { source: `in cluster ${context}` } : {}),
  }));
}
