// The numbers the dashboard shows beside its chart, as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantilesText, telemetryRows } from '../../webview/telemetryFormat';

test('each figure as text: percentages of ratios, quantiles with their request count, GPUs per pod or the reason there are none', () => {
  const rows = Object.fromEntries(telemetryRows({
    at: 0, running: 3, waiting: 0, kvCacheUsage: 0.4213, prefixCacheHitRate: 0.8, preemptions: 2,
    ttftMs: { p50: 42.4, p90: 81, p99: 95.6, count: 12 }, itlMs: { p50: 7.25, p90: 9, p99: 12, count: 340 },
    gpus: [{ namespace: 'ai', pod: 'caption-7d9f-x2', gpu: '1', utilization: 87, fbUsedMiB: 41461, fbFreeMiB: 4607 }],
  }).map((r) => [r.key, r.text]));
  assert.deepEqual(rows, {
    Running: '3', Waiting: '0', Kv: '42.1 %', Prefix: '80.0 %', Preempt: '2',
    Ttft: 'p50 42 ms · p90 81 ms · p99 96 ms (12 req)', Itl: 'p50 7.3 ms · p90 9.0 ms · p99 12 ms (340 req)',
    Gpus: 'caption-7d9f-x2 GPU 1: 87 % busy, 41,461 MiB used of 46,068',
  });
  const empty = Object.fromEntries(telemetryRows({ at: 0, gpus: [], gpuNote: 'no dcgm-exporter Service in any namespace' }).map((r) => [r.key, r.text]));
  assert.deepEqual([empty.Running, empty.Kv, empty.Ttft, empty.Gpus], ['—', '—', '— (needs two scrapes)', 'no dcgm-exporter Service in any namespace']);
  assert.equal(quantilesText({ count: 0 }), 'no request in the last interval');
});
