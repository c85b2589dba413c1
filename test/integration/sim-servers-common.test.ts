import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { Agent, fetch as undiciFetch } from 'undici';
import { toDataUrl } from '../../src/core/image/index';
import { INFERENCE_SERVER_KINDS, startInferenceServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng } from '../fixtures/images/fixtureImages';

const FAST = { firstTokenMs: 1, perTokenMs: 1 };
const caption = (key?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Caption the content of this image:' }, { type: 'image_url', image_url: { url: toDataUrl(darkBluePng()) } }] }] }),
});
const control = (server: RunningInferenceServer, patch: unknown) =>
  fetch(`${server.url}/__sim/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });

describe('fault injection through /__sim/control', () => {
  let server: RunningInferenceServer;
  before(async () => { server = await startVllmVlmServer({ timing: FAST }); });
  after(() => server.close());

  test('latencyMs delays every request until reset', async () => {
    assert.equal((await control(server, { latencyMs: 120 })).status, 200);
    let begun = performance.now();
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.ok(performance.now() - begun >= 110, 'delayed');
    const state = await (await control(server, { reset: true })).json();
    assert.equal(state.latencyMs, 0);
    begun = performance.now();
    await fetch(`${server.url}/health`);
    assert.ok(performance.now() - begun < 100);
  });

  test('failNext answers the next requests with the given status, default body in the server shape, then recovers', async () => {
    await control(server, { failNext: [{ status: 503 }, { status: 502, body: 'upstream connect error or disconnect/reset before headers' }] });
    const first = await fetch(`${server.url}/v1/chat/completions`, caption());
    assert.equal(first.status, 503);
    const body = await first.json();
    assert.equal(body.error.code, 503);
    assert.match(body.error.message, /Simulated failure/);
    const second = await fetch(`${server.url}/v1/models`);
    assert.equal(second.status, 502);
    assert.equal(await second.text(), 'upstream connect error or disconnect/reset before headers');
    assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
  });

  test('failRate 1 fails every request with 500 until set back to 0', async () => {
    server.control.update({ failRate: 1 });
    const res = await fetch(`${server.url}/v1/models`);
    assert.equal(res.status, 500);
    assert.equal((await res.json()).error.type, 'InternalServerError');
    server.control.update({ failRate: 0 });
    assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
  });

  test('dropConnections destroys the socket mid-response: the client sees a network error', async () => {
    await control(server, { dropConnections: 2 });
    await assert.rejects(async () => { await (await fetch(`${server.url}/v1/chat/completions`, caption())).text(); }, TypeError);
    const stream = await fetch(`${server.url}/v1/chat/completions`, { ...caption(), body: JSON.stringify({ ...JSON.parse(String(caption().body)), stream: true }) });
    await assert.rejects(() => stream.text(), TypeError, 'a stream dies after its first event');
    assert.equal((await fetch(`${server.url}/health`)).status, 200, 'later requests are fine');
    const state = await (await fetch(`${server.url}/__sim/control`)).json();
    assert.equal(state.dropConnections, 0);
    assert.ok(state.counters.dropped >= 2);
  });

  test('a bad control body gets a 400 that says what to send', async () => {
    const res = await control(server, { failRate: 3 });
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /failRate must be between 0 and 1/);
    const unknown = await control(server, { latency: 5 });
    assert.match((await unknown.json()).error, /unknown control field\(s\) latency/);
    const notJson = await fetch(`${server.url}/__sim/control`, { method: 'POST', body: 'latency=5' });
    assert.equal(notJson.status, 400);
    assert.match((await notJson.json()).error, /expected JSON like/);
  });
});

describe('auth, warm-up, limits, TLS and robustness', () => {
  test('API key: /v1/* needs the Bearer key (401 {"error":"Unauthorized"}), /health and /metrics stay open', async () => {
    const server = await startVllmVlmServer({ apiKey: 'sk-test-123', timing: FAST });
    try {
      const denied = await fetch(`${server.url}/v1/chat/completions`, caption());
      assert.equal(denied.status, 401);
      assert.deepEqual(await denied.json(), { error: 'Unauthorized' });
      assert.equal((await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer sk-test-12' } })).status, 401);
      assert.equal((await fetch(`${server.url}/v1/chat/completions`, caption('sk-test-123'))).status, 200);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('warm-up: 503 (health empty, API in vLLM shape) until warmupMs has passed, then 200', async () => {
    const server = await startVllmVlmServer({ warmupMs: 250, timing: FAST });
    try {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 503);
      const api = await fetch(`${server.url}/v1/models`);
      assert.equal(api.status, 503);
      assert.match((await api.json()).error.message, /still loading/);
      assert.ok(Number(api.headers.get('retry-after')) >= 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
      server.control.update({ warmupMs: 10_000 });
      assert.equal((await fetch(`${server.url}/health`)).status, 503, 'a restart makes it warm up again');
    } finally {
      await server.close();
    }
  });

  test('oversize bodies are refused with 413 in the server shape', async () => {
    for (const kind of ['vllm-vlm', 'nunchaku'] as const) {
      const server = await startInferenceServer(kind, { maxBodyBytes: 2048, timing: FAST });
      try {
        const path = kind === 'nunchaku' ? '/edit-image' : '/v1/chat/completions';
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(10_000) }) });
        assert.equal(res.status, 413, kind);
        const body = await res.json();
        const message = kind === 'nunchaku' ? body.detail : body.error.message;
        assert.match(message, /exceeds the limit of 2048 bytes/);
      } finally {
        await server.close();
      }
    }
  });

  test('HTTPS with a self-signed certificate: trusted with its CA, refused without', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    } as never);
    const server = await startVllmVlmServer({ tls: { key: pems.private, cert: pems.cert }, timing: FAST });
    const trusting = new Agent({ connect: { ca: pems.cert } });
    try {
      assert.ok(server.url.startsWith('https://127.0.0.1:'));
      const res = await undiciFetch(`${server.url}/v1/models`, { dispatcher: trusting });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { data: Array<{ id: string }> }).data[0].id, 'nvidia/nemotron-nano-12b-v2-vl');
      const strict = new Agent();
      await assert.rejects(() => undiciFetch(`${server.url}/v1/models`, { dispatcher: strict }), (e: Error) => /self-signed|certificate/i.test(String((e.cause as Error)?.message ?? e.message)));
      await strict.close();
    } finally {
      await trusting.close();
      await server.close();
    }
  });

  test('garbage never crashes the server', async () => {
    const server = await startVllmVlmServer({ timing: FAST });
    try {
      const raw = await new Promise<string>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.write('\x00\x01GARBAGE \r\n\r\n'));
        let data = '';
        socket.on('data', (d) => { data += d; });
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
      });
      assert.match(raw, /^HTTP\/1\.1 400/);
      const bodies: Array<[string, string]> = [
        ['application/json', '\u0000\u00ff{{{'],
        ['application/json', '[1,2,3]'],
        ['application/json', '{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}'],
        ['application/json', '{"messages":[{"role":"user","content":[42]}]}'],
        ['application/json', '{"messages":"hi","max_tokens":-1}'],
        ['multipart/form-data; boundary=xyz', '--xyz\r\nbroken'],
      ];
      for (const [type, body] of bodies) {
        const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': type }, body });
        assert.equal(res.status, 400, body);
        assert.equal(typeof (await res.json()).error.message, 'string');
      }
      const omni = await startInferenceServer('vllm-omni', { timing: FAST });
      try {
        const res = await fetch(`${omni.url}/v1/images/edits`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nbroken' });
        assert.equal(res.status, 400);
        assert.equal((await fetch(`${omni.url}/health`)).status, 200);
      } finally {
        await omni.close();
      }
      assert.equal((await fetch(`${server.url}/health`)).status, 200, 'still serving');
    } finally {
      await server.close();
    }
  });

  test('startInferenceServer starts every kind; an unknown kind is rejected with the list', async () => {
    const healthPath = { 'vllm-omni': '/health', 'vllm-vlm': '/health', nunchaku: '/health', omega: '/health', 'nim-llm': '/v1/health/ready' } as const;
    for (const kind of INFERENCE_SERVER_KINDS) {
      const server = await startInferenceServer(kind, { timing: FAST });
      try {
        assert.equal(server.kind, kind);
        assert.equal((await fetch(`${server.url}${healthPath[kind]}`)).status, 200, kind);
      } finally {
        await server.close();
      }
    }
    await assert.rejects(() => startInferenceServer('triton' as never), /unknown inference server kind "triton"; expected one of vllm-omni/);
  });
});
