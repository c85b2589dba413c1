import type { BenchComparison, Delta } from './compare.js';
import { describeLevel } from './knee.js';
import type { Percentiles } from './histogram.js';
import { formatSlo, hasSlo } from './slo.js';
import type { BenchResult, LevelResult } from './types.js';

const num = (n: number | undefined, digits = 1) => (n === undefined ? '—' : (Math.round(n * 10 ** digits) / 10 ** digits).toString());
const pct = (x: number) => `${num(x * 100)}%`;
const p = (x: Percentiles) => (x.count ? `${num(x.p50)}/${num(x.p95)}/${num(x.p99)}` : '—');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()).join('\n');
}

function errorsCell(l: LevelResult): string {
  if (!l.errors) return '0';
  const kinds = Object.entries(l.errorsByKind).map(([k, n]) => (k === 'http' ? Object.entries(l.errorsByStatus).map(([s, c]) => `${c}×${s}`).join(' ') : `${n}×${k}`));
  return `${l.errors} (${kinds.join(' ')})`;
}

/** The report `ies bench` prints: one row per level, p50/p95/p99 in milliseconds, then the verdict sentence. */
export function formatBenchText(result: BenchResult): string {
  const streamed = result.mode === 'caption' || result.mode === 'chat';
  const head = ['level', 'reqs', 'errors', 'req/s', ...(streamed ? ['tok/s', 'TTFT p50/95/99', 'TPOT p50/95/99'] : ['img/s']), 'e2e p50/95/99', 'goodput', 'SLO'];
  const rows = result.levels.map((l) => [
    l.concurrency !== undefined ? `c=${l.concurrency}` : `${l.rate}/s`, String(l.requests), errorsCell(l), num(l.rps, 2),
    ...(streamed ? [num(l.outputTokensPerSecond), p(l.ttftMs), p(l.tpotMs)] : [num(l.imagesPerSecond, 2)]),
    p(l.e2eMs), pct(l.goodput), l.meetsSlo ? 'met' : 'missed',
  ]);
  const lines = [
    `ies bench ${result.mode} → ${result.target}${result.model ? ` (${result.model})` : ''}`,
    `SLO: ${hasSlo(result.slo) ? formatSlo(result.slo) : 'none'}; a level passes with goodput ≥ ${pct(result.pass.goodput)} and errors ≤ ${pct(result.pass.errorRate)}. Latencies in ms.`,
    '',
    result.levels.length ? table([head, ...rows]) : '(no level finished)',
    '',
  ];
  const examples = [...new Set(result.levels.flatMap((l) => l.errorExamples))].slice(0, 3);
  if (examples.length) lines.push(...examples.map((e) => `error: ${e}`), '');
  if (result.cancelled) lines.push('Cancelled: the figures cover what was measured before the stop.');
  lines.push(result.summary);
  return `${lines.join('\n')}\n`;
}

const d = (x: Delta, digits = 1) => (x.a === undefined || x.b === undefined ? '—' : `${num(x.a, digits)}→${num(x.b, digits)}${x.change !== undefined ? ` (${x.change >= 0 ? '+' : ''}${num(x.change * 100)}%)` : ''}`);

/** `ies bench compare`: per level A→B with the change, and where both ran the level, percentiles of the merged histograms. */
export function formatCompareText(c: BenchComparison, names: [string, string]): string {
  const rows = [['level', 'TTFT p50', 'TTFT p95', 'TPOT p50', 'TPOT p95', 'e2e p50', 'e2e p95', 'req/s', 'goodput']];
  const merged = [['level', 'requests', 'TTFT p50/95/99', 'TPOT p50/95/99', 'e2e p50/95/99']];
  for (const l of c.levels) {
    const name = l.concurrency !== undefined ? `c=${l.concurrency}` : `${l.rate}/s`;
    if (!l.deltas) {
      rows.push([name, `only in ${l.inA ? 'A' : 'B'}`, '', '', '', '', '', '', '']);
      continue;
    }
    const x = l.deltas;
    rows.push([name, d(x.ttftP50), d(x.ttftP95), d(x.tpotP50), d(x.tpotP95), d(x.e2eP50), d(x.e2eP95), d(x.rps, 2), d(x.goodput, 3)]);
    merged.push([name, String(l.merged!.requests), p(l.merged!.ttft), p(l.merged!.tpot), p(l.merged!.e2e)]);
  }
  const knee = (k: BenchComparison['a']['knee']) => (k ? describeLevel(k) : 'none');
  return [
    `A: ${names[0]} — ${c.a.target} (${c.a.mode}, ${c.a.startedAt})`,
    `B: ${names[1]} — ${c.b.target} (${c.b.mode}, ${c.b.startedAt})`,
    '',
    table(rows),
    '',
    ...(merged.length > 1 ? ['Merged (A and B together):', table(merged), ''] : []),
    `Knee: A ${knee(c.a.knee)}, B ${knee(c.b.knee)}.`,
    '',
  ].join('\n');
}
