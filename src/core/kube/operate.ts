// Changes to running objects, the same for the explorer's menu, the editor's commands and the CLI: scale, restart,
// delete (with what garbage collection takes along). Each goes through the context's shared KubeTransport.
import { KubeApiError, kindOfStatus } from './kubeApiError.js';
import { statusMessage, type KubeTransport, type SendOptions } from './kubeTransport.js';
import { DEPLOYMENTS, resourcePath, type ResourceKind } from './resourceKinds.js';
import { groupPath, nimServicePath } from './paths.js';

async function write(transport: KubeTransport, method: SendOptions['method'], path: string, body: unknown, what: string, contentType = 'application/merge-patch+json'): Promise<void> {
  const response = await transport.request(path, { method, body, contentType, timeoutMs: 60_000 });
  if (response.status >= 300) throw new KubeApiError(kindOfStatus(response.status), `${what}: ${response.status} ${statusMessage(response)}`, response.status);
}

/** Sets `spec.replicas` of a NIMService (whose operator owns the Deployment's replicas), Deployment or StatefulSet. */
export function scaleWorkload(transport: KubeTransport, resource: ResourceKind, namespace: string, name: string, replicas: number): Promise<void> {
  return write(transport, 'PATCH', resourcePath(resource, namespace, name), { spec: { replicas } }, `scale ${resource.kind} ${namespace}/${name}`);
}

/** `kubectl rollout restart deployment/<name>`: a new pod-template annotation rolls the pods. */
export function restartEndpoint(transport: KubeTransport, namespace: string, name: string, now = new Date()): Promise<void> {
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } };
  return write(transport, 'PATCH', resourcePath(DEPLOYMENTS, namespace, name), body, `restart deployment ${namespace}/${name}`, 'application/strategic-merge-patch+json');
}

/** Deletes an object with background propagation: its dependents (for a NIMService, see ownedObjects) follow. */
export function deleteObject(transport: KubeTransport, resource: ResourceKind, namespace: string | undefined, name: string): Promise<void> {
  return write(transport, 'DELETE', resourcePath(resource, namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }, `delete ${resource.kind} ${namespace ? `${namespace}/` : ''}${name}`, 'application/json');
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
