import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDispatcher, errorMessageOf, httpRequest, HttpRequestError, redactUrl, resolveProxy, responseJson } from '../../src/core/http/index.js';
import { generateTlsMaterial } from '../../src/sim/apiserver/tls.js';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';

async function rejectsWith(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<HttpRequestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpRequestError, `expected HttpRequestError, got ${error}`);
    assert.equal(error.kind, kind, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a ${kind} failure`);
}

/** A CONNECT proxy (what undici's ProxyAgent speaks) that counts the tunnels it opened. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

describe('httpRequest over the simulated servers', () => {
  let vllm: RunningInferenceServer;
  const dispatcher = createDispatcher({ timeoutMs: 5000 });
  before(async () => { vllm = await startInferenceServer('vllm-omni', { apiKey: 'sekret-key' }); });
  after(async () => { await vllm.close(); await dispatcher.close(); });

  test('returns status, headers, body and timings for any HTTP status', async () => {
    const ok = await httpRequest(`${vllm.url}/health`, { dispatcher });
    assert.equal(ok.status, 200);
    assert.ok(ok.ttfbMs >= 0 && ok.totalMs >= ok.ttfbMs);
    const denied = await httpRequest(`${vllm.url}/v1/models`, { dispatcher });
    assert.equal(denied.status, 401);
    assert.ok(errorMessageOf(denied));
    const models = await httpRequest(`${vllm.url}/v1/models`, { dispatcher, headers: { authorization: 'Bearer sekret-key' } });
    assert.equal(models.status, 200);
    assert.equal((responseJson(models) as { data: Array<{ id: string }> }).data[0].id, 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL');
    assert.match(models.headers['content-type'], /json/);
  });

  test('caps the body and says so', async () => {
    const res = await httpRequest(`${vllm.url}/metrics`, { dispatcher, maxBodyBytes: 100 });
    assert.equal(res.body.length, 100);
    assert.equal(res.truncated, true);
  });

  test('a slow server past the deadline is a timeout, quickly', async () => {
    vllm.control.update({ latencyMs: 2000 });
    try {
      const started = Date.now();
      await rejectsWith(httpRequest(`${vllm.url}/health`, { dispatcher, timeoutMs: 150 }), 'timeout', /timed out after 150 ms waiting for response headers/);
      assert.ok(Date.now() - started < 1500);
    } finally {
      vllm.control.update({ reset: true });
    }
  });

  test('the caller\'s AbortSignal cancels', async () => {
    vllm.control.update({ latencyMs: 2000 });
    try {
      await rejectsWith(httpRequest(`${vllm.url}/health`, { dispatcher, signal: AbortSignal.timeout(50) }), 'cancelled');
      const pre = new AbortController();
      pre.abort();
      await rejectsWith(httpRequest(`${vllm.url}/health`, { dispatcher, signal: pre.signal }), 'cancelled');
    } finally {
      vllm.control.update({ reset: true });
    }
  });

  test('a connection dropped mid-response is a reset', async () => {
    vllm.control.update({ dropConnections: 1 });
    await rejectsWith(httpRequest(`${vllm.url}/v1/models`, { dispatcher, headers: { authorization: 'Bearer sekret-key' } }), 'reset', /closed/);
  });

  test('connection refused names the host and what to check', async () => {
    const gone = await startInferenceServer('vllm-vlm');
    const url = gone.url;
    await gone.close();
    await rejectsWith(httpRequest(`${url}/health`, { dispatcher }), 'refused', /connection refused by 127\.0\.0\.1:\d+/);
  });

  test('DNS failure and a bad URL', async () => {
    await rejectsWith(httpRequest('http://no-such-host.invalid:8000/v1/models', { dispatcher }), 'dns', /cannot resolve host no-such-host\.invalid/);
    await rejectsWith(httpRequest('ftp://x/y', { dispatcher }), 'invalid-url');
    await rejectsWith(httpRequest('not a url', { dispatcher }), 'invalid-url');
  });

  test('error messages never carry credentials or query strings', () => {
    assert.equal(redactUrl('http://user:pw@h:1/v1/models?api_key=abc'), 'http://h:1/v1/models');
  });
});

describe('TLS and proxies', () => {
  let tls: Awaited<ReturnType<typeof generateTlsMaterial>>;
  let secure: RunningInferenceServer;
  before(async () => {
    tls = await generateTlsMaterial();
    secure = await startInferenceServer('nim-llm', { tls: { key: tls.key, cert: tls.cert } });
  });
  after(async () => { await secure.close(); });

  test('a self-signed CA is refused by default and trusted through the CA file', async () => {
    const strict = createDispatcher();
    await rejectsWith(httpRequest(`${secure.url}/v1/health/ready`, { dispatcher: strict }), 'tls', /CA file/);
    await strict.close();
    const dir = mkdtempSync(join(tmpdir(), 'ies-ca-'));
    writeFileSync(join(dir, 'ca.pem'), tls.caCert);
    const trusting = createDispatcher({ caFile: join(dir, 'ca.pem') });
    assert.equal((await httpRequest(`${secure.url}/v1/health/ready`, { dispatcher: trusting })).status, 200);
    await trusting.close();
    const insecure = createDispatcher({ insecureTls: true });
    assert.equal((await httpRequest(`${secure.url}/v1/health/ready`, { dispatcher: insecure })).status, 200);
    await insecure.close();
    assert.throws(() => createDispatcher({ caFile: join(dir, 'missing.pem') }), /cannot read CA file .*missing\.pem: ENOENT/);
  });

  test('requests go through the proxy, except NO_PROXY hosts', async () => {
    const proxy = await startConnectProxy();
    const plain = await startInferenceServer('vllm-vlm');
    try {
      const proxied = createDispatcher({ proxyUrl: proxy.url, ca: tls.caCert });
      assert.equal((await httpRequest(`${secure.url}/v1/health/ready`, { dispatcher: proxied })).status, 200);
      assert.equal((await httpRequest(`${plain.url}/health`, { dispatcher: proxied })).status, 200);
      assert.equal(proxy.tunnels.length, 2);
      await proxied.close();
      const bypass = createDispatcher({ proxyUrl: proxy.url, noProxy: '127.0.0.1' });
      assert.equal((await httpRequest(`${plain.url}/health`, { dispatcher: bypass })).status, 200);
      assert.equal(proxy.tunnels.length, 2);
      await bypass.close();
    } finally {
      await plain.close();
      await proxy.close();
    }
  });

  test('resolveProxy: the VS Code setting wins, else the env var for the scheme, with NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'http://plain:3128', NO_PROXY: '.svc,localhost' };
    assert.deepEqual(resolveProxy('https://h/v1', { env }), { proxyUrl: 'http://corp:3128', noProxy: '.svc,localhost' });
    assert.deepEqual(resolveProxy('http://h/v1', { env }), { proxyUrl: 'http://plain:3128', noProxy: '.svc,localhost' });
    assert.deepEqual(resolveProxy('http://h/v1', { env, setting: 'http://vscode:8080' }), { proxyUrl: 'http://vscode:8080', noProxy: '.svc,localhost' });
    assert.deepEqual(resolveProxy('http://h/v1', { env: {} }), { proxyUrl: undefined, noProxy: undefined });
  });
});
