import { LatencyHistogram, type Percentiles } from './histogram.js';
import { describeLevel, levelKey, levelValue } from './knee.js';
import type { BenchResult, Knee, LevelResult } from './types.js';

const METRICS = ['ttft', 'tpot', 'e2e'] as const;
type Metric = (typeof METRICS)[number];

/** B − A and its ratio to A (undefined when either side has no figure, or A is 0). */
export interface Delta {
  a?: number;
  b?: number;
  diff?: number;
  /** (B − A) / A. */
  change?: number;
}

export interface LevelComparison {
  concurrency?: number;
  rate?: number;
  /** Both runs have this level; otherwise only `inA` or `inB`. */
  inA: boolean;
  inB: boolean;
  deltas?: {
    ttftP50: Delta; ttftP95: Delta; tpotP50: Delta; tpotP95: Delta; e2eP50: Delta; e2eP95: Delta;
    rps: Delta; outputTokensPerSecond: Delta; imagesPerSecond: Delta; goodput: Delta; errorRate: Delta;
  };
  /** Percentiles of both runs' requests together, from the merged histograms. */
  merged?: Record<Metric, Percentiles> & { requests: number; errors: number };
}

export interface BenchComparison {
  a: { target: string; mode: string; startedAt: string; knee: Knee | null; summary: string };
  b: { target: string; mode: string; startedAt: string; knee: Knee | null; summary: string };
  levels: LevelComparison[];
}

function delta(a: number | undefined, b: number | undefined): Delta {
  if (a === undefined || b === undefined) return { a, b };
  const diff = Math.round((b - a) * 100) / 100;
  return { a, b, diff, ...(a !== 0 ? { change: Math.round(((b - a) / a) * 1000) / 1000 } : {}) };
}

function levelDeltas(a: LevelResult, b: LevelResult): NonNullable<LevelComparison['deltas']> {
  return {
    ttftP50: delta(a.ttftMs.p50, b.ttftMs.p50), ttftP95: delta(a.ttftMs.p95, b.ttftMs.p95),
    tpotP50: delta(a.tpotMs.p50, b.tpotMs.p50), tpotP95: delta(a.tpotMs.p95, b.tpotMs.p95),
    e2eP50: delta(a.e2eMs.p50, b.e2eMs.p50), e2eP95: delta(a.e2eMs.p95, b.e2eMs.p95),
    rps: delta(a.rps, b.rps), outputTokensPerSecond: delta(a.outputTokensPerSecond, b.outputTokensPerSecond),
    imagesPerSecond: delta(a.imagesPerSecond, b.imagesPerSecond), goodput: delta(a.goodput, b.goodput), errorRate: delta(a.errorRate, b.errorRate),
  };
}

/** Merges the same level's histograms from several runs (e.g. several machines driving one endpoint). */
export function mergeLevels(levels: readonly LevelResult[]): Record<Metric, Percentiles> & { requests: number; errors: number } {
  const merged = Object.fromEntries(METRICS.map((m) => [m, LatencyHistogram.merge(levels.map((l) => LatencyHistogram.decode(l.histograms[m]))).percentiles()])) as Record<Metric, Percentiles>;
  return { ...merged, requests: levels.reduce((n, l) => n + l.requests, 0), errors: levels.reduce((n, l) => n + l.errors, 0) };
}

/** Level by level (matched on concurrency or rate): B against A, and both merged where both ran the level. */
export function compareResults(a: BenchResult, b: BenchResult): BenchComparison {
  const keys = new Map<string, { a?: LevelResult; b?: LevelResult }>();
  for (const l of a.levels) keys.set(levelKey(l), { ...keys.get(levelKey(l)), a: l });
  for (const l of b.levels) keys.set(levelKey(l), { ...keys.get(levelKey(l)), b: l });
  const levels = [...keys.values()]
    .sort((x, y) => Number((x.a ?? x.b)!.rate !== undefined) - Number((y.a ?? y.b)!.rate !== undefined) || levelValue((x.a ?? x.b)!) - levelValue((y.a ?? y.b)!))
    .map(({ a: la, b: lb }): LevelComparison => {
      const any = (la ?? lb)!;
      const spec = any.concurrency !== undefined ? { concurrency: any.concurrency } : { rate: any.rate };
      if (!la || !lb) return { ...spec, inA: Boolean(la), inB: Boolean(lb) };
      return { ...spec, inA: true, inB: true, deltas: levelDeltas(la, lb), merged: mergeLevels([la, lb]) };
    });
  const side = (r: BenchResult) => ({ target: r.target, mode: r.mode, startedAt: r.startedAt, knee: r.knee, summary: r.summary });
  return { a: side(a), b: side(b), levels };
}

export { describeLevel };
