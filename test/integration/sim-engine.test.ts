// The simulated servers' engine models over real HTTP: continuous batching (a batch cap with a waiting queue, decode
// steps that slow down with the batch, a KV cache that preempts when full, prefix caching) and diffusion batches —
// each visible in /metrics under vLLM's own names and buckets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesToBase64 } from '../../src/core/image/index';
import { startNimLlmServer, startNunchakuServer, startVllmOmniServer, startVllmVlmServer } from '../../src/sim/servers/index';
import { darkBluePng } from '../fixtures/images/fixtureImages';

interface Streamed { ttftMs: number; gapsMs: number[]; tokens: number; e2eMs: number }

async function streamChat(base: string, prompt: string, maxTokens: number): Promise<Streamed> {
  const started = performance.now();
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens, stream: true }),
  });
  assert.equal(response.status, 200);
  const times: number[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (/"content":"[^"]/.test(event)) times.push(performance.now());
    }
  }
  return { ttftMs: times[0] - started, gapsMs: times.slice(1).map((t, i) => t - times[i]), tokens: times.length, e2eMs: performance.now() - started };
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const longPrompt = (words: number) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');

describe('continuous-batching engine', () => {
  test('a decode step costs stepMs + decodeMsPerSeq × batch: 1 sequence ≈ 50 ms per token, 8 together ≈ 120 ms', async () => {
    const s = await startVllmVlmServer({ engine: { stepMs: 40, decodeMsPerSeq: 10, prefillMsPerToken: 0 } });
    try {
      const alone = await streamChat(s.url, 'hello there', 20);
      assert.equal(alone.tokens, 20);
      await streamChat(s.url, 'warm up', 2);
      const aloneGap = mean(alone.gapsMs);
      assert.ok(aloneGap >= 48 && aloneGap <= 70, `alone: ${aloneGap} ms per token, model says 50`);
      const together = await Promise.all(Array.from({ length: 8 }, (_, i) => streamChat(s.url, `prompt ${i}`, 20)));
      const gap = mean(together.flatMap((r) => r.gapsMs));
      assert.ok(gap >= 115 && gap <= 150, `8 in the batch: ${gap} ms per token, model says 120`);
    } finally {
      await s.close();
    }
  });

  test('max running sequences: the rest wait (vllm:num_requests_waiting), and their TTFT includes the wait', async () => {
    const s = await startVllmVlmServer({ engine: { maxNumSeqs: 2, stepMs: 30, decodeMsPerSeq: 0, prefillMsPerToken: 0 } });
    try {
      await streamChat(s.url, 'warm up', 2);
      const runs = Array.from({ length: 6 }, (_, i) => streamChat(s.url, `question ${i}`, 10));
      // The first wave holds its two slots for 300 ms: long enough to see the other four queued.
      const deadline = Date.now() + 3_000;
      let during = await scrape(s.url);
      // (Admission happens at step boundaries: a request arriving mid-step waits for the next one even with a free slot.)
      const settled = (t: string) => metric(t, 'vllm:num_requests_running') === 2 && metric(t, 'vllm:num_requests_waiting') === 4;
      while (!settled(during) && Date.now() < deadline) during = await scrape(s.url);
      assert.equal(metric(during, 'vllm:num_requests_running'), 2);
      assert.equal(metric(during, 'vllm:num_requests_waiting'), 4);
      const results = await Promise.all(runs);
      const ttfts = results.map((r) => r.ttftMs).sort((a, b) => a - b);
      // Three waves of two: first tokens at ≈ 30, 330, 630 ms.
      assert.ok(ttfts[5] >= 580, `the last wave waited for two others: ${ttfts.map(Math.round)}`);
      assert.ok(ttfts[0] < 250, `the first wave did not wait: ${ttfts.map(Math.round)}`);
      const after = await scrape(s.url);
      assert.equal(metric(after, 'vllm:num_requests_waiting'), 0);
      assert.equal(metric(after, 'vllm:request_queue_time_seconds_count'), 7);
      assert.ok(metric(after, 'vllm:request_queue_time_seconds_sum') > 0.9, 'two queued ≈ 300 ms, two ≈ 600 ms');
    } finally {
      await s.close();
    }
  });

  test('prefill cost grows with the prompt: 2,000 prompt tokens at 0.25 ms each add ≈ 500 ms to TTFT', async () => {
    const s = await startVllmVlmServer({ engine: { stepMs: 5, decodeMsPerSeq: 0, prefillMsPerToken: 0.25, prefixCaching: false } });
    try {
      const short = await streamChat(s.url, 'hi', 4);
      const long = await streamChat(s.url, longPrompt(2000), 4);
      assert.ok(long.ttftMs - short.ttftMs >= 400 && long.ttftMs - short.ttftMs <= 800, `short ${short.ttftMs} ms, long ${long.ttftMs} ms`);
    } finally {
      await s.close();
    }
  });

  test('prefix caching: the same prompt again is a hit in vllm:prefix_cache_hits_total and skips its prefill', async () => {
    const s = await startVllmVlmServer({ engine: { stepMs: 5, decodeMsPerSeq: 0, prefillMsPerToken: 0.25 } });
    try {
      const prompt = longPrompt(2000);
      const first = await streamChat(s.url, prompt, 2);
      const again = await streamChat(s.url, prompt, 2);
      assert.ok(first.ttftMs - again.ttftMs >= 400, `first ${first.ttftMs} ms, again ${again.ttftMs} ms`);
      const text = await scrape(s.url);
      const queries = metric(text, 'vllm:prefix_cache_queries_total');
      const hits = metric(text, 'vllm:prefix_cache_hits_total');
      assert.equal(queries, 2 * 2004, 'prompt tokens of both requests (2,000 words + 4 for the message)');
      assert.equal(hits, 2000, 'the full 16-token blocks of the second prompt');
    } finally {
      await s.close();
    }
  });

  test('a KV cache too small for the batch preempts (vllm:num_preemptions_total) and every answer still completes', async () => {
    // 20 blocks of 16 tokens; 6 sequences of 54 prompt tokens growing by 30 tokens each (6 blocks) cannot all stay resident.
    const s = await startVllmVlmServer({ engine: { kvCacheTokens: 320, blockSize: 16, stepMs: 2, decodeMsPerSeq: 0, prefillMsPerToken: 0 } });
    try {
      let peakKv = 0;
      const poll = setInterval(() => { void scrape(s.url).then((t) => { peakKv = Math.max(peakKv, metric(t, 'vllm:kv_cache_usage_perc')); }); }, 20);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => streamChat(s.url, `${i} ${longPrompt(49)}`, 30)));
      clearInterval(poll);
      for (const r of results) assert.equal(r.tokens, 30, 'a preempted sequence resumes where it stopped');
      const text = await scrape(s.url);
      assert.ok(metric(text, 'vllm:num_preemptions_total') >= 1, text.split('\n').filter((l) => l.includes('preempt')).join('\n'));
      assert.ok(peakKv > 0.8 && peakKv <= 1, `peak KV usage ${peakKv}`);
      assert.equal(metric(text, 'vllm:kv_cache_usage_perc'), 0);
      assert.equal(metric(text, 'vllm:generation_tokens_total'), 180, 'tokens generated once each, preemption or not');
    } finally {
      await s.close();
    }
  });

  test('a sequence that outgrows the whole KV cache fails with the server\'s 500 instead of waiting forever', async () => {
    const s = await startVllmVlmServer({ engine: { kvCacheTokens: 64, blockSize: 16, stepMs: 1 } });
    try {
      const response = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: longPrompt(40) }], max_tokens: 30 }) });
      assert.equal(response.status, 500);
      assert.match((await response.json()).error.message, /needs 65 tokens of KV cache, more than the whole cache \(64 tokens\)/);
      assert.equal(metric(await scrape(s.url), 'vllm:num_requests_waiting'), 0);
    } finally {
      await s.close();
    }
  });

  test('/metrics: vLLM names, labels and bucket boundaries; inter-token latency counted per token', async () => {
    const s = await startVllmVlmServer({ modelId: 'm', engine: { stepMs: 3 } });
    try {
      await streamChat(s.url, 'hello', 5);
      const text = await scrape(s.url);
      assert.match(text, /^vllm:num_requests_running\{model_name="m",engine="0"\} 0$/m);
      const bounds = (name: string) => [...text.matchAll(new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"\\}`, 'gm'))].map((m) => m[1]);
      assert.deepEqual(bounds('vllm:time_to_first_token_seconds'), ['0.001', '0.005', '0.01', '0.02', '0.04', '0.06', '0.08', '0.1', '0.25', '0.5', '0.75', '1.0', '2.5', '5.0', '7.5', '10.0', '20.0', '40.0', '80.0', '160.0', '640.0', '2560.0', '+Inf']);
      assert.deepEqual(bounds('vllm:inter_token_latency_seconds'), ['0.01', '0.025', '0.05', '0.075', '0.1', '0.15', '0.2', '0.3', '0.4', '0.5', '0.75', '1.0', '2.5', '5.0', '7.5', '10.0', '20.0', '40.0', '80.0', '+Inf']);
      assert.equal(bounds('vllm:e2e_request_latency_seconds').length, 22);
      assert.equal(metric(text, 'vllm:inter_token_latency_seconds_count'), 4);
      assert.equal(metric(text, 'vllm:time_per_output_token_seconds_count'), 4);
      assert.match(text, /^vllm:request_success_total\{model_name="m",engine="0",finished_reason="length"\} 1$/m);
    } finally {
      await s.close();
    }
  });
  test('NIM for LLMs: /v1/metrics has NIM\'s own names (num_request_max from the engine) beside vLLM\'s', async () => {
    const s = await startNimLlmServer({ engine: { maxNumSeqs: 8, stepMs: 2 } });
    try {
      await streamChat(s.url, 'hello', 3);
      const text = await (await fetch(`${s.url}/v1/metrics`)).text();
      assert.match(text, /^num_request_max\{model_name="meta\/llama-3.1-8b-instruct"\} 8$/m);
      assert.equal(metric(text, 'num_requests_running'), 0);
      assert.equal(metric(text, 'gpu_cache_usage_perc'), 0);
      assert.equal(metric(text, 'generation_tokens_total'), 3);
      assert.equal(metric(text, 'time_to_first_token_seconds_count'), 1);
      assert.equal(metric(text, 'time_per_output_token_seconds_count'), 2);
      assert.equal(metric(text, 'vllm:generation_tokens_total'), 3);
    } finally {
      await s.close();
    }
  });
});

