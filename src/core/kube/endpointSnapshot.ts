import type { PodLike } from '../cluster/kubeTypes.js';
import type { EventFacts } from '../doctor/clusterFacts.js';
import { KubeApiError } from '../kube/kubeApiError.js';
import type { KubeTransport } from '../kube/kubeTransport.js';
import type { NimServiceLike } from './nimServiceSpec.js';
import { corePath, endpointSelector, nimServicePath } from '../kube/paths.js';

export interface EventObject extends EventFacts {
  metadata?: { uid?: string; name?: string; resourceVersion?: string };
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
}

export interface EndpointSnapshot {
  nim: NimServiceLike | undefined;
  pods: PodLike[];
  /** Events of the NIMService, its Deployment / ReplicaSets and pods, oldest first. */
  events: EventObject[];
}

/** Everything the operator made for one NIMService is named after it; pods carry `app.kubernetes.io/name`. */
export function belongsToEndpoint(event: EventFacts, name: string, podNames: ReadonlySet<string>): boolean {
  const object = event.involvedObject?.name ?? '';
  return object === name || podNames.has(object) || object.startsWith(`${name}-`);
}

export async function readEndpointSnapshot(transport: KubeTransport, namespace: string, name: string, signal?: AbortSignal): Promise<EndpointSnapshot> {
  let nim: NimServiceLike | undefined;
  try {
    nim = await transport.getJson<NimServiceLike>(nimServicePath(namespace, name), undefined, signal);
  } catch (error) {
    if (!(error instanceof KubeApiError && error.kind === 'notFound')) throw error;
  }
  const pods = (await transport.getJson<{ items?: PodLike[] }>(corePath(namespace, 'pods'), { labelSelector: endpointSelector(name) }, signal)).items ?? [];
  const podNames = new Set(pods.map((p) => p.metadata?.name ?? ''));
  const events = ((await transport.getJson<{ items?: EventObject[] }>(corePath(namespace, 'events'), undefined, signal)).items ?? [])
    .filter((e) => belongsToEndpoint(e, name, podNames))
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  return { nim, pods, events };
}

export function eventTime(event: EventObject): string {
  return String(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? '');
}

/** `12:00:03 Warning FailedScheduling pod/x: 0/3 nodes are available…` for the output channel. */
export function formatEvent(event: EventObject): string {
  const time = eventTime(event).replace(/^.*T|Z$|\.\d+/g, '');
  const object = event.involvedObject ? `${(event.involvedObject.kind ?? '').toLowerCase()}/${event.involvedObject.name}` : '';
  return `${time ? `${time} ` : ''}${event.type ?? 'Normal'} ${event.reason ?? ''} ${object}: ${event.message ?? ''}${event.count && event.count > 1 ? ` (x${event.count})` : ''}`;
}
