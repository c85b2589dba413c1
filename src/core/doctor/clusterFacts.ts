/**
 * Container statuses, pod statuses and events as text lines, so they go through the same signature table
 * as logs (an OOMKilled status and an "OOMKilled" log line are one finding). Shapes follow client-node's
 * V1ContainerStatus / V1Pod / CoreV1Event, reduced to the fields read here.
 */
export interface ContainerStateFacts {
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
}

export interface ContainerStatusFacts {
  name?: string;
  restartCount?: number;
  state?: ContainerStateFacts;
  lastState?: ContainerStateFacts;
}

export interface PodFacts {
  metadata?: { name?: string; namespace?: string };
  status?: { phase?: string; reason?: string; message?: string; containerStatuses?: ContainerStatusFacts[]; initContainerStatuses?: ContainerStatusFacts[] };
}

export interface EventFacts {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
}

function fields(entries: Array<[string, string | number | undefined]>): string {
  return entries.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${v}`).join(' ');
}

function stateLines(prefix: string, state: ContainerStateFacts | undefined): string[] {
  const lines: string[] = [];
  if (state?.waiting?.reason) lines.push(`${prefix}.waiting: ${fields([['reason', state.waiting.reason], ['message', state.waiting.message]])}`);
  const t = state?.terminated;
  if (t && (t.reason || t.exitCode)) lines.push(`${prefix}.terminated: ${fields([['reason', t.reason], ['exitCode', t.exitCode], ['message', t.message]])}`);
  return lines;
}

/** A container's current and last state: `lastState.terminated: reason=OOMKilled exitCode=137`. */
export function containerStatusLines(status: ContainerStatusFacts): string[] {
  return [...stateLines('state', status.state), ...stateLines('lastState', status.lastState)];
}

/** The pod-level reason (Evicted and its message) then each container's states. */
export function podStatusLines(pod: PodFacts): Array<{ container?: string; line: string }> {
  const out: Array<{ container?: string; line: string }> = [];
  const s = pod.status;
  if (s?.reason) out.push({ line: `status: ${fields([['phase', s.phase], ['reason', s.reason], ['message', s.message]])}` });
  for (const c of [...(s?.initContainerStatuses ?? []), ...(s?.containerStatuses ?? [])]) {
    for (const line of containerStatusLines(c)) out.push({ container: c.name, line });
  }
  return out;
}

/** Warning events only: `Warning FailedScheduling: 0/3 nodes are available: …`. Normal events never indicate a failure. */
export function eventLine(event: EventFacts): string | undefined {
  if (event.type !== 'Warning') return undefined;
  const object = event.involvedObject?.name ? ` ${event.involvedObject.kind?.toLowerCase() ?? 'object'}/${event.involvedObject.name}` : '';
  const times = event.count && event.count > 1 ? ` (x${event.count})` : '';
  return `Warning ${event.reason ?? ''}${object}: ${event.message ?? ''}${times}`;
}
