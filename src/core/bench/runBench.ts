import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../http/dispatcher.js';
import { Http1Pool } from '../http/http1Pool.js';
import { redactUrl } from '../http/errors.js';
import type { PlaygroundTarget } from '../playground/types.js';
import { buildDataset, type BenchDataset } from './dataset.js';
import type { BenchListener } from './events.js';
import { findKnee, kneeSentence } from './knee.js';
import { InFlightRequests } from './inFlightRequests.js';
import { LevelAccumulator } from './levelAccumulator.js';
import { seededRandom } from './random.js';
import { runLevel } from './runLevel.js';
import { sendOne, type SendSettings } from './sendOne.js';
import { DEFAULT_PASS, type BenchMode, type BenchResult, type LevelResult, type LevelSpec, type PassCriteria, type RequestSample, type Slo } from './types.js';

export interface BenchConfig {
  target: PlaygroundTarget;
  /** How the target is named in the result (TARGET as typed, or the URL). */
  label?: string;
  mode: BenchMode;
  levels: LevelSpec[];
  /** Default 50 when no duration is given either. */
  requestsPerLevel?: number;
  durationMsPerLevel?: number;
  /** Requests sent before the first level and not counted; the first also checks that the endpoint answers. Default 2. */
  warmup?: number;
  promptTokens?: number;
  /** max_tokens of caption and chat requests; default 128. */
  maxTokens?: number;
  imagesDir?: string;
  steps?: number;
  size?: string;
  seed?: number;
  slo?: Slo;
  pass?: PassCriteria;
  /** Per-request deadline; default 120 s. */
  timeoutMs?: number;
  /** Tool name and version written into the result. */
  tool?: string;
}

export interface BenchRunOptions {
  signal?: AbortSignal;
  onEvent?: BenchListener;
  /** From createDispatcher (CA, proxy); default a fresh one, closed at the end. */
  dispatcher?: Dispatcher;
  viaProxy?: boolean;
  /** Throttle of `progress` events; default 250 ms. */
  progressIntervalMs?: number;
  /** A dataset built earlier (e.g. to report a bad image folder before connecting). */
  dataset?: BenchDataset;
  /** Streamed requests to a plain-HTTP endpoint (no proxy) go through Http1Pool, lighter than undici; false: undici for all. */
  plainHttpClient?: boolean;
}

/** The endpoint did not answer the first request the way the mode needs: unreachable, wrong route, or not the right kind of server. */
export class BenchProbeError extends Error {
  constructor(message: string, readonly sample: RequestSample) {
    super(message);
  }
}

/**
 * Runs a load test: warm-up (whose first request is a probe), then each level in the order given, and reports the
 * figures per level and the knee. Cancelling `signal` stops sending, cancels requests in flight, and resolves with what
 * was measured (`cancelled: true`). Throws BenchProbeError when the endpoint cannot be benchmarked at all.
 */
