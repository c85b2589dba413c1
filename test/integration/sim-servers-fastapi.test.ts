import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesToBase64, decodeImage, toDataUrl } from '../../src/core/image/index';
import { startNimLlmServer, startNunchakuServer, startOmegaServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng } from '../fixtures/images/fixtureImages';

const FAST = { firstTokenMs: 1, perTokenMs: 1 };
const post = (url: string, body: unknown, key?: string) => fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('Nunchaku Qwen-Image-Edit API (FastAPI)', () => {
  let server: RunningInferenceServer;
  before(async () => { server = await startNunchakuServer({ timing: FAST }); });
  after(() => server.close());

  test('/health reports a loaded model', async () => {
    const body = await (await fetch(`${server.url}/health`)).json();
    assert.equal(body.status, 'healthy');
    assert.equal(body.model_loaded, true);
    assert.equal(body.gpu_available, true);
  });

  test('POST /edit-image edits a base64 image deterministically and reports model_info', async () => {
    const request = { image: bytesToBase64(darkBluePng()), prompt: "change the text to read 'Hello World'", negative_prompt: '', num_inference_steps: 8, true_cfg_scale: 1.0, seed: 5, rank: 128 };
    const res = await post(`${server.url}/edit-image`, request);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.success, true);
    assert.equal(typeof body.processing_time, 'number');
    assert.deepEqual([body.model_info.steps, body.model_info.rank, body.model_info.model_version], [8, 128, 'lightningv1.0']);
    const image = decodeImage(Buffer.from(body.edited_image, 'base64'));
    assert.deepEqual([image.width, image.height], [64, 48]);
    const again = await (await post(`${server.url}/edit-image`, { ...request, image: toDataUrl(darkBluePng()) })).json();
    assert.equal(again.edited_image, body.edited_image, 'data URL and bare base64 give the same edit');
  });

  test('missing and out-of-range fields → FastAPI 422 detail list', async () => {
    const res = await post(`${server.url}/edit-image`, { image: bytesToBase64(darkBluePng()) });
    assert.equal(res.status, 422);
    const body = await res.json();
    assert.equal(body.detail.length, 1);
    assert.deepEqual({ loc: body.detail[0].loc, msg: body.detail[0].msg, type: body.detail[0].type }, { loc: ['body', 'prompt'], msg: 'Field required', type: 'missing' });
    const bad = await (await post(`${server.url}/edit-image`, { image: 'x', prompt: '', num_inference_steps: 99, rank: 32 })).json();
    assert.deepEqual(bad.detail.map((d: { type: string; loc: string[] }) => `${d.type}@${d.loc.join('.')}`), [
      'string_too_short@body.prompt', 'less_than_equal@body.num_inference_steps', 'literal_error@body.rank',
    ]);
  });

  test('malformed JSON → FastAPI 422 json_invalid; a bad image → 400 ErrorResponse', async () => {
    const res = await post(`${server.url}/edit-image`, '{"image": "abc", ');
    assert.equal(res.status, 422);
    const body = await res.json();
    assert.equal(body.detail[0].type, 'json_invalid');
    assert.equal(body.detail[0].msg, 'JSON decode error');
    const badImage = await post(`${server.url}/edit-image`, { image: 'bm90IGFuIGltYWdl', prompt: 'p' });
    assert.equal(badImage.status, 400);
    const err = await badImage.json();
    assert.equal(err.error, 'Invalid image');
    assert.match(err.detail, /cannot identify image file/);
    assert.equal(typeof err.request_id, 'string');
  });

  test('/model-info and /model-config', async () => {
    const info = await (await fetch(`${server.url}/model-info`)).json();
    assert.deepEqual([info.steps, info.rank], [8, 128]);
    const updated = await (await post(`${server.url}/model-config`, { steps: 4, rank: 64 })).json();
    assert.equal(updated.success, true);
    assert.deepEqual([updated.model_info.steps, updated.model_info.rank], [4, 64]);
    assert.equal((await (await fetch(`${server.url}/model-info`)).json()).rank, 64);
    const wrong = await post(`${server.url}/model-config`, { steps: 6 });
    assert.equal(wrong.status, 422);
    assert.equal((await wrong.json()).detail[0].msg, 'Input should be 4 or 8');
  });

  test('while loading: /health says loading (200), /edit-image 503 detail', async () => {
    const loading = await startNunchakuServer({ warmupMs: 60_000, timing: FAST });
    try {
      const health = await (await fetch(`${loading.url}/health`)).json();
      assert.deepEqual([health.status, health.model_loaded], ['loading', false]);
      const res = await post(`${loading.url}/edit-image`, { image: bytesToBase64(darkBluePng()), prompt: 'p' });
      assert.equal(res.status, 503);
      assert.match((await res.json()).detail, /loading/);
    } finally {
      await loading.close();
    }
  });
});

