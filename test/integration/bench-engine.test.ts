// ies bench against simulated engines whose capacity is known from their configuration: the knee it reports must lie
// within ±10 % of the capacity derived from the engine model and the SLO; the engine's own /metrics must agree with the
// bench's counts; a server that starts failing halfway must show as errors by kind, never as fast answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBench, type BenchEvent } from '../../src/core/bench/index';
import { startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { withServer } from './sim-server-harness';

const target = (s: RunningInferenceServer) => ({ baseUrl: `${s.url}/v1`, model: s.modelId });


/** Sum of a metric's samples (over its label sets) in Prometheus text. */
function total(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

const scrape = async (s: RunningInferenceServer) => (await fetch(`${s.url}/metrics`)).text();

describe('the knee ies bench reports, against the capacity the engine was configured with', () => {
  // The SLO is judged at the median (pass: goodput ≥ 50 %): the capacity is where the typical request's TPOT reaches the
  // bound, and a loaded machine's timer jitter in the tail does not move it.
  test('decode-bound: TPOT = stepMs + decodeMsPerSeq × batch, so a median TPOT ≤ 100 ms holds up to (100 − 20) / 2 = 40 sequences', async () => {
    const engine = { stepMs: 20, decodeMsPerSeq: 2, prefillMsPerToken: 0, maxNumSeqs: 256, kvCacheTokens: 1_000_000 };
    const slo = { tpotMs: 100 };
    const capacity = (slo.tpotMs - engine.stepMs) / engine.decodeMsPerSeq;
    await withServer(startVllmVlmServer({ engine }), async (s) => {
      const levels = [20, 30, 37, 44, 56].map((concurrency) => ({ concurrency }));
      const result = await runBench({ target: target(s), mode: 'chat', levels, durationMsPerLevel: 4_000, warmup: 1, maxTokens: 24, slo, pass: { goodput: 0.5, errorRate: 0.01 } });
      const tpots = result.levels.map((l) => `${l.concurrency}: p50 ${l.tpotMs.p50} p95 ${l.tpotMs.p95} goodput ${l.goodput}`).join('; ');
      assert.ok(result.knee?.concurrency, `no knee: ${tpots}`);
      const error = Math.abs(result.knee.concurrency - capacity) / capacity;
      assert.ok(error <= 0.1, `knee ${result.knee.concurrency} vs capacity ${capacity} (${(error * 100).toFixed(1)} % off): ${tpots}`);
      assert.equal(result.levels.at(-1)!.meetsSlo, false, `56 sequences (TPOT 132 ms by the model) must miss: ${tpots}`);
      for (const level of result.levels) {
        const model = engine.stepMs + engine.decodeMsPerSeq * level.concurrency!;
        assert.ok(Math.abs(level.tpotMs.p50! - model) / model < 0.15, `TPOT p50 at ${level.concurrency}: ${level.tpotMs.p50} ms, model ${model} ms`);
      }
    });
  });

  test('batch-bound: with max 12 running sequences, TTFT ≤ 250 ms holds up to 12 in flight; beyond, requests queue for a whole answer (~600 ms)', async () => {
    const engine = { stepMs: 15, decodeMsPerSeq: 0.5, prefillMsPerToken: 0, maxNumSeqs: 12, kvCacheTokens: 1_000_000 };
    await withServer(startVllmVlmServer({ engine }), async (s) => {
      const levels = [4, 8, 12, 14, 16].map((concurrency) => ({ concurrency }));
      const result = await runBench({ target: target(s), mode: 'chat', levels, durationMsPerLevel: 2_500, warmup: 1, maxTokens: 28, slo: { ttftMs: 250 } });
      const ttfts = result.levels.map((l) => `${l.concurrency}: p50 ${l.ttftMs.p50} p95 ${l.ttftMs.p95} goodput ${l.goodput}`).join('; ');
      assert.ok(result.knee?.concurrency, `no knee: ${ttfts}`);
      assert.ok(Math.abs(result.knee.concurrency - engine.maxNumSeqs) / engine.maxNumSeqs <= 0.1, `knee ${result.knee.concurrency} vs max running sequences ${engine.maxNumSeqs}: ${ttfts}`);
      assert.deepEqual(result.levels.map((l) => l.meetsSlo), [true, true, true, false, false], ttfts);
      assert.match(result.summary, /^The knee is 12 concurrent requests/);
    });
  });
});

describe('engine metrics scraped around a run agree with the bench', () => {
  test('requests, generated tokens and per-token latencies: the engine counts what the bench counts', async () => {
    await withServer(startVllmVlmServer({ engine: { stepMs: 4, decodeMsPerSeq: 0.2, maxNumSeqs: 6, kvCacheTokens: 192, blockSize: 16 } }), async (s) => {
      const before = await scrape(s);
      let warmupTokens = 0;
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 4 }, { concurrency: 10 }], requestsPerLevel: 30, warmup: 2, maxTokens: 20, promptTokens: 20 }, {
        onEvent: (e: BenchEvent) => { if (e.type === 'warmup') warmupTokens += e.sample.outputTokens ?? 0; },
      });
      const after = await scrape(s);
      const delta = (name: string) => total(after, name) - total(before, name);
      const requests = result.levels.reduce((n, l) => n + l.requests, 0) + result.warmup.requests;
      const tokens = result.levels.reduce((n, l) => n + l.outputTokens, 0) + warmupTokens;
      assert.equal(result.levels.reduce((n, l) => n + l.errors, 0), 0);
      assert.equal(requests, 62);
      assert.equal(delta('vllm:request_success_total'), requests, 'vllm:request_success_total');
      assert.equal(delta('vllm:e2e_request_latency_seconds_count'), requests);
      assert.equal(delta('vllm:time_to_first_token_seconds_count'), requests);
      assert.equal(delta('vllm:generation_tokens_total'), tokens, 'vllm:generation_tokens_total = the usage the bench read');
      assert.equal(tokens, 62 * 20);
      assert.equal(delta('vllm:inter_token_latency_seconds_count'), requests * 19, 'one gap per token after the first');
      // 10 in flight over 6 slots: the engine queued some (its queue-time sum grows), and waiting is 0 again after.
      assert.ok(delta('vllm:request_queue_time_seconds_sum') > 0);
      assert.equal(total(after, 'vllm:num_requests_waiting'), 0);
      assert.equal(total(after, 'vllm:num_requests_running'), 0);
      // A KV cache of 12 blocks of 16 tokens: six sequences of ~20 prompt tokens fill it when admitted, and grow by 20.
      assert.ok(delta('vllm:num_preemptions_total') >= 1, 'preemptions');
      // The engine's mean TTFT is within what the client measured (the client adds only the HTTP round trip).
      const engineTtftMs = (delta('vllm:time_to_first_token_seconds_sum') / requests) * 1000;
      const clientP99 = Math.max(...result.levels.map((l) => l.ttftMs.p99!));
      assert.ok(engineTtftMs > 0 && engineTtftMs <= clientP99, `engine mean TTFT ${engineTtftMs} ms, client p99 ${clientP99} ms`);
    });
  });
});

