import { getMaxListeners, setMaxListeners } from 'node:events';
import type { PodLike } from '../cluster/kubeTypes.js';
import { KubeApiError } from '../kube/kubeApiError.js';
import type { KubeTransport } from '../kube/kubeTransport.js';
import { streamContainerLog } from './containerLogStream.js';
import { LogDeduper } from './logDeduper.js';
import type { LogFilter } from './logFilter.js';
import type { LogLineOut, LogOptions, ReconnectPolicy, StreamEvents } from './logOptions.js';
import { timeKey } from './timestampedLine.js';
import { sleep } from '../async/sleep.js';

export interface LogTarget {
  namespace: string;
  /** One pod, or every pod matching the selector (an endpoint's pods, followed as they come and go). */
  pod?: string;
  selector?: string;
  /** One container; default the pod's first container unless allContainers. */
  container?: string;
  allContainers?: boolean;
}

export interface EndpointLogOptions extends LogOptions, ReconnectPolicy, StreamEvents {
  filter?: LogFilter;
  /** How often to look for new pods of a selector while following (default 2 s). */
  podPollMs?: number;
  /** Prefix lines with `[pod/container]`; default when more than one container is streamed. */
  prefix?: boolean;
}

interface PodSpecLike {
  metadata?: { name?: string };
  spec?: { containers?: Array<{ name?: string }>; initContainers?: Array<{ name?: string }> };
}

/** `[pod/container] text`, with the timestamp first when asked for. */
export function formatLogLine(line: LogLineOut, options: { prefix: boolean; timestamps?: boolean }): string {
  return `${options.timestamps && line.time ? `${line.time} ` : ''}${options.prefix ? `[${line.pod}/${line.container}] ` : ''}${line.text}`;
}

function containersOf(pod: PodSpecLike, target: LogTarget): string[] {
  const names = (pod.spec?.containers ?? []).map((c) => c.name!).filter(Boolean);
  if (target.container) return [target.container];
  if (target.allContainers) return [...(pod.spec?.initContainers ?? []).map((c) => c.name!).filter(Boolean), ...names];
  return names.slice(0, 1);
}

/** The target's pods; a dropped connection (no HTTP status) is retried with back-off, as the streams are. */
async function listPods(transport: KubeTransport, target: LogTarget, signal: AbortSignal, policy: ReconnectPolicy = {}): Promise<PodSpecLike[]> {
  let delay = policy.initialDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await listPodsOnce(transport, target, signal);
    } catch (error) {
      const network = error instanceof KubeApiError && error.kind === 'unreachable' && error.status === undefined;
      if (!network || signal.aborted || attempt >= (policy.maxAttempts ?? 30)) throw error;
      await sleep(delay, signal);
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 5000);
    }
  }
}

async function listPodsOnce(transport: KubeTransport, target: LogTarget, signal: AbortSignal): Promise<PodSpecLike[]> {
  const base = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`;
  if (target.pod) return [await transport.getJson<PodSpecLike>(`${base}/${encodeURIComponent(target.pod)}`, undefined, signal)];
  const list = await transport.getJson<{ items?: PodLike[] }>(base, { labelSelector: target.selector }, signal);
  return (list.items ?? []) as PodSpecLike[];
}

/**
 * Logs of one pod or all pods of an endpoint, every container if asked, filtered. What is already written is read
 * first from every container and merged in timestamp order; with `follow`, each container then streams from where
 * its backlog ended (lines interleave as they arrive) and new pods join as they appear.
 */
export async function streamLogs(transport: KubeTransport, target: LogTarget, options: EndpointLogOptions, emit: (text: string, line: LogLineOut) => void, signal: AbortSignal): Promise<void> {
  const pods = await listPods(transport, target, signal, options);
  const streams = pods.flatMap((pod) => containersOf(pod, target).map((container) => ({ pod: pod.metadata!.name!, container })));
  // Each container's stream listens on the one signal (its requests, its reconnect waits): an endpoint with more
  // than ten containers is not a leak, so no MaxListenersExceededWarning in the extension host.
  setMaxListeners(Math.max(getMaxListeners(signal), 10 + streams.length * 4), signal);
  const prefix = options.prefix ?? (Boolean(target.selector) || streams.length > 1);
  const deliver = (line: LogLineOut) => {
    if (options.filter && !options.filter(line.text)) return;
    emit(formatLogLine(line, { prefix, timestamps: options.timestamps }), line);
  };
  const dedupers = new Map<string, LogDeduper>();
  const backlog: LogLineOut[] = [];
  const policy = { maxAttempts: options.maxAttempts, initialDelayMs: options.initialDelayMs, maxDelayMs: options.maxDelayMs, onReconnect: options.onReconnect };
  const readBacklog = async (s: { pod: string; container: string }, into: LogLineOut[]) => {
    const deduper = new LogDeduper();
    dedupers.set(`${s.pod}/${s.container}`, deduper);
    try {
      await streamContainerLog(transport, { namespace: target.namespace, ...s }, { ...options, follow: false }, (l) => into.push(l), signal, policy, deduper);
    } catch (error) {
      if (!target.selector || streams.length === 1) throw error;
      into.push({ pod: s.pod, container: s.container, time: '', text: `(no log: ${(error as Error).message})` });
    }
  };
  await Promise.all(streams.map((s) => readBacklog(s, backlog)));
  for (const line of mergeByTime(backlog)) deliver(line);
  if (!options.follow || options.previous || signal.aborted) return;

  const running = new Map<string, Promise<void>>();
  const follow = (s: { pod: string; container: string }) => {
    const key = `${s.pod}/${s.container}`;
    if (running.has(key)) return;
    const deduper = dedupers.get(key) ?? new LogDeduper();
    dedupers.set(key, deduper);
    running.set(key, streamContainerLog(transport, { namespace: target.namespace, ...s }, { ...options, tailLines: undefined }, deliver, signal, policy, deduper).catch((error) => {
      if (!signal.aborted) emit(`[${key}] log stream ended: ${(error as Error).message}`, { ...s, time: '', text: '' });
    }));
  };
  for (const s of streams) follow(s);
  if (!target.selector) {
    await Promise.all(running.values());
    return;
  }
  while (!signal.aborted) {
    await sleep(options.podPollMs ?? 2000, signal);
    if (signal.aborted) break;
    try {
      for (const pod of await listPods(transport, target, signal)) for (const container of containersOf(pod, target)) follow({ pod: pod.metadata!.name!, container });
    } catch {
      // The next poll tries again; the running streams reconnect on their own.
    }
  }
  await Promise.all(running.values());
}

/** Stable merge by timestamp; lines without one keep their place after the previous line. */
export function mergeByTime(lines: LogLineOut[]): LogLineOut[] {
  return lines.map((line, i) => ({ line, i, key: timeKey(line.time) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i)).map((x) => x.line);
}

