import type { MetricSample } from '../health/prometheus.js';
import { engineNaming, FAMILIES, type Figure } from './engineFamilies.js';
import type { Buckets } from './histogramQuantile.js';

/** One scrape of an engine's metrics page, reduced to what the dashboard shows (raw counters; rates come from two). */
export interface EngineSnapshot {
  at: number;
  engine?: string;
  running?: number;
  waiting?: number;
  kvCacheUsage?: number;
  prefixHits?: number;
  prefixQueries?: number;
  prefixHitRateGauge?: number;
  preemptions?: number;
  ttft?: Buckets;
  itl?: Buckets;
}

/** The first family of `figure` the page has, and its samples (several engines or models: several label sets). */
function pick(samples: readonly MetricSample[], figure: Figure): MetricSample[] {
  for (const name of FAMILIES[figure]) {
    const hits = samples.filter((s) => s.name === name && Number.isFinite(s.value));
    if (hits.length) return hits;
  }
  return [];
}

const sum = (hits: MetricSample[]) => (hits.length ? hits.reduce((n, s) => n + s.value, 0) : undefined);
const max = (hits: MetricSample[]) => (hits.length ? Math.max(...hits.map((s) => s.value)) : undefined);

/** Cumulative buckets of a histogram family, summed over label sets (engines, models) by upper bound. */
function buckets(samples: readonly MetricSample[], figure: 'ttft' | 'itl'): Buckets | undefined {
  for (const family of FAMILIES[figure]) {
    const name = `${family}_bucket`;
    const hits = samples.filter((s) => s.name === name && s.labels.le !== undefined);
    if (!hits.length) continue;
    const out: Buckets = new Map();
    for (const s of hits) {
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      if (Number.isNaN(le)) continue;
      out.set(le, (out.get(le) ?? 0) + s.value);
    }
    return out;
  }
  return undefined;
}

export function engineSnapshot(samples: readonly MetricSample[], at: number): EngineSnapshot {
  return {
    at,
    engine: engineNaming(new Set(samples.map((s) => s.name))),
    running: sum(pick(samples, 'running')),
    waiting: sum(pick(samples, 'waiting')),
    kvCacheUsage: max(pick(samples, 'kvCacheUsage')),
    prefixHits: sum(pick(samples, 'prefixHits')),
    prefixQueries: sum(pick(samples, 'prefixQueries')),
    prefixHitRateGauge: max(pick(samples, 'prefixHitRateGauge')),
    preemptions: sum(pick(samples, 'preemptions')),
    ttft: buckets(samples, 'ttft'),
    itl: buckets(samples, 'itl'),
  };
}
