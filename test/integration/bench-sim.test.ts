// ies bench's core against REAL HTTP servers (the simulator's inference servers): the measured TTFT / TPOT match the
// configured timing, failures are counted by kind (never as fast answers), the knee is found on a server whose
// latency grows with load (maxConcurrency queue), and edits are measured over all three transports.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BenchProbeError, readBenchResult, runBench, type BenchConfig, type BenchEvent } from '../../src/core/bench/index';
import { startNunchakuServer, startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, orangeJpeg } from '../fixtures/images/fixtureImages';
import { withServer } from './sim-server-harness';


const target = (s: RunningInferenceServer) => ({ baseUrl: `${s.url}/v1`, model: s.modelId });

describe('ies bench core on the simulated servers', () => {
  test('chat: measured TTFT and TPOT are close to the configured firstTokenMs and perTokenMs', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 120, perTokenMs: 25 } }),
    async (s) => {
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 1 }], requestsPerLevel: 6, warmup: 1, maxTokens: 12 });
      const [level] = result.levels;
      assert.equal(level.requests, 6);
      assert.equal(level.errors, 0);
      assert.ok(level.ttftMs.p50! >= 115 && level.ttftMs.p50! <= 160, `TTFT p50 ${level.ttftMs.p50} ms, configured 120`);
      assert.ok(level.tpotMs.p50! >= 24 && level.tpotMs.p50! <= 33, `TPOT p50 ${level.tpotMs.p50} ms, configured 25`);
      assert.ok(level.itlMs.p50! >= 23 && level.itlMs.p50! <= 35, `ITL p50 ${level.itlMs.p50} ms, configured 25`);
      assert.equal(level.outputTokens, 6 * 12, 'usage.completion_tokens of every request');
      // e2e ≈ TTFT + 11 × TPOT
      assert.ok(Math.abs(level.e2eMs.p50! - (level.ttftMs.p50! + 11 * level.tpotMs.p50!)) < 25);
      assert.ok(level.outputTokensPerSecond > 0 && level.rps > 0);
    },
  ));

  test('caption: streamed with the pre-scaled image, TTFT from the first content chunk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-bench-images-'));
    writeFileSync(join(dir, 'a.png'), darkBluePng());
    writeFileSync(join(dir, 'b.jpg'), orangeJpeg());
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    await withServer(startVllmVlmServer({ timing: { firstTokenMs: 100, perTokenMs: 20 } }), async (s) => {
      const result = await runBench({ target: target(s), mode: 'caption', imagesDir: dir, levels: [{ concurrency: 2 }], requestsPerLevel: 6, warmup: 0, maxTokens: 8 });
      const [level] = result.levels;
      assert.equal(level.errors, 0, level.errorExamples.join('; '));
      assert.equal(result.settings.images, 2);
      assert.ok(level.ttftMs.p50! >= 95 && level.ttftMs.p50! <= 190, `TTFT p50 ${level.ttftMs.p50} ms, configured 100`);
      assert.ok(level.tpotMs.p50! >= 19 && level.tpotMs.p50! <= 30, `TPOT p50 ${level.tpotMs.p50} ms, configured 20`);
    });
  });

  test('errors are counted by kind: HTTP 500 from failRate, dropped connections, timeouts — and never as fast answers', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 30, perTokenMs: 2 } }),
    async (s) => {
      const config: BenchConfig = { target: target(s), mode: 'chat', levels: [{ concurrency: 2 }, { concurrency: 2 }, { concurrency: 2 }], requestsPerLevel: 12, warmup: 1, maxTokens: 4, timeoutMs: 400, slo: { e2eMs: 1000 } };
      const result = await runBench(config, {
        onEvent: (e: BenchEvent) => {
          if (e.type !== 'level-start') return;
          s.control.reset();
          if (e.level === 0) s.control.update({ failRate: 1, failNext: { status: 429 } });
          if (e.level === 1) s.control.update({ dropConnections: 5 });
          if (e.level === 2) s.control.update({ latencyMs: 800 });
        },
      });
      const [http, dropped, slow] = result.levels;
      assert.deepEqual(http.errorsByKind, { http: 12 });
      assert.deepEqual(http.errorsByStatus, { 429: 1, 500: 11 });
      assert.equal(http.e2eMs.count, 0, 'failed requests leave the latency histograms empty');
      assert.equal(http.goodput, 0);
      assert.equal(http.meetsSlo, false);
      assert.match(http.errorExamples.join('\n'), /HTTP 429[^]*HTTP 500/);
      assert.deepEqual(dropped.errorsByKind, { connection: 5 });
      assert.equal(dropped.requests, 12);
      assert.equal(dropped.e2eMs.count, 7);
      assert.deepEqual(slow.errorsByKind, { timeout: 12 });
      assert.match(result.summary, /No level meets the SLO/);
    },
  ));

  test('the knee: a server that serves 2 at a time meets TTFT ≤ 150 ms up to 2 concurrent requests, not at 4', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 40, perTokenMs: 12 }, maxConcurrency: 2 }),
    async (s) => {
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 1 }, { concurrency: 2 }, { concurrency: 4 }], requestsPerLevel: 12, warmup: 1, maxTokens: 12, slo: { ttftMs: 150 } });
      assert.deepEqual(result.levels.map((l) => l.meetsSlo), [true, true, false], JSON.stringify(result.levels.map((l) => l.ttftMs)));
      assert.deepEqual(result.knee, { concurrency: 2 });
      assert.match(result.summary, /^The knee is 2 concurrent requests: up to there the endpoint meets the SLO \(TTFT ≤ 150 ms\), .* at 4 concurrent requests only [\d.]+ % of requests were within it \(needed 95 %\)\.$/);
      assert.ok(result.levels[2].ttftMs.p95! > 150);
    },
  ));

  test('the knee over Poisson arrival rates: 2 req/s passes, 30 req/s builds a queue', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 40, perTokenMs: 10 }, maxConcurrency: 1 }),
    async (s) => {
      const events: BenchEvent[] = [];
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ rate: 2 }, { rate: 30 }], requestsPerLevel: 12, warmup: 0, maxTokens: 8, slo: { ttftMs: 400 }, seed: 7 }, { onEvent: (e) => events.push(e) });
      assert.deepEqual(result.knee, { rate: 2 });
      assert.match(result.summary, /^The knee is 2 req\/s/);
      assert.deepEqual(events.filter((e) => e.type === 'level-end').length, 2);
      assert.equal(events.filter((e) => e.type === 'request').length, 24);
      assert.equal(events.at(-1)!.type, 'end');
      assert.equal(readBenchResult(JSON.stringify(result)).knee?.rate, 2, 'the result validates against the schema');
    },
  ));

  test('a duration per level sends until it ends; cancelling keeps what was measured', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 20, perTokenMs: 5 } }),
    async (s) => {
      const timed = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 2 }], durationMsPerLevel: 400, warmup: 0, maxTokens: 4 });
      assert.ok(timed.levels[0].requests >= 4 && timed.levels[0].durationMs >= 400, JSON.stringify(timed.levels[0].requests));
      const controller = new AbortController();
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 2 }, { concurrency: 4 }], durationMsPerLevel: 10_000, warmup: 0, maxTokens: 4 }, {
        signal: controller.signal,
        onEvent: (e) => { if (e.type === 'request' && e.finished === 5) controller.abort(); },
      });
      assert.equal(result.cancelled, true);
      assert.equal(result.levels.length, 1);
      assert.ok(result.levels[0].requests >= 5);
      assert.equal(result.levels[0].errors, 0, 'cancelled requests are not errors');
      readBenchResult(JSON.stringify(result));
    },
  ));

  test('cancelling a rate level wakes the wait for the next arrival at once', () => withServer(
    startVllmVlmServer({ timing: { firstTokenMs: 5, perTokenMs: 5 } }),
    async (s) => {
      const controller = new AbortController();
      let started = 0;
      // 0.2 req/s with seed 3: after the first request the next arrival is 15 s away.
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ rate: 0.2 }], durationMsPerLevel: 60_000, warmup: 0, maxTokens: 2, seed: 3 }, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type !== 'level-start') return;
          started = performance.now();
          setTimeout(() => controller.abort(), 300);
        },
      });
      const tookMs = performance.now() - started;
      assert.equal(result.cancelled, true);
      assert.ok(tookMs < 2_000, `cancelled after ${Math.round(tookMs)} ms`);
      assert.equal(result.levels[0].errors, 0, 'cancelled requests are not errors');
    },
  ));

  test('every streamed request carries its own X-Request-Id, which the server sees and the sample names', async () => {
    const seen: string[] = [];
    const server = await startVllmVlmServer({ timing: { firstTokenMs: 5, perTokenMs: 2 }, onRequestDone: (done) => { if (done.path === '/v1/chat/completions' && done.requestId) seen.push(done.requestId); } });
    try {
      const samples: string[] = [];
      await runBench({ target: target(server), mode: 'chat', levels: [{ concurrency: 2 }, { concurrency: 3 }], requestsPerLevel: 6, warmup: 2, maxTokens: 3 }, {
        onEvent: (e) => { if (e.type === 'request' && e.sample.requestId) samples.push(e.sample.requestId); },
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(seen.length, 14, seen.join(' '));
      assert.equal(new Set(seen).size, 14, 'each request its own id');
      const run = seen[0].split('-')[2];
      for (const id of seen) assert.match(id, new RegExp(`^ies-bench-${run}-(warmup|0|1)-\\d+$`));
      assert.equal(seen.filter((id) => id.includes('-warmup-')).length, 2);
      assert.deepEqual([...samples].sort(), seen.filter((id) => !id.includes('-warmup-')).sort(), 'the samples name the ids the server saw');
    } finally {
      await server.close();
    }
  });

  test('edits over vLLM-omni multipart, chat diffusion and Nunchaku JSON: images per second', async () => {
    const timing = { firstTokenMs: 5, perTokenMs: 2 };
    const [omni, nunchaku] = await Promise.all([startVllmOmniServer({ timing }), startNunchakuServer({ timing })]);
    try {
      for (const [mode, server] of [['edit-omni', omni], ['edit-chat', omni], ['edit-nunchaku', nunchaku]] as const) {
        const result = await runBench({ target: { baseUrl: `${server.url}/v1`, model: mode === 'edit-nunchaku' ? undefined : server.modelId }, mode, levels: [{ concurrency: 2 }], requestsPerLevel: 4, warmup: 0, steps: 4 });
        const [level] = result.levels;
        assert.equal(level.errors, 0, `${mode}: ${level.errorExamples.join('; ')}`);
        assert.equal(level.images, 4, mode);
        assert.ok(level.imagesPerSecond > 0, mode);
        assert.equal(level.ttftMs.count, 0, `${mode}: no TTFT for an edit`);
      }
    } finally {
      await Promise.all([omni.close(), nunchaku.close()]);
    }
  });

  test('an endpoint that cannot be benchmarked stops at the first request with a clear error', async () => {
    await assert.rejects(runBench({ target: { baseUrl: 'http://127.0.0.1:1/v1' }, mode: 'chat', levels: [{ concurrency: 1 }], requestsPerLevel: 1 }), (e: Error) => e instanceof BenchProbeError && /unreachable: connection refused/.test(e.message));
    await withServer(startVllmOmniServer({ timing: { firstTokenMs: 1, perTokenMs: 1 } }), async (s) => {
      // vLLM-omni's chat route answers a diffusion JSON, not an SSE stream: a caption load test there measures nothing.
      await assert.rejects(runBench({ target: target(s), mode: 'caption', levels: [{ concurrency: 1 }], requestsPerLevel: 1 }), (e: Error) => e instanceof BenchProbeError && /not what this mode expects/.test(e.message));
    });
  });
});
