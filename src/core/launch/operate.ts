import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, kindOfStatus } from '../kube/kubeApiError.js';
import { groupPath, nimServicePath } from './paths.js';
import { requestOnce, statusMessage, type KubeTransport, type SendOptions } from '../kube/kubeTransport.js';

async function send(kubeConfig: KubeConfig, method: SendOptions['method'], path: string, body: unknown, what: string, contentType = 'application/merge-patch+json'): Promise<void> {
  const response = await requestOnce(kubeConfig, method, path, { body, contentType });
  if (response.status >= 300) throw new KubeApiError(kindOfStatus(response.status), `${what}: ${response.status} ${statusMessage(response)}`, response.status);
}

/** Sets `spec.replicas` (the operator owns the Deployment's replicas). */
export function scaleNimService(kubeConfig: KubeConfig, namespace: string, name: string, replicas: number): Promise<void> {
  return send(kubeConfig, 'PATCH', nimServicePath(namespace, name), { spec: { replicas } }, `scale NIMService ${namespace}/${name}`);
}

/** `kubectl rollout restart deployment/<name>`: a new pod-template annotation rolls the pods. */
export function restartEndpoint(kubeConfig: KubeConfig, namespace: string, name: string, now = new Date()): Promise<void> {
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } };
  return send(kubeConfig, 'PATCH', groupPath('apps/v1', namespace, 'deployments', name), body, `restart deployment ${namespace}/${name}`, 'application/strategic-merge-patch+json');
}

export function deleteNimService(kubeConfig: KubeConfig, namespace: string, name: string): Promise<void> {
  return send(kubeConfig, 'DELETE', nimServicePath(namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }, `delete NIMService ${namespace}/${name}`, 'application/json');
}

const OWNED_KINDS: Array<[string, string, string]> = [
  ['apps/v1', 'deployments', 'Deployment'],
  ['apps/v1', 'statefulsets', 'StatefulSet'],
  ['v1', 'services', 'Service'],
  ['v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'],
  ['v1', 'serviceaccounts', 'ServiceAccount'],
  ['v1', 'configmaps', 'ConfigMap'],
  ['autoscaling/v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io/v1', 'ingresses', 'Ingress'],
];

/** What garbage collection deletes with the NIMService: objects whose ownerReferences name it (and their pods, through the Deployment). */
export async function ownedObjects(transport: KubeTransport, namespace: string, name: string): Promise<Array<{ kind: string; name: string }>> {
  const nim = await transport.getJson<{ metadata?: { uid?: string } }>(nimServicePath(namespace, name));
  const uid = nim.metadata?.uid;
  const out: Array<{ kind: string; name: string }> = [];
  for (const [apiVersion, plural, kind] of OWNED_KINDS) {
    try {
      const list = await transport.getJson<{ items?: Array<{ metadata?: { name?: string; ownerReferences?: Array<{ uid?: string }> } }> }>(groupPath(apiVersion, namespace, plural));
      for (const item of list.items ?? []) if (item.metadata?.ownerReferences?.some((r) => r.uid === uid)) out.push({ kind, name: item.metadata.name ?? '' });
    } catch {
      // A kind the cluster does not serve or the user may not list: not shown.
    }
  }
  return out;
}
