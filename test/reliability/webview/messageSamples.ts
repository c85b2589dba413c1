// One valid example of every playground message type, both directions: the fuzzer mutates these.
import { DEFAULT_LOAD_SETTINGS } from '../../../src/messages/loadMessages.js';
import { DEFAULT_CAPTION_FORM, DEFAULT_EDIT_FORM, type HostMessage, type WebviewMessage } from '../../../src/messages/playgroundMessages.js';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const target = { endpointKey: 'custom:http://127.0.0.1:8000', baseUrl: 'http://127.0.0.1:8000', model: 'nvidia/model', timeoutMs: 60_000 };
const image = { name: 'in.png', base64: PNG_1X1 };
const captionJob = { mode: 'caption' as const, form: DEFAULT_CAPTION_FORM, image };
const editJob = { mode: 'edit' as const, form: DEFAULT_EDIT_FORM, images: [image] };

export const webviewSamples: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'pickImage', slot: 'caption' },
  { type: 'inspectImage', slot: 'edit', image },
  { type: 'run', requestId: 'r1', target, job: captionJob, repeat: 1 },
  { type: 'run', requestId: 'r2', target, job: editJob, repeat: 3 },
  { type: 'cancel', requestId: 'r1' },
  { type: 'copyCurl', target, job: editJob },
  { type: 'saveResult', name: 'result.png', base64: PNG_1X1 },
  { type: 'selectEndpoint', endpointKey: 'custom' },
  { type: 'rerun', historyId: 'h1' },
  { type: 'clearHistory', endpointKey: 'custom' },
  { type: 'setApiKey', endpointKey: 'custom' },
  { type: 'loadRun', requestId: 'l1', target, settings: DEFAULT_LOAD_SETTINGS },
  { type: 'loadCancel', requestId: 'l1' },
  { type: 'loadSave', requestId: 'l1' },
  { type: 'pickImagesFolder' },
  { type: 'dashboardWatch', target },
  { type: 'dashboardStop' },
];

const pct = { count: 4, p50: 10, p90: 12, p95: 13, p99: 15 };

const endpoint = { key: 'ep1', name: 'edit-e2e', baseUrl: 'http://127.0.0.1:8000', kind: 'vllm-omni', model: 'nvidia/model', hasApiKey: false };

export const hostSamples: HostMessage[] = [
  { type: 'init', endpoints: [endpoint], selectedKey: 'ep1' },
  { type: 'endpoints', endpoints: [endpoint] },
  { type: 'image', slot: 'caption', image: { name: 'in.png', base64: PNG_1X1, mediaType: 'image/png', bytes: 68, width: 1, height: 1 } },
  { type: 'started', requestId: 'r1', run: 1, of: 1, rawRequest: 'POST /v1/chat/completions' },
  { type: 'delta', requestId: 'r1', text: 'A cat' },
  { type: 'result', requestId: 'r1', run: 1, of: 1, ok: true, status: 200, latencyMs: 12, rawRequest: 'POST', caption: { text: 'A cat.' } },
  { type: 'result', requestId: 'r2', run: 1, of: 1, ok: true, status: 200, latencyMs: 12, rawRequest: 'POST', edit: { images: [{ base64: PNG_1X1, width: 1, height: 1 }], seed: 1 } },
  { type: 'result', requestId: 'r3', run: 1, of: 1, ok: false, status: 500, latencyMs: 3, rawRequest: 'POST', error: { message: 'boom', status: 500, shape: 'vllm', fields: [] } },
  { type: 'stats', requestId: 'r1', stats: { runs: 1, failures: 0, p50: 12 } },
  { type: 'done', requestId: 'r1' },
  { type: 'history', endpointKey: 'ep1', entries: [{ id: 'h1', at: '2026-11-23T00:00:00Z', mode: 'edit', ok: true, latencyMs: 5, summary: 'ok', inputThumbnail: `data:image/png;base64,${PNG_1X1}`, canRerun: true }] },
  { type: 'loadJob', target: { baseUrl: 'http://127.0.0.1:8000' }, job: captionJob },
  { type: 'notice', level: 'info', message: 'hello' },
  { type: 'loadStarted', requestId: 'l1', levels: [1, 2], at: 1_700_000_000_000 },
  { type: 'loadProgress', requestId: 'l1', fraction: 0.25, label: 'level 1 of 2', concurrency: 1, e2eP50: 20, ttftP50: 5 },
  {
    type: 'loadLevel', requestId: 'l1', level: {
      concurrency: 1, requests: 4, errors: 1, errorsByKind: { http: 1 }, errorsByStatus: [{ status: 503, count: 1 }], errorRate: 0.25, rps: 3, outputTokensPerSecond: 40,
      imagesPerSecond: 0, ttftMs: pct, tpotMs: pct, e2eMs: pct, goodput: 0.75, meetsSlo: false, endedAt: 1_700_000_000_000,
    },
  },
  { type: 'loadDone', requestId: 'l1', cancelled: false, summary: 'No level meets the SLO.', knee: null },
  { type: 'loadDone', requestId: 'l2', cancelled: false, summary: 'The knee is at 4 concurrent requests.', knee: { concurrency: 4 } },
  { type: 'imagesFolder', path: '/tmp/images' },
  { type: 'telemetry', source: 'dashboard', endpointKey: 'ep1', sample: { at: 1, running: 2, waiting: 1, kvCacheUsage: 0.3, ttftMs: { p50: 40, p90: 80, p99: 90, count: 5 }, gpus: [{ namespace: 'ai', pod: 'p-0', gpu: '0', utilization: 80, fbUsedMiB: 1000 }] } },
  { type: 'showTab', tab: 'dashboard', endpointKey: 'ep1' },
];
