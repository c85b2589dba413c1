// The playground's Load tab, host side, against REAL simulated servers: a sweep posts progress, one row per level and
// the knee; Save JSON writes a result `ies bench compare` reads; Cancel stops it; bad input is a clear error; the API
// key is sent to the server and never posted to the webview.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readBenchResult } from '../../src/core/bench/index';
import type { RegisteredEndpoint } from '../../src/core/endpoints/registeredEndpoint';
import type { HistoryStore } from '../../src/core/playground/index';
import { PlaygroundHost } from '../../src/extension/playground/playgroundHost';
import { NOT_IN_A_CLUSTER, telemetryBridge } from '../../src/extension/playground/telemetryBridge';
import { DEFAULT_LOAD_SETTINGS, type LoadSettings } from '../../src/messages/loadMessages';
import { hostMessageSchema, type HostMessage } from '../../src/messages/playgroundMessages';
import { startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';

const KEY = 'sk-load-secret-value';
let vlm: RunningInferenceServer;
let omni: RunningInferenceServer;
before(async () => {
  [vlm, omni] = await Promise.all([
    // Serves 2 at a time: at 4 concurrent requests half of them queue for a whole answer, so TTFT passes 150 ms.
    startVllmVlmServer({ apiKey: KEY, timing: { firstTokenMs: 40, perTokenMs: 12 }, maxConcurrency: 2 }),
    startVllmOmniServer({ timing: { firstTokenMs: 2, perTokenMs: 1 } }),
  ]);
});
after(() => Promise.all([vlm.close(), omni.close()]));

type Of<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

function makeHost(options: { telemetryMs?: number } = {}) {
  const posted: HostMessage[] = [];
  const savedJson: Array<{ name: string; text: string }> = [];
  let history: HistoryStore = {};
  const endpoint: RegisteredEndpoint = { key: 'user:vlm', name: 'vlm', source: 'user', kind: 'openai', baseUrl: `${vlm.url}/v1`, expectedModel: vlm.modelId, headers: {}, insecureTls: false };
  const host = new PlaygroundHost({
    endpoints: () => [endpoint],
    apiKey: async (key) => (key === 'user:vlm' ? KEY : undefined),
    promptApiKey: async () => {},
    proxyFor: () => ({}),
    history: { get: () => history, set: async (s) => { history = s; } },
    pickImage: async () => undefined,
    saveImage: async () => undefined,
    saveJson: async (name, text) => { savedJson.push({ name, text }); return name; },
    pickFolder: async () => '/picked/folder',
    copy: async () => {},
    post: (m) => posted.push(m),
    log: () => {},
    watchTelemetry: options.telemetryMs ? telemetryBridge({ post: (m) => posted.push(m), intervalMs: options.telemetryMs }) : undefined,
  });
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Of<T> => m.type === type);
  return { host, posted, savedJson, of };
}

const vlmTarget = () => ({ endpointKey: 'user:vlm', baseUrl: `${vlm.url}/v1`, model: vlm.modelId, timeoutMs: 10_000 });
const chat = (over: Partial<LoadSettings> = {}): LoadSettings => ({ ...DEFAULT_LOAD_SETTINGS, kind: 'chat', concurrency: [1, 2, 4], requestsPerLevel: 12, warmup: 1, inputTokens: 32, outputTokens: 12, slo: { ttftMs: 150 }, ...over });

