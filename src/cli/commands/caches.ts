import { profileCount, type ClusterNimCache } from '../../core/cluster/nimCaches.js';
import { loadClusterSnapshot } from '../../core/kube/clusterSnapshot.js';
import type { CliIo } from '../io.js';
import { EXIT_OK } from '../usageError.js';
import { clusterFailure, parseClusterArgs, table } from './pools.js';

export const cachesHelp = `Usage: ies caches [options]

NIMCaches of a cluster: state, PVC and its size, selected and cached profiles, the caching job's pod, and the
NIMServices that mount each cache (spec.storage.nimCache.name).

Options:
  --kubeconfig FILE         kubeconfig (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context (default current-context)
  -n, --namespace NS        only this namespace (repeatable)
  --format text|json        output format (default text)

Exit codes: 0 ok (also when the NIM Operator is not installed), 2 usage error or cluster unreachable / forbidden.`;

export function cacheJson(c: ClusterNimCache) {
  return {
    namespace: c.namespace,
    name: c.name,
    state: c.state,
    model: c.model,
    pvc: c.pvc,
    selectedProfiles: c.selectedProfiles,
    cachedProfiles: c.cachedProfiles,
    cachingPod: c.cachingPods[0],
    usedBy: c.usedBy,
    conditions: c.conditions,
  };
}

export function formatCachesText(caches: ClusterNimCache[], crdInstalled: boolean): string {
  if (!crdInstalled) return 'NIM Operator not installed (no NIMCache CRD): https://docs.nvidia.com/nim-operator/latest/install.html\n';
  if (!caches.length) return 'no NIMCaches\n';
  const rows = [['NAMESPACE', 'NAME', 'STATE', 'PVC', 'SIZE', 'PROFILES', 'POD', 'USED BY']];
  for (const c of caches) {
    const profiles = profileCount(c);
    rows.push([c.namespace, c.name, c.state, c.pvc.name, c.pvc.size ?? '-', profiles ? String(profiles) : 'auto', c.cachingPods[0] ?? '-', c.usedBy.join(',') || '-']);
  }
  return table(rows);
}

export async function runCaches(args: string[], io: CliIo): Promise<number> {
  const values = parseClusterArgs(args, { namespace: { type: 'string', multiple: true, short: 'n' } as never });
  if (values.help) {
    io.out(cachesHelp + '\n');
    return EXIT_OK;
  }
  const cache = await loadClusterSnapshot({ kubeconfig: values.kubeconfig, context: values.context, env: io.env }).catch((e) => clusterFailure(e, values.context));
  try {
    const error = cache.nimCacheError;
    if (error && error.kind !== 'notFound') clusterFailure(error, values.context);
    const crdInstalled = !error;
    const caches = crdInstalled ? cache.nimCaches(values.namespace as string[] | undefined) : [];
    io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, nimCacheCrdInstalled: crdInstalled, caches: caches.map(cacheJson) }) + '\n' : formatCachesText(caches, crdInstalled));
    return EXIT_OK;
  } finally {
    cache.dispose();
  }
}
