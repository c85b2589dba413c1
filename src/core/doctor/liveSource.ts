import type { KubeTransport } from '../kube/kubeTransport.js';
import { readEndpointSnapshot } from '../kube/endpointSnapshot.js';
import type { PodLike } from '../cluster/kubeTypes.js';
import type { PodFacts } from './clusterFacts.js';
import type { StreamingDoctor } from './streamingDoctor.js';

export interface LiveTarget {
  namespace: string;
  /** A NIMService name (its pods by `app.kubernetes.io/name`), or one pod. */
  nimService?: string;
  pod?: string;
}

interface PodWithSpec extends PodLike {
  spec?: PodLike['spec'] & { initContainers?: Array<{ name?: string }> };
}

function isReadyWithoutRestarts(pod: PodLike): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((c) => c.ready && !c.restartCount);
}

/** `pod/x container/y (previous)`: the source name findings point at, and the log the extension opens to reveal a line. */
export function logSourceName(pod: string, container: string, previous: boolean): string {
  return `pod/${pod} container/${container}${previous ? ' (previous)' : ''}`;
}

/**
 * Feeds a live endpoint to the doctor: each container's previous log (the crash) before its current one, then pod
 * and container statuses, then Warning events. Logs that do not exist (never started, no previous instance) are skipped.
 * Returns the log text read per source so the caller can show evidence lines in context.
 */
export async function feedLiveTarget(doctor: StreamingDoctor, transport: KubeTransport, target: LiveTarget, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const logs = new Map<string, string[]>();
  let pods: PodWithSpec[];
  let events: Awaited<ReturnType<typeof readEndpointSnapshot>>['events'] = [];
  if (target.pod) {
    pods = [await transport.getJson<PodWithSpec>(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}`, undefined, signal)];
    const all = (await transport.getJson<{ items?: typeof events }>(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/events`, undefined, signal)).items ?? [];
    events = all.filter((e) => e.involvedObject?.name === target.pod);
  } else {
    const snapshot = await readEndpointSnapshot(transport, target.namespace, target.nimService!, { events: true, signal });
    pods = snapshot.pods as PodWithSpec[];
    events = snapshot.events;
    const failed = snapshot.nim?.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed?.message) doctor.feed(`NIMService ${target.nimService} Failed (${failed.reason ?? ''}): ${failed.message}`, `nimservice/${target.nimService} status`);
  }
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const statuses = [...((pod.status as { initContainerStatuses?: unknown[] } | undefined)?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])] as Array<{ name?: string; restartCount?: number; lastState?: Record<string, unknown> }>;
    const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name ?? '').filter(Boolean);
    for (const container of containers) {
      const status = statuses.find((s) => s.name === container);
      const readPrevious = Boolean(status?.restartCount || status?.lastState?.terminated);
      for (const previous of readPrevious ? [true, false] : [false]) {
        const source = logSourceName(name, container, previous);
        const lines: string[] = [];
        try {
          await transport.stream(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(name)}/log`, { container, previous: previous || undefined }, (line) => lines.push(line), signal ?? new AbortController().signal);
        } catch {
          continue;
        }
        logs.set(source, lines);
        doctor.feedLines(lines, source);
      }
    }
    doctor.feedPod(pod as PodFacts);
  }
  // Probes fail while a server starts; on a pod that became Ready without a restart they were not a failure.
  const settled = new Set(pods.filter(isReadyWithoutRestarts).map((p) => p.metadata?.name));
  for (const event of events) {
    if (event.reason === 'Unhealthy' && settled.has(event.involvedObject?.name)) continue;
    doctor.feedEvent(event);
  }
  return logs;
}