test('a chat sweep: progress, a row per level, the knee at the server\'s capacity, Save JSON; the key never reaches the webview', async () => {
  const { host, posted, savedJson, of } = makeHost();
  await host.handle({ type: 'loadRun', requestId: 'l1', target: vlmTarget(), settings: chat() });
  for (const m of posted) assert.equal(hostMessageSchema.safeParse(m).success, true, m.type);
  assert.equal(posted[0].type, 'loadStarted');
  const progress = of('loadProgress');
  assert.ok(progress.length >= 3, `${progress.length} progress messages`);
  assert.match(progress[0].label, /^warm-up 1 of 1$/);
  const fractions = progress.map((p) => p.fraction);
  assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'the bar only moves forward');
  assert.ok(progress.some((p) => /^level 3 of 3 \(4 concurrent\): \d+ of 12 requests, 0 errors$/.test(p.label)));
  const levels = of('loadLevel').map((m) => m.level);
  assert.deepEqual(levels.map((l) => [l.concurrency, l.requests, l.errors]), [[1, 12, 0], [2, 12, 0], [4, 12, 0]]);
  assert.deepEqual(levels.map((l) => l.meetsSlo), [true, true, false], JSON.stringify(levels.map((l) => l.ttftMs)));
  assert.ok(levels[2].ttftMs.p99! > 150 && levels[0].ttftMs.p50! < 150);
  assert.ok(levels.every((l) => l.outputTokensPerSecond > 0 && l.rps > 0 && l.tpotMs.count > 0));
  const done = of('loadDone')[0];
  assert.deepEqual([done.cancelled, done.knee, done.error], [false, { concurrency: 2 }, undefined]);
  assert.match(done.summary, /^The knee is 2 concurrent requests: .* at 4 concurrent requests only [\d.]+ % of requests were within it/);
  assert.ok(!JSON.stringify(posted).includes(KEY), 'no message to the webview carries the key');

  await host.handle({ type: 'loadSave', requestId: 'l1' });
  assert.equal(savedJson.length, 1);
  assert.match(savedJson[0].name, /^bench-chat-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
  const saved = readBenchResult(savedJson[0].text);
  assert.deepEqual(saved.knee, { concurrency: 2 });
  assert.deepEqual(saved.levels.map((l) => l.requests), [12, 12, 12]);
  assert.ok(saved.levels.every((l) => l.histograms.ttft.length > 10), 'histograms are kept for merging');
  assert.ok(!savedJson[0].text.includes(KEY));
  assert.match(of('notice').at(-1)!.message, /^Saved bench-chat-/);
});

test('Cancel stops a run mid-sweep and says so; Save JSON with nothing finished is an error', async () => {
  const { host, of } = makeHost();
  const running = host.handle({ type: 'loadRun', requestId: 'l2', target: vlmTarget(), settings: chat({ concurrency: [1, 2], requestsPerLevel: 200, slo: {} }) });
  setTimeout(() => void host.handle({ type: 'loadCancel', requestId: 'l2' }), 700);
  const started = Date.now();
  await running;
  assert.ok(Date.now() - started < 5000, 'stopped soon after Cancel');
  const done = of('loadDone')[0];
  assert.equal(done.cancelled, true);
  assert.ok(of('loadLevel').length <= 1);
  await host.handle({ type: 'loadSave', requestId: 'nothing' });
  assert.match(of('notice').at(-1)!.message, /No finished load run to save/);
});

test('an edit sweep over vLLM-omni counts images; bad input is a clear error, not an empty table', async () => {
  const { host, of } = makeHost();
  const omniTarget = { endpointKey: `custom:${omni.url}/v1`, baseUrl: `${omni.url}/v1`, model: omni.modelId, timeoutMs: 10_000 };
  await host.handle({ type: 'loadRun', requestId: 'e1', target: omniTarget, settings: { ...DEFAULT_LOAD_SETTINGS, kind: 'edit', transport: 'omni', concurrency: [2], requestsPerLevel: 4, warmup: 0, slo: {} } });
  const [level] = of('loadLevel').map((m) => m.level);
  assert.deepEqual([level.requests, level.errors], [4, 0]);
  assert.ok(level.imagesPerSecond > 0);
  assert.deepEqual(of('loadDone')[0].knee, { concurrency: 2 });

  const empty = mkdtempSync(join(tmpdir(), 'ies-load-'));
  writeFileSync(join(empty, 'notes.txt'), 'not an image');
  await host.handle({ type: 'loadRun', requestId: 'e2', target: omniTarget, settings: { ...DEFAULT_LOAD_SETTINGS, kind: 'caption', imagesDir: empty } });
  assert.match(of('loadDone').at(-1)!.error!, /^no images in .*ies-load-.*: put PNG, JPEG or WebP files there \(1 other file\(s\) found\)$/);

  await host.handle({ type: 'loadRun', requestId: 'e3', target: { ...omniTarget, endpointKey: 'custom:http://127.0.0.1:9/v1', baseUrl: 'http://127.0.0.1:9/v1' }, settings: chat() });
  const unreachable = of('loadDone').at(-1)!;
  assert.match(unreachable.error!, /^endpoint unreachable: /);
  assert.equal(of('loadLevel').length, 1, 'no level rows for the runs that could not start');

  await host.handle({ type: 'pickImagesFolder' });
  assert.deepEqual(of('imagesFolder').at(-1), { type: 'imagesFolder', path: '/picked/folder' });
});

