import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { base64ToBytes, decodeImage, parseDataUrl, sniffImageFormat } from '../../src/core/image/index';
import { DEFAULT_CAPTION_PARAMS, runCaption, repeatRuns, type CaptionOutcome } from '../../src/core/playground/index';
import { startOmegaServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, noisyPng, orangeJpeg } from '../fixtures/images/fixtureImages';
import { startRecordingProxy, type RecordingProxy } from './playground-harness';

const FAST = { firstTokenMs: 5, perTokenMs: 2 };
const MODEL = 'nvidia/nemotron-nano-12b-v2-vl';
const KEY = 'sk-test-playground-secret';

/** nv-ingest's caption request verbatim, the image aside. */
const nvIngestRequest = (url: string, extra: Record<string, unknown> = {}) => ({
  model: MODEL,
  messages: [
    { role: 'system', content: [{ type: 'text', text: '/no_think' }] },
    { role: 'user', content: [{ type: 'text', text: 'Caption the content of this image:' }, { type: 'image_url', image_url: { url } }] },
  ],
  max_tokens: 512,
  temperature: 1.0,
  top_p: 1.0,
  stream: false,
  ...extra,
});

function expectOk(outcome: CaptionOutcome): asserts outcome is Extract<CaptionOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`caption failed: ${outcome.error.message}`);
}

