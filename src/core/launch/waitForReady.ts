import { sleep } from '../async/sleep.js';
import type { PodLike } from '../cluster/kubeTypes.js';
import type { KubeTransport } from '../kube/kubeTransport.js';
import { isServerStartingLine, parseDownloadProgress, type DownloadProgress } from './downloadProgress.js';
import { readEndpointSnapshot, type EndpointSnapshot, type EventObject } from '../kube/endpointSnapshot.js';
import { corePath } from '../kube/paths.js';
import { launchPhase, type PhaseState } from './readinessPhase.js';

export interface WaitOptions {
  /** Default 60 min, as the image-edit recipe's `kubectl wait --timeout=60m`. */
  timeoutMs?: number;
  pollMs?: number;
  /** How long a blocked phase (FailedScheduling) may last before the wait gives up. */
  blockedGraceMs?: number;
  signal?: AbortSignal;
  onPhase?: (state: PhaseState) => void;
  onEvent?: (event: EventObject) => void;
}

export type WaitOutcome = 'ready' | 'failed' | 'timeout' | 'cancelled';

export interface WaitResult {
  outcome: WaitOutcome;
  state: PhaseState;
  snapshot: EndpointSnapshot;
  elapsedMs: number;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 60 * 60_000;

/**
 * Polls the NIMService, its pods and events until Ready, a failure the cluster will not fix by itself, the timeout or
 * cancellation. Reports each phase change and each new event once.
 */
export async function waitForReady(transport: KubeTransport, namespace: string, name: string, options: WaitOptions = {}): Promise<WaitResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const pollMs = options.pollMs ?? 2000;
  const grace = options.blockedGraceMs ?? 120_000;
  const seenEvents = new Map<string, number>();
  let lastKey = '';
  let blockedSince: number | undefined;
  let snapshot: EndpointSnapshot = { nim: undefined, pods: [], podSelector: '', events: [] };
  let state: PhaseState = { phase: 'submitted', detail: '' };
  const finish = (outcome: WaitOutcome): WaitResult => ({ outcome, state, snapshot, elapsedMs: Date.now() - started });
  for (;;) {
    if (options.signal?.aborted) return finish('cancelled');
    try {
      snapshot = await readEndpointSnapshot(transport, namespace, name, { events: true, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) return finish('cancelled');
      throw error;
    }
    for (const event of snapshot.events) {
      const key = event.metadata?.uid ?? `${event.involvedObject?.name}/${event.reason}/${event.message}`;
      const count = event.count ?? 1;
      if ((seenEvents.get(key) ?? 0) < count) {
        seenEvents.set(key, count);
        options.onEvent?.(event);
      }
    }
    const logs = await readStartupLog(transport, namespace, snapshot.pods, options.signal);
    state = launchPhase({ ...snapshot, ...logs });
    const key = `${state.phase}\u0000${state.detail}`;
    if (key !== lastKey) {
      lastKey = key;
      options.onPhase?.(state);
    }
    if (state.phase === 'ready') return finish('ready');
    if (state.phase === 'failed') return finish('failed');
    blockedSince = state.blocked ? (blockedSince ?? Date.now()) : undefined;
    if (blockedSince !== undefined && Date.now() - blockedSince >= grace) return finish('failed');
    if (Date.now() - started >= timeoutMs) return finish('timeout');
    await sleep(Math.min(pollMs, Math.max(0, timeoutMs - (Date.now() - started))), options.signal ?? new AbortController().signal);
  }
}

/** The last download bar in a running, not yet ready pod's main container, and whether the server started loading after it. */
async function readStartupLog(transport: KubeTransport, namespace: string, pods: PodLike[], signal?: AbortSignal): Promise<{ download?: DownloadProgress; serverStarting?: boolean }> {
  const pod = pods.find((p) => p.spec?.nodeName && p.status?.containerStatuses?.some((c) => c.state?.running && !c.ready));
  const container = pod?.status?.containerStatuses?.find((c) => c.state?.running)?.name;
  if (!pod || !container) return {};
  let download: DownloadProgress | undefined;
  let serverStarting = false;
  try {
    await transport.stream(`${corePath(namespace, 'pods', pod.metadata!.name!)}/log`, { container, tailLines: 200 }, (line) => {
      const progress = parseDownloadProgress(line);
      if (progress) {
        download = progress;
        serverStarting = false;
      } else if (isServerStartingLine(line)) serverStarting = true;
    }, signal ?? new AbortController().signal);
  } catch {
    return {};
  }
  return { download, serverStarting };
}
