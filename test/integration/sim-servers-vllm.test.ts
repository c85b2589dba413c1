import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesToBase64, decodeImage, toDataUrl } from '../../src/core/image/index';
import { startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, orangeJpeg } from '../fixtures/images/fixtureImages';

const FAST = { firstTokenMs: 1, perTokenMs: 1 };
const json = (body: unknown, key?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: JSON.stringify(body),
});

/** nv-ingest's caption request, verbatim but for the image. */
const nvIngestRequest = (imageUrl: string) => ({
  model: 'nvidia/nemotron-nano-12b-v2-vl',
  messages: [
    { role: 'system', content: [{ type: 'text', text: '/no_think' }] },
    { role: 'user', content: [{ type: 'text', text: 'Caption the content of this image:' }, { type: 'image_url', image_url: { url: imageUrl } }] },
  ],
  max_tokens: 512,
  temperature: 1.0,
  top_p: 1.0,
  stream: false,
});

describe('vLLM VLM caption server', () => {
  let vlm: RunningInferenceServer;
  before(async () => { vlm = await startVllmVlmServer({ timing: FAST }); });
  after(() => vlm.close());

  test('answers nv-ingest\'s caption request with a caption of the actual image and a usage block', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest(toDataUrl(darkBluePng()))));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'nvidia/nemotron-nano-12b-v2-vl');
    assert.match(body.choices[0].message.content, /^A 64×48 landscape image dominated by dark blue tones\./);
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.ok(body.usage.completion_tokens > 5);
  });

  test('a JPEG data URL gets a different caption (orange) — the caption depends on the pixels', async () => {
    const body = await (await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest(toDataUrl(orangeJpeg(), 'image/jpeg'))))).json();
    assert.match(body.choices[0].message.content, /A 32×32 square image dominated by \w+ orange tones/);
  });

  test('accepts the Omega image dialect {type:"image", image:<data url>} too', async () => {
    const request = { messages: [{ role: 'user', content: [{ type: 'image', image: toDataUrl(darkBluePng()) }, { type: 'text', text: 'Describe this image.' }] }], max_tokens: 256 };
    const body = await (await fetch(`${vlm.url}/v1/chat/completions`, json(request))).json();
    assert.match(body.choices[0].message.content, /dark blue/);
  });

  test('max_tokens truncates to that many tokens with finish_reason length', async () => {
    const body = await (await fetch(`${vlm.url}/v1/chat/completions`, json({ ...nvIngestRequest(toDataUrl(darkBluePng())), max_tokens: 4 }))).json();
    assert.equal(body.choices[0].message.content, 'A 64×48 landscape image');
    assert.equal(body.choices[0].finish_reason, 'length');
    assert.equal(body.usage.completion_tokens, 4);
  });

  test('stream: true sends SSE chat.completion.chunk deltas that add up to the caption, then [DONE]', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, json({ ...nvIngestRequest(toDataUrl(darkBluePng())), stream: true, stream_options: { include_usage: true } }));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    assert.ok(events.every((e) => e.startsWith('data: ')), 'every event is a data: line');
    assert.equal(events.at(-1), 'data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    const content = chunks.filter((c) => c.choices.length).map((c) => c.choices[0].delta.content ?? '').join('');
    assert.match(content, /^A 64×48 landscape image dominated by dark blue tones\./);
    const last = chunks.filter((c) => c.choices.length).at(-1);
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.ok(chunks.at(-1).usage.completion_tokens > 5, 'include_usage adds a final usage chunk');
  });

  test('streaming is paced: time to first token and per-token delay are measurable', async () => {
    const slow = await startVllmVlmServer({ timing: { firstTokenMs: 60, perTokenMs: 15 } });
    try {
      const begun = performance.now();
      const res = await fetch(`${slow.url}/v1/chat/completions`, json({ ...nvIngestRequest(toDataUrl(darkBluePng())), stream: true, max_tokens: 6 }));
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      let firstToken = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value, { stream: true });
        if (!firstToken && /"delta":\{"content":"A"/.test(seen)) firstToken = performance.now() - begun;
      }
      const total = performance.now() - begun;
      assert.ok(firstToken >= 55, `TTFT ${firstToken} ms`);
      assert.ok(total - firstToken >= 5 * 15 - 10, `decode took ${total - firstToken} ms for 5 more tokens`);
    } finally {
      await slow.close();
    }
  });

  test('plain text chat without an image works', async () => {
    const body = await (await fetch(`${vlm.url}/v1/chat/completions`, json({ messages: [{ role: 'user', content: 'Hello, how are you?' }] }))).json();
    assert.match(body.choices[0].message.content, /You said: "Hello, how are you\?"/);
  });

  test('unknown model → 404 "The model `x` does not exist." in the current vLLM shape', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, json({ ...nvIngestRequest(toDataUrl(darkBluePng())), model: 'qwen/qwen-image-edit' }));
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: { message: 'The model `qwen/qwen-image-edit` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } });
  });

  test('invalid base64 → 400 BadRequestError; legacy style uses the flat {"object":"error"} body', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest('data:image/png;base64,not*base64!')));
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.type, 'BadRequestError');
    assert.match(body.error.message, /Invalid base64/);

    const legacy = await startVllmVlmServer({ vllmErrorStyle: 'legacy', timing: FAST });
    try {
      const old = await fetch(`${legacy.url}/v1/chat/completions`, json(nvIngestRequest('data:image/png;base64,not*base64!')));
      assert.equal(old.status, 400);
      const oldBody = await old.json();
      assert.equal(oldBody.object, 'error');
      assert.equal(oldBody.type, 'BadRequestError');
      assert.equal(oldBody.code, 400);
      assert.match(oldBody.message, /Invalid base64/);
    } finally {
      await legacy.close();
    }
  });

  test('valid base64 that is not an image → 400 naming the problem', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest(`data:image/png;base64,${bytesToBase64(new TextEncoder().encode('just text'))}`)));
    assert.equal(res.status, 400);
    assert.match((await res.json()).error.message, /cannot identify image file/);
  });

  test('malformed JSON → 400 in vLLM shape; missing messages → 400', async () => {
    const res = await fetch(`${vlm.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.type, 'BadRequestError');
    assert.match(body.error.message, /json_invalid/);
    const missing = await fetch(`${vlm.url}/v1/chat/completions`, json({ model: 'nvidia/nemotron-nano-12b-v2-vl' }));
    assert.equal(missing.status, 400);
    assert.match((await missing.json()).error.message, /messages/);
  });

  test('/v1/models, /health, /version; no NIM /v1/health/ready (404, Starlette body)', async () => {
    const models = await (await fetch(`${vlm.url}/v1/models`)).json();
    assert.equal(models.object, 'list');
    assert.equal(models.data[0].id, 'nvidia/nemotron-nano-12b-v2-vl');
    assert.equal(models.data[0].object, 'model');
    assert.equal(models.data[0].owned_by, 'vllm');
    assert.equal(models.data[0].root, 'nvidia/nemotron-nano-12b-v2-vl');
    const health = await fetch(`${vlm.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), '');
    const ready = await fetch(`${vlm.url}/v1/health/ready`);
    assert.equal(ready.status, 404);
    assert.deepEqual(await ready.json(), { detail: 'Not Found' });
    assert.equal((await fetch(`${vlm.url}/v1/chat/completions`)).status, 405);
  });

  test('/metrics: Prometheus text whose counters move with requests served', async () => {
    const scrape = async () => (await (await fetch(`${vlm.url}/metrics`)).text());
    const count = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const before = await scrape();
    for (const name of ['vllm:num_requests_running', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc']) assert.match(before, new RegExp(`# TYPE ${name} gauge`));
    assert.match(before, /# TYPE vllm:time_to_first_token_seconds histogram/);
    assert.match(before, /# TYPE vllm:e2e_request_latency_seconds histogram/);
    await (await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest(toDataUrl(darkBluePng()))))).json();
    await (await fetch(`${vlm.url}/v1/chat/completions`, json(nvIngestRequest(toDataUrl(darkBluePng()))))).json();
    const afterText = await scrape();
    assert.equal(count(afterText, 'vllm:e2e_request_latency_seconds_count') - count(before, 'vllm:e2e_request_latency_seconds_count'), 2);
    assert.equal(count(afterText, 'vllm:time_to_first_token_seconds_count') - count(before, 'vllm:time_to_first_token_seconds_count'), 2);
    assert.ok(count(afterText, 'vllm:generation_tokens_total') > count(before, 'vllm:generation_tokens_total'));
    assert.equal(count(afterText, 'vllm:num_requests_running'), 0);
  });
});