describe('caption client, nv-ingest image_url dialect against vLLM', () => {
  let vlm: RunningInferenceServer;
  let proxy: RecordingProxy;
  before(async () => {
    vlm = await startVllmVlmServer({ timing: FAST, apiKey: KEY });
    proxy = await startRecordingProxy(vlm.url);
  });
  after(async () => {
    await proxy.close();
    await vlm.close();
  });

  test('sends exactly nv-ingest\'s body with a Bearer key and reads choices[*].message.content', async () => {
    const png = darkBluePng();
    const outcome = await runCaption({ baseUrl: `${proxy.url}/v1`, model: MODEL, apiKey: KEY }, DEFAULT_CAPTION_PARAMS, { bytes: png });
    expectOk(outcome);
    const sent = proxy.last();
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(sent.headers['content-type']), /^application\/json/);
    const body = proxy.json() as ReturnType<typeof nvIngestRequest>;
    const url = (body.messages[1].content[1] as { image_url: { url: string } }).image_url.url;
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual(body, nvIngestRequest(url));
    // A small PNG that fits goes unchanged.
    assert.deepEqual(parseDataUrl(url)!.bytes, png);
    const answered = JSON.parse(sent.responseBody!.toString()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(outcome.text, answered.choices[0].message.content);
    assert.ok(outcome.text.length > 0);
    assert.ok(!outcome.rawRequest.includes(KEY) && !outcome.rawResponse!.includes(KEY), 'the key appears in no raw text');
    assert.match(outcome.rawRequest, /authorization: Bearer \$API_KEY/);
    assert.match(outcome.rawRequest, /<image\/png 64×48, [\d,]+ base64 chars \(data URL\)>/);
  });

  test('a JPEG is re-encoded as PNG and a large image is pre-scaled to ≤ 180,000 base64 characters', async () => {
    const jpegOutcome = await runCaption({ baseUrl: proxy.url, model: MODEL, apiKey: KEY }, DEFAULT_CAPTION_PARAMS, { bytes: orangeJpeg() });
    expectOk(jpegOutcome);
    const jpegUrl = ((proxy.json() as ReturnType<typeof nvIngestRequest>).messages[1].content[1] as { image_url: { url: string } }).image_url.url;
    assert.equal(sniffImageFormat(parseDataUrl(jpegUrl)!.bytes), 'png');

    const big = noisyPng(420, 300);
    const outcome = await runCaption({ baseUrl: proxy.url, model: MODEL, apiKey: KEY }, DEFAULT_CAPTION_PARAMS, { bytes: big });
    expectOk(outcome);
    const body = proxy.json() as ReturnType<typeof nvIngestRequest>;
    const url = (body.messages[1].content[1] as { image_url: { url: string } }).image_url.url;
    assert.deepEqual(body, nvIngestRequest(url));
    const b64 = url.slice('data:image/png;base64,'.length);
    assert.ok(b64.length <= 180_000, `base64 ${b64.length}`);
    assert.equal(b64.length, outcome.image!.base64Length);
    assert.ok(outcome.image!.steps >= 1);
    const decoded = decodeImage(base64ToBytes(b64));
    assert.deepEqual([decoded.width, decoded.height], [outcome.image!.width, outcome.image!.height]);
    assert.equal(decoded.width, Math.trunc(420 * outcome.image!.scales.at(-1)!));
  });

  test('streaming sends stream:true with include_usage and reports time to first token and tokens per second', async () => {
    const deltas: string[] = [];
    const outcome = await runCaption({ baseUrl: proxy.url, model: MODEL, apiKey: KEY }, { ...DEFAULT_CAPTION_PARAMS, stream: true }, { bytes: darkBluePng() }, { onDelta: (added) => deltas.push(added) });
    expectOk(outcome);
    const body = proxy.json() as ReturnType<typeof nvIngestRequest>;
    const url = (body.messages[1].content[1] as { image_url: { url: string } }).image_url.url;
    assert.deepEqual(body, nvIngestRequest(url, { stream: true, stream_options: { include_usage: true } }));
    assert.ok(deltas.length > 1, 'text arrives in pieces');
    assert.equal(deltas.join(''), outcome.text);
    const events = proxy.last().responseBody!.toString().split('\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)));
    const streamed = events.flatMap((e) => e.choices.map((c: { delta: { content?: string } }) => c.delta.content ?? '')).join('');
    assert.equal(outcome.text, streamed);
    assert.ok(outcome.ttftMs !== undefined && outcome.ttftMs > 0 && outcome.ttftMs <= outcome.latencyMs);
    assert.ok(outcome.tokensPerSecond !== undefined && outcome.tokensPerSecond > 0);
    assert.equal(outcome.completionTokens, events.find((e) => e.usage)?.usage.completion_tokens);
  });

  test('"Repeat N times" gives p50 / p95 and counts failures', async () => {
    vlm.control.update({ failNext: [{ status: 500 }] });
    const { stats, outcomes } = await repeatRuns(4, () => runCaption({ baseUrl: proxy.url, model: MODEL, apiKey: KEY }, DEFAULT_CAPTION_PARAMS, { bytes: darkBluePng() }));
    assert.equal(outcomes.length, 4);
    assert.equal(stats.runs, 4);
    assert.equal(stats.failures, 1);
    assert.ok(stats.p50! <= stats.p95!);
  });
});

describe('caption client, image dialect against the Omega VLM server', () => {
  let omega: RunningInferenceServer;
  let proxy: RecordingProxy;
  before(async () => {
    omega = await startOmegaServer({ timing: FAST, apiKey: KEY });
    proxy = await startRecordingProxy(omega.url);
  });
  after(async () => {
    await proxy.close();
    await omega.close();
  });

  test('sends {type:"image", image} first, then the text, as Omega\'s guide does', async () => {
    const png = darkBluePng();
    const params = { ...DEFAULT_CAPTION_PARAMS, dialect: 'image' as const, system: '', prompt: 'Describe this image in detail.', temperature: 0.7, topP: 0.95 };
    const outcome = await runCaption({ baseUrl: `${proxy.url}/v1`, model: 'omega', apiKey: KEY }, params, { bytes: png });
    expectOk(outcome);
    const body = proxy.json() as { messages: Array<{ content: Array<{ image?: string }> }> };
    const image = body.messages[0].content[0].image!;
    assert.deepEqual(body, {
      model: 'omega',
      messages: [{ role: 'user', content: [{ type: 'image', image }, { type: 'text', text: 'Describe this image in detail.' }] }],
      max_tokens: 512,
      temperature: 0.7,
      top_p: 0.95,
      stream: false,
    });
    assert.equal(image, `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    assert.ok(outcome.text.length > 0);
  });
});
