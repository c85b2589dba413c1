// Quantiles of a Prometheus histogram, the way PromQL's histogram_quantile computes them: find the bucket the rank
// falls in and interpolate linearly inside it (the first bucket starts at 0). Applied to the difference of two scrapes,
// it gives the latencies of the requests finished between them.

/** Cumulative bucket counts by upper bound (seconds); +Inf included when the page has it. */
export type Buckets = Map<number, number>;

/** Bucket counts of `later` minus `earlier`; a counter that went down (a restarted server) counts from zero. */
export function bucketDelta(later: Buckets, earlier: Buckets | undefined): Buckets {
  if (!earlier) return new Map(later);
  const reset = [...later].some(([le, n]) => n < (earlier.get(le) ?? 0));
  return new Map([...later].map(([le, n]) => [le, reset ? n : n - (earlier.get(le) ?? 0)]));
}

/** Observations in the buckets (the +Inf bucket's count, else the largest). */
export function bucketTotal(buckets: Buckets): number {
  const inf = buckets.get(Number.POSITIVE_INFINITY);
  return inf ?? Math.max(0, ...buckets.values());
}

/**
 * The q-quantile (0–1) in the buckets' unit; undefined when they hold no observation. A rank in the +Inf bucket is
 * reported as the largest finite bound (PromQL does the same: nothing more is known).
 */
export function histogramQuantile(q: number, buckets: Buckets): number | undefined {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = bucketTotal(buckets);
  if (!sorted.length || total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return lowerBound;
      if (count === lowerCount) return le;
      return lowerBound + (le - lowerBound) * ((rank - lowerCount) / (count - lowerCount));
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
