// The Load tab's results: one row per finished level (latency percentiles, throughput, errors by kind, goodput,
// whether it meets the SLO), then the knee in one sentence.
import type { LoadLevel } from '../src/messages/loadMessages.js';
import { h } from './dom.js';

const n = (x: number | undefined, digits = 0) => (x === undefined ? '—' : x.toFixed(digits));
const triple = (p: LoadLevel['ttftMs']) => (p.count ? `${n(p.p50)} / ${n(p.p90)} / ${n(p.p99)}` : '—');

export function errorsText(level: LoadLevel): string {
  if (!level.errors) return '0';
  const kinds = Object.entries(level.errorsByKind).map(([kind, count]) => {
    if (kind !== 'http') return `${count} ${kind}`;
    const statuses = level.errorsByStatus.map((s) => `${s.count}× HTTP ${s.status}`);
    return statuses.length ? statuses.join(', ') : `${count} http`;
  });
  return `${level.errors} (${kinds.join(', ')})`;
}

export function renderLevels(table: HTMLTableElement, levels: readonly LoadLevel[], streamed: boolean): void {
  const byRate = levels.some((l) => l.rate !== undefined);
  const head = [byRate ? 'Rate (req/s)' : 'Concurrency', 'Requests', 'Errors', 'req/s', streamed ? 'tokens/s' : 'images/s',
    ...(streamed ? ['TTFT p50 / p90 / p99 (ms)', 'TPOT p50 / p90 / p99 (ms)'] : []), 'e2e p50 / p90 / p99 (ms)', 'Goodput', 'SLO'];
  const rows = levels.map((l) => h('tr', { class: l.meetsSlo ? 'meets' : 'misses', 'data-level': String(l.concurrency ?? l.rate) },
    h('td', {}, String(l.concurrency ?? l.rate)),
    h('td', {}, String(l.requests)),
    h('td', { class: 'errors' }, errorsText(l)),
    h('td', {}, n(l.rps, 2)),
    h('td', {}, streamed ? n(l.outputTokensPerSecond, 1) : n(l.imagesPerSecond, 2)),
    ...(streamed ? [h('td', {}, triple(l.ttftMs)), h('td', {}, triple(l.tpotMs))] : []),
    h('td', {}, triple(l.e2eMs)),
    h('td', {}, `${(l.goodput * 100).toFixed(1)} %`),
    h('td', { class: 'slo' }, l.meetsSlo ? 'met' : 'missed'),
  ));
  table.replaceChildren(h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows));
}
