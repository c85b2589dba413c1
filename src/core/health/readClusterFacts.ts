import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { PodLike } from '../cluster/kubeTypes.js';
import type { ClusterRef } from '../endpoints/registeredEndpoint.js';
import type { ClusterFacts, NimServiceStatusLike } from './clusterChecks.js';
import { isPodReady } from './clusterChecks.js';

export interface NimServiceObject extends NimServiceStatusLike {
  spec?: { command?: string[]; args?: string[]; image?: { repository?: string }; expose?: { service?: { port?: number } } };
  status?: NimServiceStatusLike['status'] & { model?: { name?: string; clusterEndpoint?: string; externalEndpoint?: string }; availableReplicas?: number };
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Reads the NIMService (or Service) and its pods; a 404 is a fact (not found), any other failure an error. */
export async function readClusterFacts(kubeConfig: KubeConfig, ref: Pick<ClusterRef, 'namespace' | 'name' | 'resource'>): Promise<ClusterFacts & { nimService?: NimServiceObject | null }> {
  const started = performance.now();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const base = { resource: ref.resource, namespace: ref.namespace, name: ref.name };
  try {
    let nimService: NimServiceObject | null | undefined;
    let selector = `app.kubernetes.io/name=${ref.name}`;
    if (ref.resource === 'NIMService') {
      const custom = kubeConfig.makeApiClient(CustomObjectsApi);
      try {
        nimService = (await custom.getNamespacedCustomObject({ group: 'apps.nvidia.com', version: 'v1alpha1', namespace: ref.namespace, plural: 'nimservices', name: ref.name })) as NimServiceObject;
      } catch (error) {
        if (statusCode(error) !== 404) throw error;
        nimService = null;
      }
    } else {
      const service = await core.readNamespacedService({ name: ref.name, namespace: ref.namespace });
      const entries = Object.entries(service.spec?.selector ?? {});
      if (entries.length) selector = entries.map(([k, v]) => `${k}=${v}`).join(',');
    }
    const pods = (await core.listNamespacedPod({ namespace: ref.namespace, labelSelector: selector })).items as unknown as PodLike[];
    return { ...base, nimService, pods, podSelector: selector, ms: performance.now() - started };
  } catch (error) {
    const code = statusCode(error);
    const message = code ? `HTTP ${code} from the API server${code === 401 || code === 403 ? ' (check the kubeconfig credentials / RBAC)' : ''}` : (error as Error).message;
    return { ...base, pods: [], podSelector: '', error: message, ms: performance.now() - started };
  }
}

/** A ready pod to forward to (the newest when several are ready); throws with the reason when none is. */
export async function readyPodName(kubeConfig: KubeConfig, namespace: string, selector: string): Promise<string> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items as unknown as PodLike[];
  const ready = pods.filter((p) => isPodReady(p) && p.metadata?.name);
  if (!ready.length) throw new Error(`no ready pod matches ${selector} in ${namespace} (${pods.length} pod(s) in total)`);
  ready.sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')));
  return ready[0].metadata!.name!;
}
