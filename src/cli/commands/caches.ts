import { profileCount, type ClusterNimCache } from '../../core/cluster/nimCaches.js';
import { cacheProfilesReport, nimServiceProfilesReport, type CompatibleProfilesReport } from '../../core/cluster/nimProfileTargets.js';
import { describeCompatibility } from '../../core/cluster/nimProfiles.js';
import type { NimService } from '../../core/kube/nimService.js';
import { UsageError } from '../usageError.js';
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
  --profiles                each cache's profiles (cached and selected) with the GPU pools they run on: the
                            profile's GPU (gpu tag) and tensor × pipeline parallel size against the pools the
                            caching job may land on (its nodeSelector and tolerations)
  --service NAME            the profiles of the NIMCache this NIMService mounts, against the pools the NIMService
                            may land on and the GPUs it requests (with -n NS)

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

export function profilesReportJson(r: CompatibleProfilesReport) {
  return {
    target: r.target,
    ...(r.cache ? { cache: r.cache } : {}),
    ...(r.note ? { note: r.note } : {}),
    profiles: r.rows.map((row) => ({
      id: row.profile.id,
      name: row.profile.name,
      engine: row.profile.engine,
      gpu: row.profile.gpu,
      precision: row.profile.precision,
      tensorParallel: row.profile.tensorParallel,
      pipelineParallel: row.profile.pipelineParallel,
      cached: row.cached,
      selected: row.selected,
      compatible: row.compatible,
      pools: row.pools,
      ...(row.gpuCountMismatch ? { gpuCountMismatch: row.gpuCountMismatch } : {}),
      reasons: row.reasons,
    })),
  };
}

export function formatProfilesText(reports: CompatibleProfilesReport[]): string {
  return reports.map((r) => [`${r.target}${r.cache ? ` — ${r.cache.state}` : ''}`, ...(r.note ? [`  ${r.note}`] : []), ...r.rows.map((row) => `  ${describeCompatibility(row)}`)].join('\n') + '\n').join('\n');
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
  const values = parseClusterArgs(args, { namespace: { type: 'string', multiple: true, short: 'n' } as never, profiles: { type: 'boolean' } as never, service: { type: 'string' } });
  const namespaces = values.namespace as string[] | undefined;
  if (values.service && namespaces?.length !== 1) throw new UsageError('--service NAME needs exactly one -n NAMESPACE');
  if (values.help) {
    io.out(cachesHelp + '\n');
    return EXIT_OK;
  }
  const cache = await loadClusterSnapshot({ kubeconfig: values.kubeconfig, context: values.context, env: io.env }).catch((e) => clusterFailure(e, values.context));
  try {
    const error = cache.nimCacheError;
    if (error && error.kind !== 'notFound') clusterFailure(error, values.context);
    const crdInstalled = !error;
    const caches = crdInstalled ? cache.nimCaches(namespaces) : [];
    const nodes = [...cache.informers.nodes.items.values()];
    if (values.service) {
      const ns = namespaces![0];
      const nim = cache.informers.nimServices.items.get(`${ns}/${values.service}`) as NimService | undefined;
      if (!nim) throw new UsageError(`NIMService ${ns}/${values.service} not found`);
      const report = nimServiceProfilesReport(nim as never, cache.nimCache(ns, nim.spec?.storage?.nimCache?.name ?? ''), nodes);
      io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, ...profilesReportJson(report) }) + '\n' : formatProfilesText([report]));
      return EXIT_OK;
    }
    if (values.profiles) {
      const reports = caches.map((c) => cacheProfilesReport(c, nodes));
      io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, nimCacheCrdInstalled: crdInstalled, caches: reports.map(profilesReportJson) }) + '\n' : crdInstalled ? (reports.length ? formatProfilesText(reports) : 'no NIMCaches\n') : formatCachesText([], false));
      return EXIT_OK;
    }
    io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, nimCacheCrdInstalled: crdInstalled, caches: caches.map(cacheJson) }) + '\n' : formatCachesText(caches, crdInstalled));
    return EXIT_OK;
  } finally {
    cache.dispose();
  }
}
