import type { ClusterEndpoint } from '../../core/cluster/endpoints.js';
import type { ClusterCache } from '../../core/kube/clusterCache.js';
import type { NimService } from '../../core/kube/nimService.js';
import { loadClusterSnapshot } from '../../core/kube/clusterSnapshot.js';
import type { CliIo } from '../io.js';
import { EXIT_OK } from '../usageError.js';
import { clusterFailure, parseClusterArgs, table } from './pools.js';

export const endpointsHelp = `Usage: ies endpoints [options]

Inference endpoints of a cluster: NIMServices, and GPU Deployments / StatefulSets that no NIMService manages
(flagged when a vLLM container keeps its weights on ephemeral storage). For a NIMService that mounts a NIMCache
(spec.storage.nimCache.name), the cache and its state (NotFound when it does not exist).

Options:
  --kubeconfig FILE         kubeconfig (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context (default current-context)
  -n, --namespace NS        only this namespace (repeatable)
  --format text|json        output format (default text)

Exit codes: 0 ok, 2 usage error or cluster unreachable / forbidden.`;

export interface EndpointCacheState {
  name: string;
  /** The NIMCache's status.state (Pending before the operator wrote one), or NotFound. */
  state: string;
}

/** The NIMCache a NIMService endpoint mounts, and its state. */
export function endpointCache(cache: ClusterCache, e: ClusterEndpoint): EndpointCacheState | undefined {
  if (e.kind !== 'NIMService') return undefined;
  const nim = cache.informers.nimServices.items.get(`${e.namespace}/${e.name}`) as NimService | undefined;
  const name = nim?.spec?.storage?.nimCache?.name;
  if (!name) return undefined;
  return { name, state: cache.nimCache(e.namespace, name)?.state ?? 'NotFound' };
}

export function endpointJson(e: ClusterEndpoint, nimCache?: EndpointCacheState) {
  return {
    namespace: e.namespace,
    name: e.name,
    kind: e.kind,
    state: e.state,
    model: e.model,
    readyReplicas: e.readyReplicas,
    desiredReplicas: e.desiredReplicas,
    gpusPerReplica: e.gpusPerReplica,
    clusterEndpoint: e.clusterEndpoint,
    ...(nimCache ? { nimCache } : {}),
    ...(e.weightsOnEphemeralStorage ? { weightsOnEphemeralStorage: true } : {}),
  };
}

export function formatEndpointsText(endpoints: ClusterEndpoint[], nimOperatorInstalled: boolean, caches: (e: ClusterEndpoint) => EndpointCacheState | undefined = () => undefined): string {
  const note = nimOperatorInstalled ? '' : 'NIM Operator not installed (no NIMService CRD): https://docs.nvidia.com/nim-operator/latest/install.html\n';
  if (!endpoints.length) return `${note}no endpoints\n`;
  const rows = [['NAMESPACE', 'NAME', 'KIND', 'STATE', 'READY', 'MODEL', 'NIMCACHE', 'NOTE']];
  for (const e of endpoints) {
    const c = caches(e);
    rows.push([e.namespace, e.name, e.kind, e.state, `${e.readyReplicas}/${e.desiredReplicas}`, e.model ?? '-', c ? `${c.name} (${c.state})` : '-', e.weightsOnEphemeralStorage ? 'weights on ephemeral storage: evicted when the disk fills; use a NIMService with a PVC' : '']);
  }
  return note + table(rows);
}

export async function runEndpoints(args: string[], io: CliIo): Promise<number> {
  const values = parseClusterArgs(args, { namespace: { type: 'string', multiple: true, short: 'n' } as never });
  if (values.help) {
    io.out(endpointsHelp + '\n');
    return EXIT_OK;
  }
  const cache = await loadClusterSnapshot({ kubeconfig: values.kubeconfig, context: values.context, env: io.env }).catch((e) => clusterFailure(e, values.context));
  try {
    const endpoints = cache.endpoints(values.namespace as string[] | undefined);
    io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, nimOperatorInstalled: cache.nimOperatorInstalled, endpoints: endpoints.map((e) => endpointJson(e, endpointCache(cache, e))) }) + '\n' : formatEndpointsText(endpoints, cache.nimOperatorInstalled, (e) => endpointCache(cache, e)));
    return EXIT_OK;
  } finally {
    cache.dispose();
  }
}
