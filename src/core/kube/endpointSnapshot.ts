import type { PodLike } from '../cluster/kubeTypes.js';
import type { EventFacts } from '../doctor/clusterFacts.js';
import { KubeApiError } from './kubeApiError.js';
import type { KubeTransport } from './kubeTransport.js';
import type { NimService } from './nimService.js';
import { corePath, endpointSelector, nimServicePath } from './paths.js';

export interface EventObject extends EventFacts {
  metadata?: { uid?: string; name?: string; resourceVersion?: string };
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
}

/**
 * What launch, the doctor and health checks read about one endpoint, in one read: the NIMService (or, for a plain
 * Service, its selector), its pods, and the events of everything the operator made for it.
 */
export interface EndpointSnapshot {
  /** undefined: there is no such NIMService (or a Service was read). */
  nim: NimService | undefined;
  pods: PodLike[];
  /** How the pods were selected (`app.kubernetes.io/name=…`, or the Service's selector). */
  podSelector: string;
  /** Events of the NIMService, its Deployment / ReplicaSets and pods, oldest first; empty unless asked for. */
  events: EventObject[];
}

export interface SnapshotOptions {
  /** `Service`: an endpoint in front of a plain workload, its pods found by the Service's selector. */
  resource?: 'NIMService' | 'Service';
  events?: boolean;
  signal?: AbortSignal;
}

/** Everything the operator made for one NIMService is named after it; pods carry `app.kubernetes.io/name`. */
export function belongsToEndpoint(event: EventFacts, name: string, podNames: ReadonlySet<string>): boolean {
  const object = event.involvedObject?.name ?? '';
  return object === name || podNames.has(object) || object.startsWith(`${name}-`);
}

export async function readEndpointSnapshot(transport: KubeTransport, namespace: string, name: string, options: SnapshotOptions = {}): Promise<EndpointSnapshot> {
  const { signal } = options;
  let nim: NimService | undefined;
  let podSelector = endpointSelector(name);
  if ((options.resource ?? 'NIMService') === 'NIMService') {
    try {
      nim = await transport.getJson<NimService>(nimServicePath(namespace, name), undefined, signal);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.kind === 'notFound')) throw error;
    }
  } else {
    const service = await transport.getJson<{ spec?: { selector?: Record<string, string> } }>(corePath(namespace, 'services', name), undefined, signal);
    const entries = Object.entries(service.spec?.selector ?? {});
    if (entries.length) podSelector = entries.map(([k, v]) => `${k}=${v}`).join(',');
  }
  const pods = await listPods(transport, namespace, podSelector, signal);
  if (!options.events) return { nim, pods, podSelector, events: [] };
  const podNames = new Set(pods.map((p) => p.metadata?.name ?? ''));
  const events = ((await transport.getJson<{ items?: EventObject[] }>(corePath(namespace, 'events'), undefined, signal)).items ?? [])
    .filter((e) => belongsToEndpoint(e, name, podNames))
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  return { nim, pods, podSelector, events };
}

export async function listPods(transport: KubeTransport, namespace: string, labelSelector: string, signal?: AbortSignal): Promise<PodLike[]> {
  return (await transport.getJson<{ items?: PodLike[] }>(corePath(namespace, 'pods'), { labelSelector }, signal)).items ?? [];
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