describe('diffusion engine', () => {
  const png = darkBluePng();
  const edit = (url: string, steps: number) => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'in.png');
    form.append('prompt', 'make it orange');
    form.append('num_inference_steps', String(steps));
    form.append('size', '250x400');
    const started = performance.now();
    return fetch(`${url}/v1/images/edits`, { method: 'POST', body: form }).then(async (r) => { assert.equal(r.status, 200, await r.clone().text()); await r.json(); return performance.now() - started; });
  };

  test('cost per step and per megapixel; a batch of two runs together, the third waits', async () => {
    // One 0.1-megapixel image, 10 steps: 20 + 10 × (60 + 100 × 0.1) = 720 ms; two in a batch: 20 + 10 × (60 + 20) = 820 ms.
    // Three at once: one batch of one and one of two, 1,540 ms for the last (one at a time it would be 2,160 ms).
    const s = await startVllmOmniServer({ diffusion: { maxBatch: 2, stepMs: 60, stepMsPerMegapixel: 100, batchOverheadMs: 20 } });
    try {
      await edit(s.url, 1);
      const alone = await edit(s.url, 10);
      assert.ok(alone >= 710 && alone <= 1_000, `alone ${alone} ms, model says 720`);
      const three = (await Promise.all([edit(s.url, 10), edit(s.url, 10), edit(s.url, 10)])).sort((a, b) => a - b);
      assert.ok(three[2] >= 1_520 && three[2] <= 1_950, `three at once ${three.map(Math.round)} ms: the last at 1,540 by the model, 2,160 without batching`);
      const text = await scrape(s.url);
      assert.equal(metric(text, 'vllm:num_requests_running'), 0);
      assert.equal(metric(text, 'vllm:e2e_request_latency_seconds_count'), 5);
    } finally {
      await s.close();
    }
  });

  test('Nunchaku: steps drive the time through the same engine', async () => {
    const s = await startNunchakuServer({ diffusion: { stepMs: 100, stepMsPerMegapixel: 0, batchOverheadMs: 0 } });
    try {
      const send = async (steps: number) => {
        const started = performance.now();
        const r = await fetch(`${s.url}/edit-image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image: bytesToBase64(png), prompt: 'x', num_inference_steps: steps }) });
        assert.equal(r.status, 200, await r.clone().text());
        await r.json();
        return performance.now() - started;
      };
      await send(1);
      const four = await send(4);
      const eight = await send(8);
      assert.ok(eight - four >= 300 && eight - four <= 600, `4 steps ${four} ms, 8 steps ${eight} ms: the model says 400 ms apart`);
    } finally {
      await s.close();
    }
  });
});

