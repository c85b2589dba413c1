import type { ClusterRef } from '../endpoints/registeredEndpoint.js';
import { listPods, readEndpointSnapshot } from '../kube/endpointSnapshot.js';
import { KubeApiError } from '../kube/kubeApiError.js';
import type { KubeTransport } from '../kube/kubeTransport.js';
import type { NimService } from '../kube/nimService.js';
import type { ClusterFacts } from './clusterChecks.js';
import { isPodReady } from './clusterChecks.js';

/** The endpoint's snapshot as health facts; a missing NIMService is a fact (null), any other failure the error every cluster check reports. */
export async function readClusterFacts(transport: KubeTransport, ref: Pick<ClusterRef, 'namespace' | 'name' | 'resource'>, signal?: AbortSignal): Promise<ClusterFacts & { nimService?: NimService | null }> {
  const started = performance.now();
  const base = { resource: ref.resource, namespace: ref.namespace, name: ref.name };
  try {
    const snapshot = await readEndpointSnapshot(transport, ref.namespace, ref.name, { resource: ref.resource, signal });
    const nimService = ref.resource === 'NIMService' ? snapshot.nim ?? null : undefined;
    return { ...base, nimService, pods: snapshot.pods, podSelector: snapshot.podSelector, ms: performance.now() - started };
  } catch (error) {
    return failedClusterFacts(ref, error, performance.now() - started);
  }
}

/** Facts of a cluster that could not be read (no such context, auth, network): every cluster check reports the error. */
export function failedClusterFacts(ref: Pick<ClusterRef, 'namespace' | 'name' | 'resource'>, error: unknown, ms = 0): ClusterFacts {
  return { resource: ref.resource, namespace: ref.namespace, name: ref.name, pods: [], podSelector: '', error: describe(error), ms };
}

function describe(error: unknown): string {
  if (!(error instanceof KubeApiError)) return (error as Error).message;
  if (error.kind === 'unauthorized' || error.kind === 'forbidden') return `${error.message} (check the kubeconfig credentials / RBAC)`;
  return error.message;
}

/** A ready pod to forward to (the newest when several are ready); throws with the reason when none is. */
export async function readyPodName(transport: KubeTransport, namespace: string, selector: string): Promise<string> {
  const pods = await listPods(transport, namespace, selector);
  const ready = pods.filter((p) => isPodReady(p) && p.metadata?.name);
  if (!ready.length) throw new Error(`no ready pod matches ${selector} in ${namespace} (${pods.length} pod(s) in total)`);
  ready.sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')));
  return ready[0].metadata!.name!;
}
