// Engine telemetry against a REAL simulated vLLM server under load: the watch sees requests running while the bench
// sends them, and the TTFT histogram deltas between scrapes add up to exactly the requests the bench sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBench } from '../../src/core/bench/index';
import { createDispatcher } from '../../src/core/http/dispatcher';
import { noGpuSource, watchTelemetry, type TelemetrySample } from '../../src/core/telemetry/index';
import { startVllmVlmServer } from '../../src/sim/servers/index';

test('scraped during a sweep: running requests seen, TTFT counts between scrapes add up to the bench\'s requests, GPU note passed on', async () => {
  const server = await startVllmVlmServer({ timing: { firstTokenMs: 30, perTokenMs: 10 } });
  const dispatcher = createDispatcher({ timeoutMs: 5000 });
  const samples: TelemetrySample[] = [];
  const watch = watchTelemetry({ metricsUrl: `${server.url}/metrics`, dispatcher, intervalMs: 150, gpus: noGpuSource('no dcgm-exporter here'), onSample: (s) => samples.push(s) });
  try {
    await watch.first;
    const result = await runBench({ target: { baseUrl: `${server.url}/v1`, model: server.modelId }, mode: 'chat', levels: [{ concurrency: 2 }, { concurrency: 4 }], requestsPerLevel: 12, warmup: 2, maxTokens: 16 });
    const sent = result.warmup.requests + result.levels.reduce((n, l) => n + l.requests, 0);
    assert.equal(sent, 26);
    await new Promise((r) => setTimeout(r, 500));
    watch.stop();
    assert.ok(samples.length >= 4, `${samples.length} samples`);
    assert.ok(samples.every((s) => !s.error), JSON.stringify(samples.find((s) => s.error)));
    assert.ok(samples.some((s) => (s.running ?? 0) >= 2), `running seen: ${samples.map((s) => s.running).join(',')}`);
    assert.equal(samples[0].ttftMs, undefined, 'no rate from the first scrape');
    const counted = samples.reduce((n, s) => n + (s.ttftMs?.count ?? 0), 0);
    assert.equal(counted, sent, 'the engine\'s TTFT observations between scrapes = the bench\'s requests');
    const p50s = samples.flatMap((s) => (s.ttftMs?.p50 !== undefined ? [s.ttftMs.p50] : []));
    assert.ok(p50s.length > 0 && p50s.every((p) => p >= 20 && p <= 250), `TTFT p50s ${p50s.join(',')} around the configured 30 ms`);
    assert.ok(samples.every((s) => s.gpuNote === 'no dcgm-exporter here' && s.gpus.length === 0));
    assert.equal(samples.at(-1)!.running, 0);
  } finally {
    watch.stop();
    await dispatcher.close();
    await server.close();
  }
});

test('a server without a metrics page, and one that is gone, give samples that say so', async () => {
  const server = await startVllmVlmServer({});
  const dispatcher = createDispatcher({ timeoutMs: 2000 });
  const samples: TelemetrySample[] = [];
  const missing = watchTelemetry({ metricsUrl: `${server.url}/no-metrics-here`, dispatcher, intervalMs: 100, onSample: (s) => samples.push(s) });
  await missing.first;
  missing.stop();
  assert.match(samples[0].error!, /^\/no-metrics-here answered HTTP 404: this server exposes no Prometheus metrics there$/);
  await server.close();
  const gone = watchTelemetry({ metricsUrl: `${server.url}/metrics`, dispatcher, intervalMs: 100, onSample: (s) => samples.push(s) });
  await gone.first;
  gone.stop();
  assert.ok(samples[1].error && samples[1].running === undefined, JSON.stringify(samples[1]));
  await dispatcher.close();
});
