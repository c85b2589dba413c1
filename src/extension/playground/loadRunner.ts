// The Load tab's host side: turns the form into a runBench configuration, runs it with the playground's target
// (API key and port-forward looked up here, never posted), and reports progress, each level and the knee in validated
// messages. No vscode import: the integration test drives it as the panel does.
import type { Dispatcher } from 'undici';
import { BenchProbeError, DatasetError, buildDataset, runBench, type BenchConfig, type BenchEvent, type BenchMode, type BenchResult, type LevelResult } from '../../core/bench/index.js';
import type { PlaygroundTarget } from '../../core/playground/index.js';
import type { LoadLevel, LoadSettings } from '../../messages/loadMessages.js';
import type { HostMessage, PlaygroundTargetMessage } from '../../messages/playgroundMessages.js';

export interface ResolvedTarget {
  target: PlaygroundTarget;
  dispatcher: Dispatcher;
  viaProxy: boolean;
}

export interface LoadRunnerDeps {
  resolve(target: PlaygroundTargetMessage): Promise<ResolvedTarget>;
  post(message: HostMessage): void;
  /** Save dialog; asks before replacing a file. Resolves with what was written, or undefined when the user declined. */
  saveJson(suggestedName: string, text: string): Promise<string | undefined>;
  pickFolder(): Promise<string | undefined>;
  /** Starts scraping the endpoint's engine metrics during a run; the returned function stops it. */
  watchTelemetry?(target: PlaygroundTargetMessage, resolved: ResolvedTarget, requestId: string): () => void;
  /** Wall clock (tests pin it). */
  now?(): number;
}

const PROGRESS_INTERVAL_MS = 300;

export function benchModeOf(settings: LoadSettings): BenchMode {
  return settings.kind === 'edit' ? `edit-${settings.transport}` : settings.kind;
}

export function benchConfigOf(target: PlaygroundTarget, timeoutMs: number, settings: LoadSettings): BenchConfig {
  return {
    target,
    mode: benchModeOf(settings),
    levels: settings.sweep === 'rate' && settings.rates ? settings.rates.map((rate) => ({ rate })) : settings.concurrency.map((concurrency) => ({ concurrency })),
    requestsPerLevel: settings.durationSeconds === undefined ? (settings.requestsPerLevel ?? 20) : undefined,
    durationMsPerLevel: settings.durationSeconds === undefined ? undefined : Math.round(settings.durationSeconds * 1000),
    warmup: settings.warmup,
    promptTokens: settings.inputTokens,
    maxTokens: settings.outputTokens,
    imagesDir: settings.kind === 'chat' ? undefined : settings.imagesDir || undefined,
    slo: settings.slo,
    timeoutMs,
    tool: 'Inference Endpoint Studio playground (Load)',
  };
}

/** A level's figures as the results table shows them (histograms and error examples stay in the saved JSON). */
export function loadLevelOf(level: LevelResult, endedAt: number): LoadLevel {
  const pick = (p: LevelResult['ttftMs']) => ({ count: p.count, p50: p.p50, p90: p.p90, p95: p.p95, p99: p.p99, mean: p.mean, min: p.min, max: p.max });
  return {
    ...(level.concurrency !== undefined ? { concurrency: level.concurrency } : { rate: level.rate }),
    requests: level.requests, errors: level.errors, errorsByKind: { ...level.errorsByKind }, errorsByStatus: Object.entries(level.errorsByStatus).map(([status, count]) => ({ status: Number(status), count })).slice(0, 50),
    errorRate: level.errorRate, rps: level.rps, outputTokensPerSecond: level.outputTokensPerSecond, imagesPerSecond: level.imagesPerSecond,
    ttftMs: pick(level.ttftMs), tpotMs: pick(level.tpotMs), e2eMs: pick(level.e2eMs),
    goodput: level.goodput, meetsSlo: level.meetsSlo, endedAt,
  };
}

export class LoadRunner {
  private readonly running = new Map<string, AbortController>();
  /** The last finished run of each request id, for Save JSON (only the newest few are kept). */
  private readonly results = new Map<string, BenchResult>();

  constructor(private readonly deps: LoadRunnerDeps) {}

