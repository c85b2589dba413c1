import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/runCli.js';
import { generateTlsMaterial } from '../../src/sim/apiserver/tls.js';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';

const PIN = 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL';

interface Ran { code: number; out: string; err: string; json: { healthy: boolean; checks: Array<{ name: string; status: string; detail: string; ms: number }> } }

async function ies(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, cwd: process.cwd(), env };
  const code = await runCli(['health', ...args], io);
  let json;
  try { json = JSON.parse(out); } catch { json = undefined; }
  return { code, out, err, json };
}

function checkOf(ran: Ran, name: string) {
  const c = ran.json.checks.find((x) => x.name === name);
  assert.ok(c, `no ${name} check in ${JSON.stringify(ran.json)}`);
  return c;
}

describe('ies health --url against the simulated servers', () => {
  let omni: RunningInferenceServer;
  before(async () => { omni = await startInferenceServer('vllm-omni', { modelId: PIN }); });
  after(async () => { await omni.close(); });

  test('healthy: the pinned model served exactly, /health, metrics, latency', async () => {
    const ran = await ies(['--url', `${omni.url}/v1`, '--model', PIN, '--format', 'json']);
    assert.equal(ran.code, 0, ran.out);
    assert.equal(ran.json.healthy, true);
    assert.equal(checkOf(ran, 'model-served').status, 'pass');
    assert.equal(checkOf(ran, 'model-served').detail, `serves ${PIN}`);
    assert.equal(checkOf(ran, 'health-route').status, 'pass');
    assert.equal(checkOf(ran, 'api-key').detail, 'no key needed');
    assert.match(checkOf(ran, 'metrics').detail, /^running 0, waiting 0, KV cache 0\.0%$/);
    assert.match(checkOf(ran, 'latency').detail, /^time to first byte: health \d+ ms, models \d+ ms, metrics \d+ ms$/);
    for (const c of ran.json.checks) assert.equal(typeof c.ms, 'number');
  });

  test('text output ends with the verdict', async () => {
    const ran = await ies(['--url', `${omni.url}/v1`, '--model', PIN]);
    assert.equal(ran.code, 0);
    assert.match(ran.out, /✓ pass {2}model-served +serves nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL/);
    assert.match(ran.out, /\nhealthy — 6 checks in \d+ ms\n$/);
  });

  test('a generic checkpoint answering happily fails and says what was served', async () => {
    const generic = await startInferenceServer('vllm-omni', { modelId: 'Qwen/Qwen-Image-Edit-2511' });
    try {
      const ran = await ies(['--url', `${generic.url}/v1`, '--model', PIN, '--format', 'json']);
      assert.equal(ran.code, 1);
      assert.equal(ran.json.healthy, false);
      const model = checkOf(ran, 'model-served');
      assert.equal(model.status, 'fail');
      assert.match(model.detail, /^served: Qwen\/Qwen-Image-Edit-2511; expected exactly nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL — not a substitute/);
      assert.equal(checkOf(ran, 'health-route').status, 'pass');
    } finally {
      await generic.close();
    }
  });

  test('401 is "key rejected", not "down"; the right key from --api-key-env passes', async () => {
    const guarded = await startInferenceServer('vllm-vlm', { apiKey: 'right-key' });
    try {
      const wrong = await ies(['--url', `${guarded.url}/v1`, '--api-key-env', 'KEY', '--format', 'json'], { KEY: 'wrong-key' });
      assert.equal(wrong.code, 1);
      assert.equal(checkOf(wrong, 'reachable').status, 'pass');
      assert.equal(checkOf(wrong, 'health-route').status, 'pass');
      assert.match(checkOf(wrong, 'api-key').detail, /^key rejected \(401\)/);
      assert.equal(checkOf(wrong, 'model-served').status, 'skip');
      assert.ok(!wrong.out.includes('wrong-key'), 'the key never appears in the output');
      const none = await ies(['--url', `${guarded.url}/v1`, '--format', 'json']);
      assert.match(checkOf(none, 'api-key').detail, /^key required \(401\)/);
      const right = await ies(['--url', `${guarded.url}/v1`, '--api-key-env', 'KEY', '--model', 'nvidia/nemotron-nano-12b-v2-vl', '--format', 'json'], { KEY: 'right-key' });
      assert.equal(right.code, 0, right.out);
      assert.equal(checkOf(right, 'api-key').detail, 'key accepted');
    } finally {
      await guarded.close();
    }
  });

  test('warming up: 503 with the server\'s reason, then healthy', async () => {
    const warming = await startInferenceServer('nim-llm', { warmupMs: 400 });
    try {
      const early = await ies(['--url', `${warming.url}/v1`, '--kind', 'nim', '--model', 'meta/llama-3.1-8b-instruct', '--format', 'json']);
      assert.equal(early.code, 1);
      assert.match(checkOf(early, 'health-route').detail, /^not ready \(503\): Service is not ready\./);
      assert.match(checkOf(early, 'model-served').detail, /^not ready \(503\): The model meta\/llama-3\.1-8b-instruct is still loading; retry in \d+ s$/);
      await new Promise((r) => setTimeout(r, 450));
      const later = await ies(['--url', `${warming.url}/v1`, '--kind', 'nim', '--model', 'meta/llama-3.1-8b-instruct', '--format', 'json']);
      assert.equal(later.code, 0, later.out);
    } finally {
      await warming.close();
    }
  });

  test('slow past the timeout fails quickly with a timeout', async () => {
    omni.control.update({ latencyMs: 3000 });
    try {
      const started = Date.now();
      const ran = await ies(['--url', `${omni.url}/v1`, '--timeout', '200ms', '--format', 'json']);
      assert.ok(Date.now() - started < 2000);
      assert.equal(ran.code, 1);
      assert.equal(checkOf(ran, 'reachable').status, 'fail');
      assert.match(checkOf(ran, 'reachable').detail, /^timed out after 200 ms waiting for response headers from http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      omni.control.update({ reset: true });
    }
  });

  test('connection refused', async () => {
    const gone = await startInferenceServer('vllm-vlm');
    await gone.close();
    const ran = await ies(['--url', `${gone.url}/v1`, '--format', 'json']);
    assert.equal(ran.code, 1);
    assert.match(checkOf(ran, 'reachable').detail, /^connection refused by 127\.0\.0\.1:\d+/);
    assert.equal(checkOf(ran, 'model-served').status, 'skip');
  });

  test('HTTPS with a self-signed CA: trusted with --ca-file, refused without', async () => {
    const tls = await generateTlsMaterial();
    const secure = await startInferenceServer('vllm-vlm', { tls: { key: tls.key, cert: tls.cert } });
    const dir = mkdtempSync(join(tmpdir(), 'ies-health-'));
    writeFileSync(join(dir, 'ca.pem'), tls.caCert);
    try {
      const refused = await ies(['--url', `${secure.url}/v1`, '--format', 'json']);
      assert.equal(refused.code, 1);
      assert.equal(checkOf(refused, 'reachable').status, 'fail');
      assert.match(checkOf(refused, 'reachable').detail, /TLS handshake with 127\.0\.0\.1:\d+ failed .*CA file/);
      const trusted = await ies(['--url', `${secure.url}/v1`, '--ca-file', join(dir, 'ca.pem'), '--model', 'nvidia/nemotron-nano-12b-v2-vl', '--format', 'json']);
      assert.equal(trusted.code, 0, trusted.out);
      const missing = await ies(['--url', `${secure.url}/v1`, '--ca-file', join(dir, 'nope.pem')]);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /cannot read CA file/);
    } finally {
      await secure.close();
    }
  });

  test('Omega JSON /health and Nunchaku /health + /model-info', async () => {
    const omega = await startInferenceServer('omega', { modelId: 'omega-vlm-7b' });
    const nunchaku = await startInferenceServer('nunchaku');
    try {
      const o = await ies(['--url', `${omega.url}/v1`, '--kind', 'omega', '--model', 'omega-vlm-7b', '--format', 'json']);
      assert.equal(o.code, 0, o.out);
      assert.equal(checkOf(o, 'health-route').detail, 'ready (GET /health 200)');
      assert.match(checkOf(o, 'metrics').detail, /^queued 0 over 1 GPU/);
      const n = await ies(['--url', nunchaku.url, '--kind', 'nunchaku', '--model', 'nunchaku-tech/nunchaku-qwen-image-edit', '--format', 'json']);
      assert.equal(n.code, 0, n.out);
      assert.match(checkOf(n, 'health-route').detail, /^healthy, model loaded/);
      assert.equal(checkOf(n, 'model-served').detail, 'serves nunchaku-tech/nunchaku-qwen-image-edit');
    } finally {
      await omega.close();
      await nunchaku.close();
    }
  });

  test('a health route on another port (an HTTP forwarder beside the server) and a wrong kind', async () => {
    const ran = await ies(['--url', `${omni.url}/v1`, '--health-url', `${omni.url}/health`, '--kind', 'nim', '--model', PIN, '--format', 'json']);
    assert.equal(checkOf(ran, 'health-route').status, 'pass');
    const wrongKind = await ies(['--url', `${omni.url}/v1`, '--kind', 'nim', '--model', PIN, '--format', 'json']);
    assert.equal(wrongKind.code, 1);
    assert.match(checkOf(wrongKind, 'health-route').detail, /vLLM serves \/health.*set the endpoint kind to openai/);
  });

  test('usage errors exit 2', async () => {
    assert.equal((await ies([])).code, 2);
    assert.equal((await ies(['--url', 'http://x/v1', 'ns/name'])).code, 2);
    assert.equal((await ies(['--url', 'http://x/v1', '--kind', 'grpc'])).code, 2);
    assert.equal((await ies(['--url', 'http://x/v1', '--timeout', 'soon'])).code, 2);
    const noEnv = await ies(['--url', 'http://x/v1', '--api-key-env', 'MISSING']);
    assert.equal(noEnv.code, 2);
    assert.match(noEnv.err, /MISSING/);
    assert.equal((await ies(['--url', 'http://x/v1', '--header', 'Authorization: Bearer x'])).code, 2);
  });
});
