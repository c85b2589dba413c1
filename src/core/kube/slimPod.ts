import type { ContainerLike, PodLike } from '../cluster/kubeTypes.js';

type Container = ContainerLike & Record<string, unknown>;

/**
 * The part of a pod the cluster model and the tree read: identity, labels and owners, node, container resources
 * and the status summary. A 20,000-pod cluster then fits the explorer's memory budget; views that show a whole
 * pod (live YAML, describe) fetch it fresh from the API server.
 */
export function slimPod<T extends PodLike>(pod: T): T {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = pod.status;
  const container = (c: Container): ContainerLike => ({ name: c.name, image: c.image, resources: c.resources });
  return {
    apiVersion: (pod as Record<string, unknown>).apiVersion,
    kind: (pod as Record<string, unknown>).kind,
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
      labels: meta.labels,
      ownerReferences: meta.ownerReferences?.map((o) => ({ kind: o.kind, name: o.name, uid: o.uid, controller: o.controller })),
    },
    spec: {
      nodeName: spec.nodeName,
      containers: (spec.containers as Container[] | undefined)?.map(container),
      initContainers: (spec.initContainers as Container[] | undefined)?.map(container),
    },
    status: status && {
      phase: status.phase,
      reason: status.reason,
      message: status.message,
      conditions: status.conditions?.map((c) => ({ type: c.type, status: c.status })),
      containerStatuses: status.containerStatuses?.map((s) => ({ name: s.name, ready: s.ready, restartCount: s.restartCount, state: s.state, lastState: s.lastState })),
    },
  } as unknown as T;
}
