import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RegisteredEndpoint } from '../../src/core/endpoints/registeredEndpoint';
import type { HistoryStore } from '../../src/core/playground/index';
import { PlaygroundHost } from '../../src/extension/playground/playgroundHost';
import { DEFAULT_CAPTION_FORM, DEFAULT_EDIT_FORM, hostMessageSchema, type HostMessage } from '../../src/messages/playgroundMessages';
import { startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng } from '../fixtures/images/fixtureImages';

const KEY = 'sk-host-secret-value';
let vlm: RunningInferenceServer;
let omni: RunningInferenceServer;
before(async () => {
  [vlm, omni] = await Promise.all([startVllmVlmServer({ apiKey: KEY, timing: { firstTokenMs: 2, perTokenMs: 1 } }), startVllmOmniServer({ apiKey: KEY, timing: { firstTokenMs: 2, perTokenMs: 1 } })]);
});
after(() => Promise.all([vlm.close(), omni.close()]));

function makeHost() {
  const posted: HostMessage[] = [];
  const copied: string[] = [];
  const saved: Array<{ name: string; bytes: Uint8Array }> = [];
  let history: HistoryStore = {};
  const endpoint: RegisteredEndpoint = { key: 'user:vlm', name: 'vlm', source: 'user', kind: 'openai', baseUrl: `${vlm.url}/v1`, expectedModel: vlm.modelId, headers: {}, insecureTls: false };
  const host = new PlaygroundHost({
    endpoints: () => [endpoint],
    apiKey: async (key) => (key === 'user:vlm' || key.startsWith('custom:') ? KEY : undefined),
    promptApiKey: async () => {},
    proxyFor: () => ({}),
    history: { get: () => history, set: async (s) => { history = s; } },
    pickImage: async () => undefined,
    saveImage: async (name, bytes) => { saved.push({ name, bytes }); return name; },
    copy: async (text) => { copied.push(text); },
    post: (m) => posted.push(m),
    log: () => {},
  });
  return { host, posted, copied, saved, history: () => history };
}

const image = { name: 'blue.png', base64: Buffer.from(darkBluePng()).toString('base64'), path: '/nonexistent/blue.png' };

test('ready → init with endpoints (key presence only); a repeated caption posts runs, stats, history; the key is never posted', async () => {
  const { host, posted, copied } = makeHost();
  await host.handle({ type: 'ready' });
  assert.deepEqual(JSON.parse(JSON.stringify(posted[0])), { type: 'init', endpoints: [{ key: 'user:vlm', name: 'vlm', baseUrl: `${vlm.url}/v1`, kind: 'openai', model: vlm.modelId, hasApiKey: true }] });
  const target = { endpointKey: 'user:vlm', baseUrl: `${vlm.url}/v1`, model: vlm.modelId, timeoutMs: 10_000 };
  await host.handle({ type: 'run', requestId: 'r1', target, job: { mode: 'caption', form: { ...DEFAULT_CAPTION_FORM, stream: true }, image }, repeat: 3 });
  const types = posted.map((m) => m.type);
  assert.equal(types.filter((t) => t === 'started').length, 3);
  assert.equal(types.filter((t) => t === 'result').length, 3);
  assert.ok(types.includes('delta'));
  assert.equal(types.at(-1), 'done');
  const results = posted.filter((m): m is Extract<HostMessage, { type: 'result' }> => m.type === 'result');
  assert.ok(results.every((r) => r.ok && r.caption && r.caption.text.length > 0), JSON.stringify(results.map((r) => r.error)));
  const stats = posted.filter((m) => m.type === 'stats').at(-1) as Extract<HostMessage, { type: 'stats' }>;
  assert.equal(stats.stats.runs, 3);
  assert.equal(stats.stats.failures, 0);
  const history = posted.find((m) => m.type === 'history') as Extract<HostMessage, { type: 'history' }>;
  assert.equal(history.entries.length, 1);
  assert.match(history.entries[0].summary, /^3 runs · /);
  assert.match(history.entries[0].inputThumbnail!, /^data:image\/png;base64,/);
  for (const m of posted) assert.equal(hostMessageSchema.safeParse(m).success, true, m.type);

  await host.handle({ type: 'copyCurl', target, job: { mode: 'caption', form: DEFAULT_CAPTION_FORM, image } });
  assert.match(copied[0], /Authorization: Bearer \$API_KEY/);
  assert.ok(!JSON.stringify(posted).includes(KEY), 'no message to the webview carries the key');
  assert.ok(!copied[0].includes(KEY));
});

test('an edit result comes back with its seed; an error keeps its field details; cancel stops the run', async () => {
  const { host, posted, saved } = makeHost();
  const target = { endpointKey: `custom:${omni.url}/v1`, baseUrl: `${omni.url}/v1`, model: omni.modelId, timeoutMs: 10_000 };
  await host.handle({ type: 'run', requestId: 'e1', target, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, prompt: 'warmer', seed: 77 }, images: [image] }, repeat: 1 });
  const result = posted.find((m) => m.type === 'result') as Extract<HostMessage, { type: 'result' }>;
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.edit!.seed, 77);
  assert.deepEqual([result.edit!.images[0].width, result.edit!.images[0].height], [64, 48]);
  await host.handle({ type: 'saveResult', name: 'out.png', base64: result.edit!.images[0].base64 });
  assert.equal(saved[0].name, 'out.png');

  posted.length = 0;
  await host.handle({ type: 'run', requestId: 'e2', target, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, prompt: 'x', steps: 5000 }, images: [image] }, repeat: 1 });
  const failed = posted.find((m) => m.type === 'result') as Extract<HostMessage, { type: 'result' }>;
  assert.equal(failed.ok, false);
  assert.deepEqual(failed.error!.fields.map((f) => f.field), ['num_inference_steps']);

  posted.length = 0;
  omni.control.update({ latencyMs: 3000 });
  try {
    const running = host.handle({ type: 'run', requestId: 'e3', target, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, prompt: 'x' }, images: [image] }, repeat: 5 });
    setTimeout(() => void host.handle({ type: 'cancel', requestId: 'e3' }), 200);
    await running;
  } finally {
    omni.control.update({ latencyMs: 0 });
  }
  const results = posted.filter((m): m is Extract<HostMessage, { type: 'result' }> => m.type === 'result');
  assert.equal(results.length, 1, 'the repeat loop stops after the cancelled run');
  assert.equal(results[0].error?.kind, 'cancelled');
  host.dispose();
});
