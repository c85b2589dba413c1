// The Load tab's chart: the bench's own latencies as the run goes, overlaid with the engine's running and waiting
// requests and KV-cache usage scraped meanwhile, and the engine's latest numbers as text below it.
import type { LoadLevel, TelemetrySampleMessage } from '../src/messages/loadMessages.js';
import { h } from './dom.js';
import type { LoadChartSink } from './loadTab.js';
import { createTimeChart } from './timeChart.js';

export function createLoadChart(): LoadChartSink & { telemetry(sample: TelemetrySampleMessage): void } {
  const chart = createTimeChart('loadChart', [
    { label: 'bench e2e p50 (ms)', scale: 'ms', color: '#3794ff' },
    { label: 'bench TTFT p50 (ms)', scale: 'ms', color: '#89d185', dash: true },
    { label: 'engine running', scale: 'count', color: '#cca700' },
    { label: 'engine waiting', scale: 'count', color: '#f14c4c' },
    { label: 'KV cache %', scale: 'count', color: '#b180d7', dash: true },
  ]);
  const engine = h('div', { id: 'loadEngine', class: 'metrics' });
  const element = h('section', { id: 'loadChartPanel', class: 'chart-panel' }, h('h3', {}, 'During the run'), chart.element, engine);
  return {
    element,
    start() {
      chart.reset();
      engine.textContent = 'engine: waiting for the first scrape…';
    },
    progress(at, e2eP50, ttftP50) {
      if (e2eP50 !== undefined || ttftP50 !== undefined) chart.push(at, [e2eP50, ttftP50]);
    },
    level(level: LoadLevel) {
      chart.push(level.endedAt, [level.e2eMs.p50, level.ttftMs.p50]);
    },
    telemetry(sample) {
      if (sample.error) {
        engine.textContent = `engine metrics: ${sample.error}`;
        return;
      }
      chart.push(sample.at, [undefined, undefined, sample.running, sample.waiting, sample.kvCacheUsage === undefined ? undefined : sample.kvCacheUsage * 100]);
      const kv = sample.kvCacheUsage === undefined ? '—' : `${(sample.kvCacheUsage * 100).toFixed(1)} %`;
      engine.textContent = `engine: running ${sample.running ?? '—'} · waiting ${sample.waiting ?? '—'} · KV cache ${kv}${sample.ttftMs?.count ? ` · engine TTFT p50 ${sample.ttftMs.p50} ms` : ''}`;
    },
  };
}
