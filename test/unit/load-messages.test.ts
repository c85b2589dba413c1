import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LOAD_SETTINGS } from '../../src/messages/loadMessages';
import { hostMessageSchema, parseMessage, webviewMessageSchema } from '../../src/messages/playgroundMessages';
import { benchConfigOf, benchModeOf } from '../../src/extension/playground/loadRunner';

const target = { endpointKey: 'custom:http://127.0.0.1:8000/v1', baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', timeoutMs: 5000 };
const loadRun = { type: 'loadRun', requestId: 'l1', target, settings: DEFAULT_LOAD_SETTINGS };
const pct = { count: 3, p50: 10, p90: 12, p99: 15 };
const level = {
  concurrency: 4, requests: 20, errors: 1, errorsByKind: { http: 1 }, errorsByStatus: [{ status: 503, count: 1 }], errorRate: 0.05, rps: 12.5,
  outputTokensPerSecond: 800, imagesPerSecond: 0, ttftMs: pct, tpotMs: pct, e2eMs: pct, goodput: 0.95, meetsSlo: true, endedAt: 1_700_000_000_000,
};
const sample = { at: 1_700_000_000_000, running: 3, waiting: 0, kvCacheUsage: 0.4, gpus: [{ namespace: 'ai', pod: 'p-0', gpu: '0', utilization: 87 }] };

test('well-formed Load and dashboard messages are accepted both ways', () => {
  for (const message of [
    loadRun,
    { ...loadRun, settings: { ...DEFAULT_LOAD_SETTINGS, kind: 'edit', transport: 'nunchaku', requestsPerLevel: undefined, durationSeconds: 5, imagesDir: '/tmp/images', slo: {} } },
    { type: 'loadCancel', requestId: 'l1' },
    { type: 'loadSave', requestId: 'l1' },
    { type: 'pickImagesFolder' },
    { type: 'dashboardWatch', target },
    { type: 'dashboardStop' },
  ]) assert.equal(parseMessage(webviewMessageSchema, message).ok, true, JSON.stringify(message));
  for (const message of [
    { type: 'loadStarted', requestId: 'l1', levels: [1, 2], at: 1 },
    { type: 'loadDone', requestId: 'l1', cancelled: false, summary: 'The knee is 4 req/s.', knee: { rate: 4 } },
    { type: 'loadLevel', requestId: 'l1', level: { ...level, concurrency: undefined, rate: 2.5 } },
    { type: 'loadProgress', requestId: 'l1', fraction: 0.5, label: 'level 1 of 2', concurrency: 1, e2eP50: 20 },
    { type: 'loadLevel', requestId: 'l1', level },
    { type: 'loadDone', requestId: 'l1', cancelled: false, summary: 'The knee is 4 concurrent requests.', knee: { concurrency: 4 } },
    { type: 'loadDone', requestId: 'l1', cancelled: false, summary: '', knee: null, error: 'endpoint unreachable' },
    { type: 'telemetry', source: 'dashboard', endpointKey: 'k', sample },
    { type: 'telemetry', source: 'load', endpointKey: 'k', sample: { at: 1, gpus: [], gpuNote: 'no dcgm-exporter Service', error: 'HTTP 404' } },
    { type: 'showTab', tab: 'dashboard', endpointKey: 'cluster:x' },
  ]) assert.equal(parseMessage(hostMessageSchema, message).ok, true, JSON.stringify(message));
});

test('malformed Load messages are rejected with the field that is wrong', () => {
  const settings = DEFAULT_LOAD_SETTINGS;
  const cases: Array<[unknown, RegExp]> = [
    [{ ...loadRun, target: { ...target, apiKey: 'sk-smuggled' } }, /target: Unrecognized key.*apiKey/],
    [{ ...loadRun, settings: { ...settings, concurrency: [] } }, /settings\.concurrency/],
    [{ ...loadRun, settings: { ...settings, concurrency: [0] } }, /settings\.concurrency\.0/],
    [{ ...loadRun, settings: { ...settings, concurrency: [1.5] } }, /settings\.concurrency\.0/],
    [{ ...loadRun, settings: { ...settings, concurrency: Array.from({ length: 17 }, (_, i) => i + 1) } }, /settings\.concurrency/],
    [{ ...loadRun, settings: { ...settings, kind: 'video' } }, /settings\.kind/],
    [{ ...loadRun, settings: { ...settings, durationSeconds: 10 } }, /requests per level or a duration/],
    [{ ...loadRun, settings: { ...settings, slo: { ttftMs: -1 } } }, /settings\.slo\.ttftMs/],
    [{ ...loadRun, settings: { ...settings, slo: { itlMs: 5 } } }, /settings\.slo: Unrecognized key/],
    [{ ...loadRun, settings: { ...settings, warmup: 1000 } }, /settings\.warmup/],
    [{ ...loadRun, settings: { ...settings, sweep: 'rate' } }, /a rate sweep needs its rates/],
    [{ ...loadRun, settings: { ...settings, sweep: 'rate', rates: [0] } }, /settings\.rates\.0/],
    [{ ...loadRun, settings: { ...settings, sweep: 'poisson', rates: [1] } }, /settings\.sweep/],
    [{ ...loadRun, requestId: '../x' }, /requestId/],
    [{ type: 'loadCancel' }, /requestId/],
    [{ type: 'dashboardWatch', target: { ...target, baseUrl: 'javascript:alert(1)' } }, /target\.baseUrl/],
  ];
  for (const [raw, reason] of cases) {
    const parsed = parseMessage(webviewMessageSchema, raw);
    assert.equal(parsed.ok, false, JSON.stringify(raw));
    assert.match((parsed as { reason: string }).reason, reason);
  }
  const hostCases: Array<[unknown, RegExp]> = [
    [{ type: 'loadProgress', requestId: 'l1', fraction: 1.5, label: '' }, /fraction/],
    [{ type: 'loadLevel', requestId: 'l1', level: { ...level, errorsByKind: { gremlins: 1 } } }, /level\.errorsByKind/],
    [{ type: 'loadLevel', requestId: 'l1', level: { ...level, errorsByStatus: [{ status: 'teapot', count: 1 }] } }, /level\.errorsByStatus/],
    [{ type: 'loadLevel', requestId: 'l1', level: { ...level, histograms: {} } }, /Unrecognized key/],
    [{ type: 'loadDone', requestId: 'l1', cancelled: false, summary: 'x' }, /knee/],
    [{ type: 'telemetry', source: 'load', endpointKey: 'k', sample: { ...sample, running: Infinity } }, /sample\.running/],
    [{ type: 'telemetry', source: 'cron', endpointKey: 'k', sample }, /source/],
    [{ type: 'telemetry', source: 'load', endpointKey: 'k', sample: { ...sample, gpus: [{ pod: 'p' }] } }, /sample\.gpus\.0/],
    [{ type: 'showTab', tab: 'terminal' }, /tab/],
  ];
  for (const [raw, reason] of hostCases) {
    const parsed = parseMessage(hostMessageSchema, raw);
    assert.equal(parsed.ok, false, JSON.stringify(raw));
    assert.match((parsed as { reason: string }).reason, reason);
  }
});

test('the Load form maps onto runBench: edit transports, requests or duration, images only for image kinds', () => {
  assert.equal(benchModeOf({ ...DEFAULT_LOAD_SETTINGS, kind: 'edit', transport: 'chat' }), 'edit-chat');
  assert.equal(benchModeOf({ ...DEFAULT_LOAD_SETTINGS, kind: 'caption' }), 'caption');
  const t = { baseUrl: 'http://h/v1' };
  const byCount = benchConfigOf(t, 9000, { ...DEFAULT_LOAD_SETTINGS, imagesDir: '/imgs' });
  assert.deepEqual([byCount.levels, byCount.requestsPerLevel, byCount.durationMsPerLevel, byCount.imagesDir, byCount.timeoutMs, byCount.maxTokens, byCount.promptTokens],
    [[{ concurrency: 1 }, { concurrency: 2 }, { concurrency: 4 }, { concurrency: 8 }], 20, undefined, undefined, 9000, 64, 128]);
  const byTime = benchConfigOf(t, 9000, { ...DEFAULT_LOAD_SETTINGS, kind: 'caption', requestsPerLevel: undefined, durationSeconds: 2.5, imagesDir: '/imgs' });
  assert.deepEqual([byTime.requestsPerLevel, byTime.durationMsPerLevel, byTime.imagesDir], [undefined, 2500, '/imgs']);
  assert.deepEqual(benchConfigOf(t, 9000, { ...DEFAULT_LOAD_SETTINGS, sweep: 'rate', rates: [0.5, 4] }).levels, [{ rate: 0.5 }, { rate: 4 }]);
  assert.deepEqual(benchConfigOf(t, 9000, { ...DEFAULT_LOAD_SETTINGS, sweep: 'concurrency', rates: [0.5, 4] }).levels.length, 4, 'rates are kept but not used in a concurrency sweep');
});