describe('Omega VLM server', () => {
  let server: RunningInferenceServer;
  before(async () => { server = await startOmegaServer({ apiKey: 'your-secure-token', gpuCount: 8, timing: FAST } as never); });
  after(() => server.close());

  test('/health JSON with queues, batch and vlm_config, open without the key', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.ready, true);
    assert.equal(body.queues.length, 8);
    assert.equal(body.visible_cuda_devices, 8);
    assert.deepEqual(body.batch, { max_batch_size: 2, batch_timeout_ms: 10 });
    assert.deepEqual(body.vlm_config, { max_model_length: 8192, max_image_size: 1024, max_images_per_request: 10, allow_remote_images: true });
  });

  test('both image dialects, bare base64 included; latency_seconds and usage in the answer', async () => {
    const dialects = [
      { type: 'image', image: toDataUrl(darkBluePng()) },
      { type: 'image', image: bytesToBase64(darkBluePng()) },
      { type: 'image_url', image_url: { url: toDataUrl(darkBluePng()) } },
    ];
    for (const part of dialects) {
      const res = await post(`${server.url}/v1/chat/completions`, { model: 'omega', messages: [{ role: 'user', content: [part, { type: 'text', text: 'Describe this image in detail.' }] }], max_tokens: 512 }, 'your-secure-token');
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.match(body.choices[0].message.content, /64×48 .*dark blue/);
      assert.equal(typeof body.latency_seconds, 'number');
      assert.ok(body.usage.total_tokens > 0);
    }
  });

  test('an image fetched from an http URL (loopback) is captioned too', async () => {
    const { createServer } = await import('node:http');
    const images = createServer((_req, res) => res.end(Buffer.from(darkBluePng())));
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    try {
      const port = (images.address() as { port: number }).port;
      const body = await (await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: [{ type: 'image', image: `http://127.0.0.1:${port}/chart.png` }, { type: 'text', text: 'What does this chart show?' }] }] }, 'your-secure-token')).json();
      assert.match(body.choices[0].message.content, /dark blue/);
    } finally {
      images.close();
    }
  });

  test('wrong key → 401 detail; too many images → 400 detail; malformed JSON → 422', async () => {
    const unauthorized = await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hi' }] }, 'wrong');
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(await unauthorized.json(), { detail: 'Invalid or missing API key' });
    const parts = Array.from({ length: 11 }, () => ({ type: 'image', image: bytesToBase64(darkBluePng()) }));
    const tooMany = await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: parts }] }, 'your-secure-token');
    assert.equal(tooMany.status, 400);
    assert.match((await tooMany.json()).detail, /At most 10 image/);
    const malformed = await post(`${server.url}/v1/chat/completions`, '{"messages": [', 'your-secure-token');
    assert.equal(malformed.status, 422);
    assert.equal((await malformed.json()).detail[0].type, 'json_invalid');
  });

  test('while warming, /health is 503 with ready:false', async () => {
    const warming = await startOmegaServer({ warmupMs: 60_000 });
    try {
      const res = await fetch(`${warming.url}/health`);
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.deepEqual([body.ready, body.startup_ok], [false, false]);
    } finally {
      await warming.close();
    }
  });
});

describe('NIM LLM server', () => {
  let server: RunningInferenceServer;
  before(async () => { server = await startNimLlmServer({ apiKey: 'nim-key', timing: FAST }); });
  after(() => server.close());

  test('/v1/health/ready and /live answer without a key; /v1/models owned_by system; /v1/metrics', async () => {
    const ready = await fetch(`${server.url}/v1/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { object: 'health.response', message: 'Service is ready.' });
    assert.equal((await fetch(`${server.url}/v1/health/live`)).status, 200);
    const models = await (await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer nim-key' } })).json();
    assert.deepEqual([models.data[0].id, models.data[0].owned_by], ['meta/llama-3.1-8b-instruct', 'system']);
    assert.match(await (await fetch(`${server.url}/v1/metrics`)).text(), /vllm:num_requests_running/);
    assert.equal((await fetch(`${server.url}/health`)).status, 404, 'NIM has no vLLM /health');
  });

  test('text chat completions; images refused; 401 without key', async () => {
    const body = await (await post(`${server.url}/v1/chat/completions`, { model: 'meta/llama-3.1-8b-instruct', messages: [{ role: 'user', content: 'Write a haiku' }] }, 'nim-key')).json();
    assert.match(body.choices[0].message.content, /Write a haiku/);
    const withImage = await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: toDataUrl(darkBluePng()) } }] }] }, 'nim-key');
    assert.equal(withImage.status, 400);
    const noKey = await post(`${server.url}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(noKey.status, 401);
    assert.deepEqual(await noKey.json(), { error: 'Unauthorized' });
  });

  test('warming: ready 503, live 200', async () => {
    const warming = await startNimLlmServer({ warmupMs: 60_000 });
    try {
      assert.equal((await fetch(`${warming.url}/v1/health/ready`)).status, 503);
      assert.equal((await fetch(`${warming.url}/v1/health/live`)).status, 200);
    } finally {
      await warming.close();
    }
  });
});
