import { LatencyHistogram } from './histogram.js';
import { hasSlo, meetsSlo } from './slo.js';
import type { BenchErrorKind, LevelResult, LevelSpec, PassCriteria, RequestSample, Slo } from './types.js';

/** Live figures of the level being run, for progress lines and charts. */
export interface LevelSnapshot {
  finished: number;
  errors: number;
  elapsedMs: number;
  rps: number;
  goodput: number;
  outputTokensPerSecond: number;
  ttftP50?: number;
  ttftP95?: number;
  tpotP50?: number;
  e2eP50?: number;
  e2eP95?: number;
}

const MAX_ERROR_EXAMPLES = 5;

/** Collects one level's samples into mergeable histograms and counters; `result()` gives the level's figures. */
export class LevelAccumulator {
  readonly ttft = LatencyHistogram.create();
  readonly tpot = LatencyHistogram.create();
  readonly itl = LatencyHistogram.create();
  readonly e2e = LatencyHistogram.create();
  private finished = 0;
  private errors = 0;
  private good = 0;
  private outputTokens = 0;
  private images = 0;
  private readonly byKind: Partial<Record<BenchErrorKind, number>> = {};
  private readonly byStatus: Record<string, number> = {};
  private readonly examples: string[] = [];

  constructor(readonly spec: LevelSpec, private readonly slo: Slo, private readonly pass: PassCriteria) {}

  add(sample: RequestSample): void {
    this.finished++;
    if (meetsSlo(sample, this.slo)) this.good++;
    if (!sample.ok) {
      this.errors++;
      const kind = sample.error?.kind ?? 'invalid';
      this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
      if (sample.error?.status !== undefined && kind === 'http') this.byStatus[sample.error.status] = (this.byStatus[sample.error.status] ?? 0) + 1;
      const message = sample.error?.message;
      if (message && this.examples.length < MAX_ERROR_EXAMPLES && !this.examples.includes(message)) this.examples.push(message);
      return;
    }
    // Latencies of successful requests only: a fast error is not a fast answer.
    this.e2e.record(sample.e2eMs);
    if (sample.ttftMs !== undefined) this.ttft.record(sample.ttftMs);
    if (sample.tpotMs !== undefined) this.tpot.record(sample.tpotMs);
    for (const gap of sample.itlMs ?? []) this.itl.record(gap);
    this.outputTokens += sample.outputTokens ?? 0;
    this.images += sample.images ?? 0;
  }

  snapshot(elapsedMs: number): LevelSnapshot {
    const seconds = elapsedMs / 1000;
    return {
      finished: this.finished,
      errors: this.errors,
      elapsedMs: Math.round(elapsedMs),
      rps: seconds > 0 ? round(this.finished / seconds) : 0,
      goodput: this.finished ? round(this.good / this.finished, 4) : 0,
      outputTokensPerSecond: seconds > 0 ? round(this.outputTokens / seconds) : 0,
      ttftP50: this.ttft.at(50), ttftP95: this.ttft.at(95), tpotP50: this.tpot.at(50), e2eP50: this.e2e.at(50), e2eP95: this.e2e.at(95),
    };
  }

  /** The level's figures over `durationMs` (from its first send to its last answer). */
  result(durationMs: number): LevelResult {
    const seconds = durationMs / 1000;
    const perSecond = (n: number) => (seconds > 0 ? round(n / seconds) : 0);
    const errorRate = this.finished ? round(this.errors / this.finished, 4) : 0;
    const goodput = this.finished ? round(this.good / this.finished, 4) : 0;
    const meets = this.finished > 0 && errorRate <= this.pass.errorRate && (!hasSlo(this.slo) || goodput >= this.pass.goodput);
    return {
      ...this.spec,
      requests: this.finished,
      errors: this.errors,
      errorsByKind: { ...this.byKind },
      errorsByStatus: { ...this.byStatus },
      errorExamples: [...this.examples],
      errorRate,
      durationMs: Math.round(durationMs),
      rps: perSecond(this.finished),
      outputTokens: this.outputTokens,
      outputTokensPerSecond: perSecond(this.outputTokens),
      images: this.images,
      imagesPerSecond: perSecond(this.images),
      ttftMs: this.ttft.percentiles(),
      tpotMs: this.tpot.percentiles(),
      itlMs: this.itl.percentiles(),
      e2eMs: this.e2e.percentiles(),
      goodput,
      goodRps: perSecond(this.good),
      meetsSlo: meets,
      histograms: { ttft: this.ttft.encode(), tpot: this.tpot.encode(), itl: this.itl.encode(), e2e: this.e2e.encode() },
    };
  }
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