describe('vLLM-omni image edit server', () => {
  let omni: RunningInferenceServer;
  before(async () => { omni = await startVllmOmniServer({ timing: FAST }); });
  after(() => omni.close());

  const editForm = (fields: Record<string, string>, images: Array<[string, Uint8Array]> = [['image', darkBluePng()]]) => {
    const form = new FormData();
    for (const [name, bytes] of images) form.append(name, new Blob([Buffer.from(bytes)], { type: 'image/png' }), 'in.png');
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return form;
  };
  const edit = (form: FormData) => fetch(`${omni.url}/v1/images/edits`, { method: 'POST', body: form });

  test('POST /v1/images/edits returns a real PNG of the requested size, byte-identical for identical inputs', async () => {
    const fields = { prompt: 'Make the sky orange', seed: '42', num_inference_steps: '8', size: '40x30', model: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' };
    const first = await edit(editForm(fields));
    assert.equal(first.status, 200);
    const body = await first.json();
    assert.equal(typeof body.created, 'number');
    assert.equal(body.output_format, 'png');
    assert.equal(body.size, '40x30');
    assert.equal(body.data.length, 1);
    const png = Buffer.from(body.data[0].b64_json, 'base64');
    const decoded = decodeImage(png);
    assert.deepEqual([decoded.width, decoded.height], [40, 30]);
    const again = await (await edit(editForm(fields))).json();
    assert.equal(again.data[0].b64_json, body.data[0].b64_json, 'same inputs → same bytes');
    const otherSeed = await (await edit(editForm({ ...fields, seed: '43' }))).json();
    assert.notEqual(otherSeed.data[0].b64_json, body.data[0].b64_json, 'another seed → another image');
  });

  test('size auto keeps the input size; n images; image[] and url (data URL) inputs; jpeg output', async () => {
    const many = await (await edit(editForm({ prompt: 'p', seed: '1', n: '3' }, [['image[]', darkBluePng()]]))).json();
    assert.equal(many.data.length, 3);
    assert.equal(many.size, '64x48');
    assert.equal(new Set(many.data.map((d: { b64_json: string }) => d.b64_json)).size, 3);
    const byUrl = await (await edit(editForm({ prompt: 'p', seed: '1', url: toDataUrl(darkBluePng()) }, []))).json();
    assert.equal(byUrl.data[0].b64_json, many.data[0].b64_json, 'url input edits the same way as an upload');
    const jpeg = await (await edit(editForm({ prompt: 'p', seed: '1', output_format: 'jpeg' }))).json();
    assert.equal(jpeg.output_format, 'jpeg');
    assert.deepEqual(Array.from(Buffer.from(jpeg.data[0].b64_json, 'base64').subarray(0, 3)), [0xff, 0xd8, 0xff]);
  });

  test('validation errors in vllm-omni shapes: 422 no image, 400 size / response_format / model mismatch / stream', async () => {
    const cases: Array<[Record<string, string>, Array<[string, Uint8Array]> | undefined, number, string]> = [
      [{ prompt: 'p' }, [], 422, "Field 'image' or 'url' is required"],
      [{ prompt: 'p', size: 'big' }, undefined, 400, 'Invalid size format'],
      [{ prompt: 'p', response_format: 'url' }, undefined, 400, "Only response_format 'b64_json' is supported now."],
      [{ prompt: 'p', model: 'qwen/qwen-image-edit-2511' }, undefined, 400, "Model mismatch: request specifies 'qwen/qwen-image-edit-2511' but server is running 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL'."],
      [{ prompt: 'p', stream: 'true' }, undefined, 400, 'stream=true is only supported'],
    ];
    for (const [fields, images, status, message] of cases) {
      const res = await edit(editForm(fields, images));
      assert.equal(res.status, status, JSON.stringify(fields));
      const body = await res.json();
      assert.equal(typeof body.detail, 'string');
      assert.ok(body.detail.includes(message), `${body.detail} should include ${message}`);
    }
    const noPrompt = await edit(editForm({}));
    assert.equal(noPrompt.status, 400);
    assert.match((await noPrompt.json()).error.message, /'loc': \('body', 'prompt'\).*Field required/);
    const notAnImage = await edit(editForm({ prompt: 'p' }, [['image', new TextEncoder().encode('not an image')]]));
    assert.equal(notAnImage.status, 400);
    assert.match((await notAnImage.json()).detail, /cannot identify image file/);
    const asJson = await fetch(`${omni.url}/v1/images/edits`, json({ prompt: 'p' }));
    assert.equal(asJson.status, 400);
    assert.match((await asJson.json()).error.message, /multipart\/form-data/);
  });

  test('chat-completions diffusion form answers with image_url content parts', async () => {
    const request = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Turn the background orange' }, { type: 'image_url', image_url: { url: toDataUrl(darkBluePng()) } }] }],
      extra_body: { seed: 7, num_inference_steps: 4, width: 32, height: 24 },
    };
    const res = await fetch(`${omni.url}/v1/chat/completions`, json(request));
    assert.equal(res.status, 200);
    const body = await res.json();
    const content = body.choices[0].message.content;
    assert.ok(Array.isArray(content));
    assert.equal(content[0].type, 'image_url');
    const url: string = content[0].image_url.url;
    assert.ok(url.startsWith('data:image/png;base64,'));
    const image = decodeImage(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));
    assert.deepEqual([image.width, image.height], [32, 24]);
    const again = await (await fetch(`${omni.url}/v1/chat/completions`, json(request))).json();
    assert.equal(again.choices[0].message.content[0].image_url.url, url);
  });

  test('/v1/models says owned_by vllm-omni; /metrics counts edits', async () => {
    const models = await (await fetch(`${omni.url}/v1/models`)).json();
    assert.deepEqual([models.data[0].id, models.data[0].owned_by, models.data[0].root], ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', 'vllm-omni', 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL']);
    const metrics = await (await fetch(`${omni.url}/metrics`)).text();
    assert.ok(Number(/^vllm:e2e_request_latency_seconds_count\{[^}]*\} (\d+)/m.exec(metrics)?.[1]) >= 1);
  });
});
