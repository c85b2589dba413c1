// Scrapes an engine's metrics page every few seconds and reports what changed since the previous scrape (plus the GPU
// figures of its pods, when a source for them is given). Never throws: a failed scrape is a sample with `error`.
import type { Dispatcher } from 'undici';
import type { EndpointKind } from '../endpoints/endpointConfig.js';
import { kindRoutes } from '../health/kindRoutes.js';
import { parsePrometheus } from '../health/prometheus.js';
import { HttpRequestError } from '../http/errors.js';
import { httpRequest, responseText } from '../http/request.js';
import type { GpuSource } from './dcgmSource.js';
import { engineSnapshot, type EngineSnapshot } from './engineSnapshot.js';
import { telemetrySample, type TelemetrySample } from './telemetrySample.js';

export interface TelemetryWatchOptions {
  /** The engine's Prometheus page (see metricsUrlFor). */
  metricsUrl: string;
  dispatcher: Dispatcher;
  /** Extra headers (a NIM behind an auth proxy may want the key for /v1/metrics too). */
  headers?: Record<string, string>;
  /** Between the end of one scrape and the start of the next; default 2000 ms. */
  intervalMs?: number;
  timeoutMs?: number;
  viaProxy?: boolean;
  gpus?: GpuSource;
  onSample(sample: TelemetrySample): void;
  now?(): number;
}

export interface TelemetryWatch {
  stop(): void;
  /** Resolves once the first scrape has been reported (tests, and the caller's first paint). */
  readonly first: Promise<void>;
}

/** The metrics page of an endpoint kind, or undefined for kinds that have none (with the reason). */
export function metricsUrlFor(kind: EndpointKind, baseUrl: string): { url?: string; reason?: string } {
  const url = kindRoutes(kind, baseUrl).metrics;
  return url ? { url } : { reason: `${kind} servers expose no Prometheus metrics` };
}

export function watchTelemetry(options: TelemetryWatchOptions): TelemetryWatch {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 2000;
  const controller = new AbortController();
  let previous: EngineSnapshot | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let markFirst!: () => void;
  const first = new Promise<void>((resolve) => { markFirst = resolve; });

  async function once(): Promise<void> {
    const at = now();
    let sample: TelemetrySample;
    try {
      const response = await httpRequest(options.metricsUrl, {
        headers: options.headers, dispatcher: options.dispatcher, timeoutMs: options.timeoutMs ?? 5000, signal: controller.signal,
        maxBodyBytes: 16 * 1024 * 1024, viaProxy: options.viaProxy,
      });
      if (response.status !== 200) throw new Error(`${new URL(options.metricsUrl).pathname} answered HTTP ${response.status}${response.status === 404 ? ': this server exposes no Prometheus metrics there' : ''}`);
      const snapshot = engineSnapshot(parsePrometheus(responseText(response)), at);
      sample = telemetrySample(snapshot, previous);
      previous = snapshot;
    } catch (error) {
      if (controller.signal.aborted) return;
      sample = { at, gpus: [], error: error instanceof HttpRequestError ? error.message : (error as Error).message };
    }
    if (options.gpus) {
      const reading = await options.gpus.read(controller.signal).catch((error: Error) => ({ gpus: [], note: error.message }));
      sample.gpus = reading.gpus;
      if (reading.note) sample.gpuNote = reading.note;
    }
    if (controller.signal.aborted) return;
    try {
      options.onSample(sample);
    } catch {
      // A listener's failure must not stop the watch.
    }
  }

  const loop = async () => {
    await once();
    markFirst();
    if (!controller.signal.aborted) timer = setTimeout(() => void loop(), interval);
  };
  void loop();
  return {
    first,
    stop() {
      controller.abort();
      clearTimeout(timer);
      markFirst();
      void options.gpus?.close();
    },
  };
}