test('a request-rate sweep with Poisson arrivals: rows by rate, the knee as a rate', async () => {
  const { host, of } = makeHost();
  // The server answers two at a time, ≈ 180 ms each (≈ 11 req/s): 2 req/s keeps up, 40 req/s builds a queue.
  await host.handle({ type: 'loadRun', requestId: 'r1', target: vlmTarget(), settings: chat({ sweep: 'rate', rates: [2, 40], requestsPerLevel: 12 }) });
  const levels = of('loadLevel').map((m) => m.level);
  assert.deepEqual(levels.map((l) => [l.rate, l.concurrency, l.requests]), [[2, undefined, 12], [40, undefined, 12]]);
  assert.deepEqual(levels.map((l) => l.meetsSlo), [true, false], JSON.stringify(levels.map((l) => l.ttftMs)));
  const done = of('loadDone')[0];
  assert.deepEqual(done.knee, { rate: 2 });
  assert.match(done.summary, /^The knee is 2 req\/s: /);
  assert.ok(of('loadProgress').some((p) => /\(40 req\/s\)/.test(p.label)));
  assert.deepEqual(of('loadStarted')[0].levels, [2, 40]);
});

test('engine telemetry: scraped during a Load run through the same target, and on the dashboard until it is stopped', async () => {
  const { host, posted, of } = makeHost({ telemetryMs: 150 });
  await host.handle({ type: 'loadRun', requestId: 't1', target: vlmTarget(), settings: chat({ concurrency: [2, 4], requestsPerLevel: 8, slo: {} }) });
  const during = of('telemetry').filter((m) => m.source === 'load');
  assert.ok(during.length >= 2, `${during.length} samples during the run`);
  assert.ok(during.every((m) => m.endpointKey === 'user:vlm' && !m.sample.error), JSON.stringify(during.find((m) => m.sample.error)));
  assert.ok(during.some((m) => (m.sample.running ?? 0) >= 1), 'requests seen running');
  assert.equal(during[0].sample.gpuNote, NOT_IN_A_CLUSTER);
  const countAfterRun = of('telemetry').length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(of('telemetry').length, countAfterRun, 'the watch of the run stops with it');
  for (const m of posted) assert.equal(hostMessageSchema.safeParse(m).success, true, m.type);

  await host.handle({ type: 'dashboardWatch', target: vlmTarget() });
  await new Promise((r) => setTimeout(r, 500));
  const dashboard = of('telemetry').filter((m) => m.source === 'dashboard');
  assert.ok(dashboard.length >= 2, `${dashboard.length} dashboard samples`);
  assert.equal(dashboard.at(-1)!.sample.running, 0);
  assert.equal(dashboard.at(-1)!.sample.kvCacheUsage, 0);
  // Hidden behind another editor, the panel's dashboard stops scraping; shown again, it resumes.
  host.setVisible(false);
  await new Promise((r) => setTimeout(r, 100));
  const hidden = of('telemetry').length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(of('telemetry').length, hidden, 'no sample while hidden');
  host.setVisible(true);
  await new Promise((r) => setTimeout(r, 400));
  assert.ok(of('telemetry').length > hidden, 'scraping again once shown');
  await host.handle({ type: 'dashboardStop' });
  const stopped = of('telemetry').length;
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(of('telemetry').length, stopped, 'no sample after dashboardStop');
  assert.ok(!JSON.stringify(posted).includes(KEY));
  host.dispose();
});
