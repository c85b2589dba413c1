import { KubeApiError } from '../kube/kubeApiError.js';
import type { KubeTransport, Query } from '../kube/kubeTransport.js';
import { LogDeduper } from './logDeduper.js';
import type { LogLineOut, LogOptions, ReconnectPolicy, StreamEvents } from './logOptions.js';
import { splitTimestamp } from './timestampedLine.js';
import { sleep } from '../async/sleep.js';

export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

interface ContainerStatusLike {
  name?: string;
  restartCount?: number;
  state?: { running?: unknown; waiting?: unknown; terminated?: unknown };
}

function logPath(ref: ContainerRef): string {
  return `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.pod)}/log`;
}

/**
 * One container's log, like `kubectl logs` but surviving dropped connections: with `follow`, a stream that ends
 * while the container still runs (or has restarted) reconnects with `sinceTime` and the deduper drops what was
 * already delivered, so no line is lost or repeated. Resolves when the log ends, the pod goes away or `signal` aborts.
 */
export async function streamContainerLog(transport: KubeTransport, ref: ContainerRef, options: LogOptions, onLine: (line: LogLineOut) => void, signal: AbortSignal, policy: ReconnectPolicy & StreamEvents = {}, deduper = new LogDeduper()): Promise<void> {
  const follow = Boolean(options.follow) && !options.previous;
  const maxAttempts = policy.maxAttempts ?? 30;
  let delay = policy.initialDelayMs ?? 200;
  let failures = 0;
  let first = true;
  let firstConnection = true;
  for (;;) {
    const query: Query = { container: ref.container, timestamps: true, follow: follow || undefined, previous: options.previous || undefined };
    if (deduper.lastTime) query.sinceTime = deduper.lastTime;
    else if (first) {
      query.tailLines = options.tailLines;
      query.sinceSeconds = options.sinceSeconds;
    }
    first = false;
    deduper.reconnected();
    let reason = 'stream ended';
    let delivered = false;
    let networkError = false;
    try {
      await transport.stream(logPath(ref), query, (raw) => {
        const { time, text } = splitTimestamp(raw);
        if (!deduper.accept(time)) return;
        delivered = true;
        onLine({ pod: ref.pod, container: ref.container, time, text });
      }, signal);
    } catch (error) {
      if (signal.aborted) return;
      const status = error instanceof KubeApiError ? error.status : undefined;
      if (status === 404 && !firstConnection) return;
      // 400 "waiting to start" between two instances of a restarting container: wait for the next one.
      if (status !== undefined && !(status === 400 && follow && !firstConnection)) throw error;
      networkError = status === undefined;
      reason = (error as Error).message;
    }
    firstConnection = false;
    if (signal.aborted || !follow) return;
    const failed = networkError || reason !== 'stream ended';
    if (delivered) failures = 0;
    else if (failed) failures++;
    if (!networkError && !(await stillRunning(transport, ref, signal))) return;
    if (failures > maxAttempts) throw new KubeApiError('unreachable', `log stream of ${ref.pod}/${ref.container} failed ${failures} times: ${reason}`);
    policy.onReconnect?.({ pod: ref.pod, container: ref.container, attempt: failures + 1, since: deduper.lastTime, reason });
    if (delivered) delay = policy.initialDelayMs ?? 200;
    else {
      // Nothing new on that connection: back off so an idle or restarting container is not polled in a tight loop.
      await sleep(delay, signal);
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 5000);
    }
  }
}

/** A stream that ended cleanly was dropped (reconnect) if the container runs or waits to restart; finished if it terminated for good or the pod is gone. */
async function stillRunning(transport: KubeTransport, ref: ContainerRef, signal: AbortSignal): Promise<boolean> {
  try {
    const pod = await transport.getJson<{ metadata?: { deletionTimestamp?: string }; spec?: { restartPolicy?: string }; status?: { phase?: string; containerStatuses?: ContainerStatusLike[]; initContainerStatuses?: ContainerStatusLike[] } }>(
      `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.pod)}`, undefined, signal);
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
    const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((c) => c.name === ref.container);
    if (!status) return false;
    if (status.state?.running) return true;
    return pod.spec?.restartPolicy !== 'Never' && Boolean(status.state?.waiting);
  } catch (error) {
    // Only a pod that is gone has finished; a dropped connection says nothing, and the reconnect will tell.
    return !(error instanceof KubeApiError && error.status === 404);
  }
}

