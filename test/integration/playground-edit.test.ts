import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeImage, sniffImageFormat } from '../../src/core/image/index';
import { runEdit, type EditOutcome } from '../../src/core/playground/index';
import { startNunchakuServer, startVllmOmniServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, orangeJpeg } from '../fixtures/images/fixtureImages';
import { parseMultipart, startRecordingProxy, type RecordingProxy } from './playground-harness';

const FAST = { firstTokenMs: 5, perTokenMs: 1 };
const MODEL = 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL';
const KEY = 'sk-edit-secret';

function expectOk(outcome: EditOutcome): asserts outcome is Extract<EditOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`edit failed: ${outcome.error.message}`);
}

describe('image edit against vLLM-omni', () => {
  let omni: RunningInferenceServer;
  let proxy: RecordingProxy;
  before(async () => {
    omni = await startVllmOmniServer({ timing: FAST, apiKey: KEY });
    proxy = await startRecordingProxy(omni.url);
  });
  after(async () => {
    await proxy.close();
    await omni.close();
  });

  test('POST /v1/images/edits is multipart: image files, prompt, the set fields, response_format=b64_json', async () => {
    const png = darkBluePng();
    const jpg = orangeJpeg();
    const outcome = await runEdit({ baseUrl: `${proxy.url}/v1`, model: MODEL, apiKey: KEY }, {
      transport: 'omni', prompt: 'make it red', negativePrompt: 'blurry', steps: 4, guidanceScale: 2.5, trueCfgScale: 4, seed: 1234, size: '32x24', n: 1,
    }, [{ name: 'in.png', bytes: png }, { name: 'second.jpg', bytes: jpg }]);
    expectOk(outcome);
    const sent = proxy.last();
    assert.equal(sent.path, '/v1/images/edits');
    assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(sent.headers['content-type']), /^multipart\/form-data; boundary=/);
    const parts = parseMultipart(sent.body, String(sent.headers['content-type']));
    const summary = parts.map((p) => (p.filename ? [p.name, p.filename, p.contentType] : [p.name, p.data.toString('utf8')]));
    assert.deepEqual(summary, [
      ['model', MODEL], ['prompt', 'make it red'], ['image', 'in.png', 'image/png'], ['image', 'second.jpg', 'image/jpeg'],
      ['negative_prompt', 'blurry'], ['n', '1'], ['size', '32x24'], ['num_inference_steps', '4'], ['guidance_scale', '2.5'],
      ['true_cfg_scale', '4'], ['seed', '1234'], ['response_format', 'b64_json'],
    ]);
    assert.deepEqual(new Uint8Array(parts[2].data), png);
    assert.deepEqual(new Uint8Array(parts[3].data), jpg);
    const answered = JSON.parse(sent.responseBody!.toString()) as { data: Array<{ b64_json: string }> };
    assert.equal(outcome.result.images.length, 1);
    assert.equal(Buffer.from(outcome.result.images[0]).toString('base64'), answered.data[0].b64_json);
    const image = decodeImage(outcome.result.images[0]);
    assert.deepEqual([image.width, image.height], [32, 24]);
    assert.match(outcome.rawRequest, /image: @in\.png \(image\/png, [\d,]+ bytes\)/);
    assert.match(outcome.rawResponse!, /"b64_json": "<image\/png 32×24, [\d,]+ base64 chars>"/);
    assert.ok(!outcome.rawRequest.includes(KEY));
  });

  test('the same seed reproduces the same image; unset optional fields are not sent', async () => {
    const target = { baseUrl: proxy.url, model: MODEL, apiKey: KEY };
    const first = await runEdit(target, { transport: 'omni', prompt: 'sepia', seed: 7 }, [{ name: 'a.png', bytes: darkBluePng() }]);
    const parts = parseMultipart(proxy.last().body, String(proxy.last().headers['content-type']));
    assert.deepEqual(parts.map((p) => p.name), ['model', 'prompt', 'image', 'seed', 'response_format']);
    const again = await runEdit(target, { transport: 'omni', prompt: 'sepia', seed: 7 }, [{ name: 'a.png', bytes: darkBluePng() }]);
    expectOk(first);
    expectOk(again);
    assert.deepEqual(first.result.images[0], again.result.images[0]);
  });

  test('chat-completions diffusion: prompt and image_url data URLs in one user message, settings in extra_body', async () => {
    const png = darkBluePng();
    const outcome = await runEdit({ baseUrl: proxy.url, model: MODEL, apiKey: KEY }, { transport: 'chat', prompt: 'invert', negativePrompt: 'noise', steps: 3, guidanceScale: 1.5, seed: 99, size: '40x30' }, [{ name: 'a.png', bytes: png }]);
    expectOk(outcome);
    assert.equal(proxy.last().path, '/v1/chat/completions');
    assert.deepEqual(proxy.json(), {
      model: MODEL,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'invert' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` } }] }],
      extra_body: { negative_prompt: 'noise', num_inference_steps: 3, guidance_scale: 1.5, seed: 99, width: 40, height: 30 },
    });
    const image = decodeImage(outcome.result.images[0]);
    assert.deepEqual([image.width, image.height], [40, 30]);
  });
});

describe('image edit against the Nunchaku Qwen-Image-Edit API', () => {
  let nunchaku: RunningInferenceServer;
  let proxy: RecordingProxy;
  before(async () => {
    nunchaku = await startNunchakuServer({ timing: FAST });
    proxy = await startRecordingProxy(nunchaku.url);
  });
  after(async () => {
    await proxy.close();
    await nunchaku.close();
  });

  test('POST /edit-image sends exactly {image, prompt, negative_prompt, num_inference_steps, true_cfg_scale, seed, rank}', async () => {
    const png = darkBluePng();
    const outcome = await runEdit({ baseUrl: `${proxy.url}/v1` }, { transport: 'nunchaku', prompt: "change the text to read 'Hello World'" }, [{ name: 'a.png', bytes: png }]);
    expectOk(outcome);
    assert.equal(proxy.last().path, '/edit-image');
    assert.equal(proxy.last().headers.authorization, undefined);
    assert.deepEqual(proxy.json(), {
      image: Buffer.from(png).toString('base64'),
      prompt: "change the text to read 'Hello World'",
      negative_prompt: '',
      num_inference_steps: 8,
      true_cfg_scale: 1.0,
      seed: null,
      rank: 128,
    });
    const answered = JSON.parse(proxy.last().responseBody!.toString()) as { processing_time: number; model_info: { seed: number } };
    assert.equal(outcome.result.processingTime, answered.processing_time);
    assert.equal(outcome.result.seed, answered.model_info.seed);
    assert.equal(sniffImageFormat(outcome.result.images[0]), 'png');
  });

  test('set values replace the defaults; the reported seed reproduces the image', async () => {
    const target = { baseUrl: proxy.url };
    const first = await runEdit(target, { transport: 'nunchaku', prompt: 'tint', negativePrompt: 'x', steps: 4, trueCfgScale: 2.5, seed: 42, rank: 64 }, [{ name: 'a.png', bytes: darkBluePng() }]);
    expectOk(first);
    assert.deepEqual(Object.keys(proxy.json() as object), ['image', 'prompt', 'negative_prompt', 'num_inference_steps', 'true_cfg_scale', 'seed', 'rank']);
    assert.deepEqual({ ...(proxy.json() as object), image: '' }, { image: '', prompt: 'tint', negative_prompt: 'x', num_inference_steps: 4, true_cfg_scale: 2.5, seed: 42, rank: 64 });
    const again = await runEdit(target, { transport: 'nunchaku', prompt: 'tint', negativePrompt: 'x', steps: 4, trueCfgScale: 2.5, seed: first.result.seed, rank: 64 }, [{ name: 'a.png', bytes: darkBluePng() }]);
    expectOk(again);
    assert.deepEqual(first.result.images[0], again.result.images[0]);
  });
});