describe('a server that starts failing halfway', () => {
  test('HTTP 500s from the middle of a level and connections cut mid-stream are errors by kind, not fast answers', async () => {
    await withServer(startVllmVlmServer({ engine: { stepMs: 5, decodeMsPerSeq: 0.1 } }), async (s) => {
      const result = await runBench({ target: target(s), mode: 'chat', levels: [{ concurrency: 4 }, { concurrency: 4 }], requestsPerLevel: 40, warmup: 1, maxTokens: 8, slo: { e2eMs: 2_000 } }, {
        onEvent: (e: BenchEvent) => {
          if (e.type === 'level-start') s.control.reset();
          if (e.type === 'request' && e.finished === 20) s.control.update(e.level === 0 ? { failRate: 1 } : { dropConnections: 1000 });
        },
      });
      const [http, cut] = result.levels;
      assert.equal(http.requests, 40);
      assert.deepEqual(Object.keys(http.errorsByKind), ['http']);
      assert.ok(http.errors >= 16 && http.errors <= 20, `errors after the switch: ${http.errors} (at most 4 were in flight)`);
      assert.deepEqual(http.errorsByStatus, { 500: http.errors });
      assert.equal(http.e2eMs.count, 40 - http.errors, 'only answers are in the latency histogram');
      assert.equal(http.goodput, (40 - http.errors) / 40);
      assert.equal(http.meetsSlo, false);
      assert.deepEqual(Object.keys(cut.errorsByKind), ['connection']);
      assert.ok(cut.errors >= 16 && cut.errors <= 20, `cut: ${cut.errors}`);
      assert.equal(cut.e2eMs.count, 40 - cut.errors);
      assert.equal(result.knee, null);
      assert.match(result.summary, /No level meets the SLO/);
    });
  });
});
