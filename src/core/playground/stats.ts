export interface LatencyStats {
  runs: number;
  failures: number;
  /** Over successful runs only; undefined when none succeeded. */
  p50?: number;
  p95?: number;
  min?: number;
  max?: number;
  mean?: number;
}

/** Nearest-rank percentile (p in 0-100) of ascending-sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function latencyStats(samples: ReadonlyArray<{ ms: number; ok: boolean }>): LatencyStats {
  const ok = samples.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
  const stats: LatencyStats = { runs: samples.length, failures: samples.length - ok.length };
  if (ok.length) {
    stats.p50 = percentile(ok, 50);
    stats.p95 = percentile(ok, 95);
    stats.min = ok[0];
    stats.max = ok[ok.length - 1];
    stats.mean = Math.round(ok.reduce((a, b) => a + b, 0) / ok.length);
  }
  return stats;
}

export function formatStats(stats: LatencyStats): string {
  const failed = `${stats.failures} failed of ${stats.runs}`;
  if (stats.p50 === undefined) return `all ${stats.runs} runs failed`;
  return `p50 ${stats.p50} ms · p95 ${stats.p95} ms · min ${stats.min} ms · max ${stats.max} ms · ${failed}`;
}

/** Runs `once` N times one after another (the playground measures latency, not throughput); stops early when cancelled. */
export async function repeatRuns<T extends { ok: boolean; latencyMs: number }>(
  times: number, once: (index: number) => Promise<T>, options: { signal?: AbortSignal; onRun?: (index: number, outcome: T, stats: LatencyStats) => void } = {},
): Promise<{ outcomes: T[]; stats: LatencyStats }> {
  const outcomes: T[] = [];
  for (let i = 0; i < times && !options.signal?.aborted; i++) {
    const outcome = await once(i);
    outcomes.push(outcome);
    options.onRun?.(i, outcome, latencyStats(outcomes.map((o) => ({ ms: o.latencyMs, ok: o.ok }))));
  }
  return { outcomes, stats: latencyStats(outcomes.map((o) => ({ ms: o.latencyMs, ok: o.ok }))) };
}
