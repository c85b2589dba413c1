import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CAPTION_PARAMS, runCaption, runEdit, type PlaygroundError } from '../../src/core/playground/index';
import { startNunchakuServer, startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng } from '../fixtures/images/fixtureImages';

const FAST = { firstTokenMs: 1, perTokenMs: 1 };
const png = darkBluePng();
const WEBP = new Uint8Array(Buffer.concat([Buffer.from('RIFF'), Buffer.from([30, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(22)]));

async function captionError(baseUrl: string, extra: { model?: string; apiKey?: string; timeoutMs?: number; signal?: AbortSignal; stream?: boolean } = {}): Promise<PlaygroundError> {
  const outcome = await runCaption({ baseUrl, model: extra.model ?? 'nvidia/nemotron-nano-12b-v2-vl', apiKey: extra.apiKey }, { ...DEFAULT_CAPTION_PARAMS, stream: extra.stream ?? false }, { bytes: png }, { timeoutMs: extra.timeoutMs, signal: extra.signal });
  assert.equal(outcome.ok, false, 'the request must fail');
  return (outcome as { error: PlaygroundError }).error;
}

describe('errors from every shape, read from the simulated servers', () => {
  let current: RunningInferenceServer;
  let legacy: RunningInferenceServer;
  let omni: RunningInferenceServer;
  let nunchaku: RunningInferenceServer;
  before(async () => {
    [current, legacy, omni, nunchaku] = await Promise.all([
      startVllmVlmServer({ timing: FAST, apiKey: 'right-key' }),
      startVllmVlmServer({ timing: FAST, vllmErrorStyle: 'legacy' }),
      startVllmOmniServer({ timing: FAST }),
      startNunchakuServer({ timing: FAST }),
    ]);
  });
  after(() => Promise.all([current, legacy, omni, nunchaku].map((s) => s.close())));

  test('vLLM ≥ 0.10.1 {"error":{message,type,param,code}}: a wrong model id', async () => {
    const error = await captionError(current.url, { model: 'qwen/qwen-image-edit', apiKey: 'right-key' });
    assert.equal(error.shape, 'vllm');
    assert.equal(error.status, 404);
    assert.match(error.message, /^HTTP 404 Not Found: .*qwen\/qwen-image-edit/);
  });

  test('vLLM < 0.10.1 {"object":"error",…} with the param as a field detail', async () => {
    const outcome = await runCaption({ baseUrl: legacy.url, model: 'nvidia/nemotron-nano-12b-v2-vl' }, { ...DEFAULT_CAPTION_PARAMS, maxTokens: 0 }, { bytes: png });
    assert.equal(outcome.ok, false);
    const error = (outcome as { error: PlaygroundError }).error;
    assert.equal(error.shape, 'vllm-legacy');
    assert.equal(error.status, 400);
    assert.deepEqual(error.fields.map((f) => f.field), ['max_tokens']);
  });

  test('vLLM --api-key {"error":"Unauthorized"} says to set the key; the key is not echoed', async () => {
    const error = await captionError(current.url, { apiKey: 'wrong-key' });
    assert.equal(error.status, 401);
    assert.match(error.message, /Unauthorized.*API key/);
    assert.ok(!error.message.includes('wrong-key'));
  });

  test('vLLM-omni {"detail": "…"}: a model mismatch', async () => {
    const outcome = await runEdit({ baseUrl: omni.url, model: 'qwen/qwen-image-edit-2511' }, { transport: 'omni', prompt: 'x' }, [{ name: 'a.png', bytes: png }]);
    assert.equal(outcome.ok, false);
    const error = (outcome as { error: PlaygroundError }).error;
    assert.equal(error.shape, 'fastapi-detail');
    assert.match(error.message, /^HTTP 400 Bad Request: Model mismatch/);
  });

  test('vLLM-omni pydantic errors inside the message become field details', async () => {
    const outcome = await runEdit({ baseUrl: omni.url }, { transport: 'omni', prompt: 'x', steps: 0 }, [{ name: 'a.png', bytes: png }]);
    const error = (outcome as { error: PlaygroundError }).error;
    assert.equal(outcome.ok, false);
    assert.deepEqual(error.fields.map((f) => f.field), ['num_inference_steps']);
  });

  test('FastAPI validation {"detail":[{loc,msg,type}]}: every field, body. prefix dropped', async () => {
    const outcome = await runEdit({ baseUrl: nunchaku.url }, { transport: 'nunchaku', prompt: 'p'.repeat(501), steps: 99, rank: 32 as 64 }, [{ name: 'a.png', bytes: png }]);
    const error = (outcome as { error: PlaygroundError }).error;
    assert.equal(error.shape, 'fastapi-validation');
    assert.equal(error.status, 422);
    assert.deepEqual(error.fields.map((f) => f.field).sort(), ['num_inference_steps', 'prompt', 'rank']);
    assert.match(error.message, /prompt: String should have at most 500 characters/);
  });

  test('Nunchaku Qwen-Image-Edit API ErrorResponse {error, detail, timestamp, request_id}', async () => {
    const outcome = await runEdit({ baseUrl: nunchaku.url }, { transport: 'nunchaku', prompt: 'x' }, [{ name: 'a.webp', bytes: WEBP }]);
    const error = (outcome as { error: PlaygroundError }).error;
    assert.equal(error.shape, 'nunchaku');
    assert.match(error.message, /^HTTP 400 Bad Request: Invalid image: /);
  });

  test('a proxy\'s plain-text and HTML bodies, in a streamed request too', async () => {
    current.control.update({ failNext: [{ status: 502, body: 'upstream connect error or disconnect/reset before headers' }] });
    const text = await captionError(current.url, { apiKey: 'right-key', stream: true });
    assert.equal(text.shape, 'text');
    assert.equal(text.message, 'HTTP 502 Bad Gateway: upstream connect error or disconnect/reset before headers');
    current.control.update({ failNext: [{ status: 504, body: '<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>' }] });
    const html = await captionError(current.url, { apiKey: 'right-key' });
    assert.match(html.message, /HTML page "504 Gateway Time-out" — probably a proxy/);
  });

  test('no answer: refused, timed out, cancelled', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const refused = await captionError(`http://127.0.0.1:${port}`);
    assert.equal(refused.kind, 'refused');
    current.control.update({ latencyMs: 2000 });
    try {
      const timeout = await captionError(current.url, { apiKey: 'right-key', timeoutMs: 150 });
      assert.equal(timeout.kind, 'timeout');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const cancelled = await captionError(current.url, { apiKey: 'right-key', signal: controller.signal, stream: true });
      assert.equal(cancelled.kind, 'cancelled');
    } finally {
      current.control.update({ latencyMs: 0 });
    }
  });
});
