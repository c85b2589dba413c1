// Engine telemetry as text: the numbers shown beside the charts.
import type { TelemetrySampleMessage } from '../src/messages/loadMessages.js';

const pct = (x: number | undefined, digits = 1) => (x === undefined ? '—' : `${(x * 100).toFixed(digits)} %`);
const ms = (x: number | undefined) => (x === undefined ? '—' : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
const n = (x: number | undefined) => (x === undefined ? '—' : String(Math.round(x * 100) / 100));

export function quantilesText(q: TelemetrySampleMessage['ttftMs']): string {
  if (!q) return '— (needs two scrapes)';
  if (!q.count) return 'no request in the last interval';
  return `p50 ${ms(q.p50)} · p90 ${ms(q.p90)} · p99 ${ms(q.p99)} (${q.count} req)`;
}

/** Label → text, in the order shown; the keys double as element ids (`dash<Key>`). */
export function telemetryRows(s: TelemetrySampleMessage): Array<{ key: string; label: string; text: string }> {
  const gpus = s.gpus.length
    ? s.gpus.map((g) => `${g.pod} GPU ${g.gpu}: ${g.utilization === undefined ? '—' : `${g.utilization} %`} busy, ${g.fbUsedMiB === undefined ? '—' : `${g.fbUsedMiB.toLocaleString('en-US')} MiB`} used${g.fbFreeMiB === undefined ? '' : ` of ${((g.fbUsedMiB ?? 0) + g.fbFreeMiB).toLocaleString('en-US')}`}`).join('\n')
    : (s.gpuNote ?? '—');
  return [
    { key: 'Running', label: 'Running requests', text: n(s.running) },
    { key: 'Waiting', label: 'Waiting requests', text: n(s.waiting) },
    { key: 'Kv', label: 'KV-cache usage', text: pct(s.kvCacheUsage) },
    { key: 'Prefix', label: 'Prefix-cache hit rate', text: pct(s.prefixCacheHitRate) },
    { key: 'Preempt', label: 'Preemptions (last interval)', text: n(s.preemptions) },
    { key: 'Ttft', label: 'Engine TTFT', text: quantilesText(s.ttftMs) },
    { key: 'Itl', label: 'Engine inter-token latency', text: quantilesText(s.itlMs) },
    { key: 'Gpus', label: 'GPU per pod', text: gpus },
  ];
}