  cancel(requestId: string): void {
    this.running.get(requestId)?.abort();
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
  }

  async pickFolder(): Promise<void> {
    const path = await this.deps.pickFolder();
    if (path) this.deps.post({ type: 'imagesFolder', path });
  }

  async save(requestId: string): Promise<void> {
    const result = this.results.get(requestId);
    if (!result) {
      this.deps.post({ type: 'notice', level: 'error', message: 'No finished load run to save: run one first.' });
      return;
    }
    const stamp = result.startedAt.replace(/[:.]/g, '-').slice(0, 19);
    const saved = await this.deps.saveJson(`bench-${result.mode}-${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);
    if (saved) this.deps.post({ type: 'notice', level: 'info', message: `Saved ${saved}` });
  }

  async run(requestId: string, targetMessage: PlaygroundTargetMessage, settings: LoadSettings): Promise<void> {
    const now = this.deps.now ?? Date.now;
    const controller = new AbortController();
    this.running.set(requestId, controller);
    let stopTelemetry: (() => void) | undefined;
    try {
      const resolved = await this.deps.resolve(targetMessage);
      const config = benchConfigOf(resolved.target, targetMessage.timeoutMs, settings);
      // A bad image folder is reported before anything is sent.
      const dataset = buildDataset({ mode: config.mode, seed: 1, promptTokens: config.promptTokens, imagesDir: config.imagesDir });
      this.deps.post({ type: 'loadStarted', requestId, levels: config.levels.map((l) => ('concurrency' in l ? l.concurrency : l.rate)), at: now() });
      stopTelemetry = this.deps.watchTelemetry?.(targetMessage, resolved, requestId);
      const result = await runBench(config, {
        signal: controller.signal, dispatcher: resolved.dispatcher, viaProxy: resolved.viaProxy, dataset,
        progressIntervalMs: PROGRESS_INTERVAL_MS, onEvent: (event) => this.onEvent(requestId, config.levels.length, event, now),
      });
      this.results.set(requestId, result);
      while (this.results.size > 5) this.results.delete(this.results.keys().next().value!);
      this.deps.post({
        type: 'loadDone', requestId, cancelled: result.cancelled, summary: result.summary,
        knee: !result.knee ? null : result.knee.concurrency !== undefined ? { concurrency: result.knee.concurrency } : result.knee.rate !== undefined ? { rate: result.knee.rate } : null,
      });
    } catch (error) {
      const message = error instanceof BenchProbeError || error instanceof DatasetError ? error.message : `load run failed: ${(error as Error).message}`;
      this.deps.post({ type: 'loadDone', requestId, cancelled: controller.signal.aborted, summary: '', knee: null, error: message });
    } finally {
      stopTelemetry?.();
      this.running.delete(requestId);
    }
  }

  private onEvent(requestId: string, levels: number, event: BenchEvent, now: () => number): void {
    switch (event.type) {
      case 'warmup':
        this.deps.post({ type: 'loadProgress', requestId, fraction: 0, label: `warm-up ${event.done} of ${event.total}` });
        return;
      case 'progress': {
        const within = event.expected ? event.snapshot.finished / event.expected : event.durationMs ? event.snapshot.elapsedMs / event.durationMs : 0;
        const fraction = Math.min(1, (event.level + Math.min(1, within)) / levels);
        const concurrency = 'concurrency' in event.spec ? event.spec.concurrency : undefined;
        const of = event.expected ? ` of ${event.expected}` : '';
        const level = concurrency !== undefined ? `${concurrency} concurrent` : `${'rate' in event.spec ? event.spec.rate : '?'} req/s`;
        this.deps.post({
          type: 'loadProgress', requestId, fraction, concurrency, e2eP50: event.snapshot.e2eP50, ttftP50: event.snapshot.ttftP50,
          label: `level ${event.level + 1} of ${levels} (${level}): ${event.snapshot.finished}${of} requests, ${event.snapshot.errors} errors`,
        });
        return;
      }
      case 'level-end':
        this.deps.post({ type: 'loadLevel', requestId, level: loadLevelOf(event.result, event.at ?? now()) });
        return;
      default:
        return;
    }
  }
}
