import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** p50/p90/p95/p99 (and mean, min, max, count) of one latency, in milliseconds; absent figures when nothing was recorded. */
export interface Percentiles {
  count: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  mean?: number;
  min?: number;
  max?: number;
}

/** Recorded in microseconds, 3 significant digits (HdrHistogram's usual setting): 0.1 % error at any magnitude. */
const MICROS_PER_MS = 1000;

/**
 * A latency histogram that can be written out (HdrHistogram's compressed V2 encoding, base64 — readable by the Java,
 * Go, Python and Rust HdrHistogram libraries) and merged with another run's, so that percentiles over runs from
 * several machines are exact to the histogram's precision instead of averaged percentiles.
 */
export class LatencyHistogram {
  private constructor(private readonly h: Histogram) {}

  static create(): LatencyHistogram {
    return new LatencyHistogram(build({ bitBucketSize: 32, numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1, autoResize: true, useWebAssembly: false }));
  }

  /** From `encode()`'s text; throws on anything else. */
  static decode(encoded: string): LatencyHistogram {
    return new LatencyHistogram(decodeFromCompressedBase64(encoded, 32, false));
  }

  /** Merge of several histograms (none changed). */
  static merge(parts: readonly LatencyHistogram[]): LatencyHistogram {
    const merged = LatencyHistogram.create();
    for (const part of parts) merged.h.add(part.h);
    return merged;
  }

  get count(): number {
    return this.h.totalCount;
  }

  /** Records one latency in milliseconds (negative and non-finite values are ignored). */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.h.recordValue(Math.max(1, Math.round(ms * MICROS_PER_MS)));
  }

  /** Milliseconds at percentile p (0-100); undefined when empty. */
  at(p: number): number | undefined {
    return this.count ? roundMs(this.h.getValueAtPercentile(p)) : undefined;
  }

  percentiles(): Percentiles {
    if (!this.count) return { count: 0 };
    return {
      count: this.count,
      p50: this.at(50), p90: this.at(90), p95: this.at(95), p99: this.at(99),
      mean: roundMs(this.h.mean), min: roundMs(this.h.minNonZeroValue), max: roundMs(this.h.maxValue),
    };
  }

  encode(): string {
    return encodeIntoCompressedBase64(this.h);
  }
}

function roundMs(micros: number): number {
  return Math.round(micros / 10) / 100;
}
