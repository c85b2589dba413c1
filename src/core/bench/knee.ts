import { formatSlo, hasSlo } from './slo.js';
import type { Knee, LevelResult, PassCriteria, Slo } from './types.js';

/** A level spec, a level result or a knee: whichever of concurrency or rate it has. */
export type LevelLike = { concurrency?: number; rate?: number };

export function levelKey(level: LevelLike): string {
  return level.concurrency !== undefined ? `c${level.concurrency}` : `r${level.rate}`;
}

export function levelValue(level: LevelLike): number {
  return level.concurrency ?? level.rate ?? 0;
}

/** "8 concurrent requests" or "4 req/s". */
export function describeLevel(level: LevelLike): string {
  if (level.concurrency !== undefined) return `${level.concurrency} concurrent request${level.concurrency === 1 ? '' : 's'}`;
  return `${level.rate} req/s`;
}

/** The highest level that meets the SLO (levels compared by their concurrency or rate); null when none does. */
export function findKnee(levels: readonly LevelResult[]): Knee | null {
  const passing = levels.filter((l) => l.meetsSlo).sort((a, b) => levelValue(a) - levelValue(b));
  const top = passing[passing.length - 1];
  if (!top) return null;
  return top.concurrency !== undefined ? { concurrency: top.concurrency } : { rate: top.rate };
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()} %`;

/** Why a level missed: too few requests within the SLO, too many errors, or nothing finished. */
function shortfall(level: LevelResult, slo: Slo, pass: PassCriteria): string {
  if (level.requests === 0) return 'no request finished';
  const reasons: string[] = [];
  if (hasSlo(slo) && level.goodput < pass.goodput) reasons.push(`only ${pct(level.goodput)} of requests were within it (needed ${pct(pass.goodput)})`);
  if (level.errorRate > pass.errorRate) reasons.push(`${pct(level.errorRate)} of requests failed (allowed ${pct(pass.errorRate)})`);
  return reasons.join(' and ') || 'it missed';
}

/** The verdict in one sentence. */
export function kneeSentence(levels: readonly LevelResult[], knee: Knee | null, slo: Slo, pass: PassCriteria): string {
  const sorted = [...levels].sort((a, b) => levelValue(a) - levelValue(b));
  const target = hasSlo(slo) ? `the SLO (${formatSlo(slo)})` : `an error rate of at most ${pct(pass.errorRate)} (no SLO given)`;
  if (!sorted.length) return 'No level finished, so there is no verdict.';
  if (!knee) {
    const first = sorted[0];
    return `No level meets ${target}: even at ${describeLevel(first)} ${shortfall(first, slo, pass)}.`;
  }
  const at = sorted.find((l) => levelKey(l) === levelKey(knee))!;
  const within = hasSlo(slo) ? `${pct(at.goodput)} of requests were within it at ${at.rps} req/s` : `${at.rps} req/s with ${pct(at.errorRate)} errors`;
  const above = sorted.find((l) => levelValue(l) > levelValue(at));
  const lowerMiss = sorted.filter((l) => levelValue(l) < levelValue(at) && !l.meetsSlo);
  const caveat = lowerMiss.length ? ` (though ${lowerMiss.map(describeLevel).join(', ')} missed it)` : '';
  if (!above && lowerMiss.length) return `The highest level, ${describeLevel(at)}, meets ${target}${caveat}: ${within}; the knee may lie higher than this sweep went.`;
  if (!above) return `Every level up to ${describeLevel(at)} meets ${target}: ${within}; the knee lies higher than this sweep went.`;
  return `The knee is ${describeLevel(at)}: up to there the endpoint meets ${target}${caveat}, ${within}; at ${describeLevel(above)} ${shortfall(above, slo, pass)}.`;
}