export async function runBench(config: BenchConfig, options: BenchRunOptions = {}): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const seed = config.seed ?? 1;
  const slo = config.slo ?? {};
  const pass = config.pass ?? DEFAULT_PASS;
  const timeoutMs = config.timeoutMs ?? 120_000;
  const maxTokens = config.maxTokens ?? 128;
  const warmupCount = config.warmup ?? 2;
  // Neither a count nor a duration would never end.
  const requestsPerLevel = config.requestsPerLevel ?? (config.durationMsPerLevel === undefined ? 50 : undefined);
  const emit: BenchListener = (event) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's failure must not stop the measurement.
    }
  };
  const dataset = options.dataset ?? buildDataset({ mode: config.mode, seed, promptTokens: config.promptTokens, imagesDir: config.imagesDir });
  const dispatcher = options.dispatcher ?? createDispatcher({ timeoutMs });
  const requestsInFlight = new InFlightRequests(options.signal);
  const plainHttp = options.plainHttpClient === false || options.viaProxy ? undefined : new Http1Pool({ connectTimeoutMs: Math.min(timeoutMs, 30_000) });
  // X-Request-Id of each streamed request: ies-bench-<run>-<level>-<n> (or -warmup-<n>), as vLLM will log it.
  const requestIdPrefix = `ies-bench-${randomBytes(4).toString('hex')}`;
  const settings: SendSettings = {
    mode: config.mode, target: config.target, dataset, maxTokens, steps: config.steps, size: config.size,
    send: { dispatcher, signal: options.signal, timeoutMs, viaProxy: options.viaProxy, inFlight: requestsInFlight, plainHttp },
  };
  const levels: LevelResult[] = [];
  const warmup = { requests: 0, errors: 0 };
  emit({ type: 'start', mode: config.mode, baseUrl: redactUrl(config.target.baseUrl), levels: config.levels });
  try {
    for (let i = 0; i < Math.max(1, warmupCount) && !options.signal?.aborted; i++) {
      const sample = await sendOne(settings, i, `${requestIdPrefix}-warmup-${i}`);
      if (!sample) break;
      if (i === 0) probeVerdict(sample);
      warmup.requests++;
      if (!sample.ok) warmup.errors++;
      emit({ type: 'warmup', done: i + 1, total: Math.max(1, warmupCount), sample });
    }
    for (let index = 0; index < config.levels.length && !options.signal?.aborted; index++) {
      levels.push(await measureLevel(index, config.levels[index]));
    }
  } finally {
    requestsInFlight.close();
    await plainHttp?.destroy();
    if (!options.dispatcher) await dispatcher.close().catch(() => {});
  }
  const knee = findKnee(levels);
  const result: BenchResult = {
    schema: 'ies-bench/1',
    tool: config.tool ?? 'ies bench',
    startedAt,
    finishedAt: new Date().toISOString(),
    target: config.label ?? redactUrl(config.target.baseUrl),
    baseUrl: redactUrl(config.target.baseUrl),
    ...(config.target.model ? { model: config.target.model } : {}),
    mode: config.mode,
    settings: {
      levels: config.levels, requestsPerLevel, durationMsPerLevel: config.durationMsPerLevel, warmup: warmupCount,
      promptTokens: config.promptTokens, maxTokens: config.mode === 'caption' || config.mode === 'chat' ? maxTokens : undefined, seed,
      images: dataset.images.length || undefined, timeoutMs,
    },
    slo,
    pass,
    warmup,
    levels,
    knee,
    summary: kneeSentence(levels, knee, slo, pass),
    cancelled: Boolean(options.signal?.aborted) || levels.length < config.levels.length,
  };
  emit({ type: 'end', result });
  return result;

  async function measureLevel(index: number, spec: LevelSpec): Promise<LevelResult> {
    const acc = new LevelAccumulator(spec, slo, pass);
    const started = performance.now();
    const interval = options.progressIntervalMs ?? 250;
    let inFlight = 0;
    let finished = 0;
    let lastProgress = 0;
    const progress = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastProgress < interval) return;
      lastProgress = now;
      emit({ type: 'progress', level: index, spec, snapshot: acc.snapshot(now - started), inFlight, expected: requestsPerLevel, durationMs: config.durationMsPerLevel });
    };
    const ticker = setInterval(() => progress(false), interval);
    emit({ type: 'level-start', level: index, spec, expected: requestsPerLevel, durationMs: config.durationMsPerLevel, at: Date.now() });
    try {
      const durationMs = await runLevel({
        spec,
        requests: requestsPerLevel,
        durationMs: config.durationMsPerLevel,
        random: seededRandom(seed * 7919 + index),
        signal: options.signal,
        send: (i) => {
          inFlight++;
          return sendOne(settings, i, `${requestIdPrefix}-${index}-${i}`);
        },
        onAnswer: () => {
          inFlight--;
        },
        onSample: (sample) => {
          acc.add(sample);
          finished++;
          emit({ type: 'request', level: index, spec, sample, finished });
          progress(false);
        },
      });
      progress(true);
      const result = acc.result(durationMs);
      emit({ type: 'level-end', level: index, result, at: Date.now() });
      return result;
    } finally {
      clearInterval(ticker);
    }
  }
}

/** The first request decides whether there is anything to measure: no connection, a wrong route or not the expected answer stops the run. */
function probeVerdict(sample: RequestSample): void {
  const error = sample.error;
  if (!error) return;
  if (error.kind === 'connection') throw new BenchProbeError(`endpoint unreachable: ${error.message}`, sample);
  if (error.kind === 'invalid') throw new BenchProbeError(`the endpoint's answer is not what this mode expects: ${error.message}`, sample);
  if (error.kind === 'http' && (error.status === 401 || error.status === 403 || error.status === 404 || error.status === 405 || error.status === 415 || error.status === 422 || error.status === 400)) {
    throw new BenchProbeError(`the endpoint refused the first request: ${error.message}`, sample);
  }
}
