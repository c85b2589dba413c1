import type { EngineSnapshot } from './engineSnapshot.js';
import { bucketDelta, bucketTotal, histogramQuantile, type Buckets } from './histogramQuantile.js';

export interface LatencyQuantiles {
  p50?: number;
  p90?: number;
  p99?: number;
  /** Observations the quantiles come from. */
  count: number;
}

export interface GpuFigure {
  namespace: string;
  pod: string;
  gpu: string;
  /** 0–100. */
  utilization?: number;
  fbUsedMiB?: number;
  fbFreeMiB?: number;
}

/** What the dashboard shows for one scrape. Ratios 0–1; latencies in milliseconds. */
export interface TelemetrySample {
  at: number;
  engine?: string;
  running?: number;
  waiting?: number;
  kvCacheUsage?: number;
  /** Between the two scrapes (the engine's own gauge on engines that have one instead of counters). */
  prefixCacheHitRate?: number;
  /** Preemptions between the two scrapes. */
  preemptions?: number;
  /** Of the requests that got their first token between the two scrapes. */
  ttftMs?: LatencyQuantiles;
  itlMs?: LatencyQuantiles;
  gpus: GpuFigure[];
  gpuNote?: string;
  error?: string;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function quantilesMs(buckets: Buckets | undefined): LatencyQuantiles | undefined {
  if (!buckets) return undefined;
  const ms = (q: number) => {
    const s = histogramQuantile(q, buckets);
    return s === undefined ? undefined : round(s * 1000);
  };
  return { p50: ms(0.5), p90: ms(0.9), p99: ms(0.99), count: bucketTotal(buckets) };
}

/** A counter's increase; a counter that went down (a restarted server) counts from zero. */
function increase(now: number | undefined, before: number | undefined): number | undefined {
  if (now === undefined || before === undefined) return undefined;
  return now >= before ? now - before : now;
}

/**
 * The figures between two scrapes of the same engine. Without an earlier scrape the rates are unknown (undefined):
 * a counter's value since the server started says nothing about now.
 */
export function telemetrySample(current: EngineSnapshot, previous?: EngineSnapshot): TelemetrySample {
  const hits = increase(current.prefixHits, previous?.prefixHits);
  const queries = increase(current.prefixQueries, previous?.prefixQueries);
  const prefixCacheHitRate = queries && hits !== undefined ? round(hits / queries, 4) : current.prefixQueries === undefined ? current.prefixHitRateGauge : undefined;
  return {
    at: current.at,
    engine: current.engine,
    running: current.running,
    waiting: current.waiting,
    kvCacheUsage: current.kvCacheUsage === undefined ? undefined : round(current.kvCacheUsage, 6),
    prefixCacheHitRate,
    preemptions: increase(current.preemptions, previous?.preemptions),
    ttftMs: previous && current.ttft ? quantilesMs(bucketDelta(current.ttft, previous.ttft)) : undefined,
    itlMs: previous && current.itl ? quantilesMs(bucketDelta(current.itl, previous.itl)) : undefined,
    gpus: [],
  };
}
