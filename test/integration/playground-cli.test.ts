import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli/runCli';
import type { CliIo } from '../../src/cli/io';
import { decodeImage, sniffImageFormat } from '../../src/core/image/index';
import { startNunchakuServer, startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, noisyPng } from '../fixtures/images/fixtureImages';
import { startRecordingProxy, type RecordingProxy } from './playground-harness';

const FAST = { firstTokenMs: 1, perTokenMs: 1 };
const dir = mkdtempSync(join(tmpdir(), 'ies-playground-cli-'));
const input = join(dir, 'in.png');
const big = join(dir, 'big.png');
writeFileSync(input, darkBluePng());
writeFileSync(big, noisyPng(400, 300));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, cwd: dir, env };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('ies caption / ies edit against the simulated servers', () => {
  let vlm: RunningInferenceServer;
  let omni: RunningInferenceServer;
  let nunchaku: RunningInferenceServer;
  let proxy: RecordingProxy;
  before(async () => {
    [vlm, omni, nunchaku] = await Promise.all([startVllmVlmServer({ timing: FAST, apiKey: 'cli-key' }), startVllmOmniServer({ timing: FAST }), startNunchakuServer({ timing: FAST })]);
    proxy = await startRecordingProxy(vlm.url);
  });
  after(async () => {
    await proxy.close();
    await Promise.all([vlm, omni, nunchaku].map((s) => s.close()));
  });

  test('ies caption prints the caption the server answered', async () => {
    const r = await cli(['caption', '--url', `${proxy.url}/v1`, '--model', vlm.modelId, '--image', input, '--api-key-env', 'VLM_KEY'], { VLM_KEY: 'cli-key' });
    assert.equal(r.code, 0, r.err);
    const answered = JSON.parse(proxy.last().responseBody!.toString()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(r.out, `${answered.choices[0].message.content}\n`);
    assert.equal(proxy.last().headers.authorization, 'Bearer cli-key');
  });

  test('--format json adds latency, the final base64 size and the image dimensions sent', async () => {
    const r = await cli(['caption', '--url', proxy.url, '--model', vlm.modelId, '--image', big, '--api-key-env', 'VLM_KEY', '--format', 'json'], { VLM_KEY: 'cli-key' });
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    const sent = (proxy.json() as { messages: Array<{ content: Array<{ image_url?: { url: string } }> }> }).messages[1].content[1].image_url!.url;
    const b64 = sent.slice('data:image/png;base64,'.length);
    assert.equal(json.image.base64Length, b64.length);
    assert.ok(json.image.base64Length <= 180_000);
    const decoded = decodeImage(Buffer.from(b64, 'base64'));
    assert.deepEqual([json.image.width, json.image.height], [decoded.width, decoded.height]);
    assert.deepEqual([json.image.originalWidth, json.image.originalHeight], [400, 300]);
    assert.ok(json.latencyMs > 0 && typeof json.caption === 'string');
  });

  test('an error body is printed readably with exit 1; the key never appears', async () => {
    const r = await cli(['caption', '--url', proxy.url, '--model', 'wrong/model', '--image', input, '--api-key-env', 'VLM_KEY'], { VLM_KEY: 'cli-key' });
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: HTTP 404 Not Found: .*wrong\/model/);
    assert.ok(!r.err.includes('cli-key') && !r.out.includes('cli-key'));
  });

  test('ies edit writes the returned PNG (omni and nunchaku) and refuses to overwrite without --force', async () => {
    const out = join(dir, 'out.png');
    const r = await cli(['edit', '--url', `${omni.url}/v1`, '--model', omni.modelId, '--image', 'in.png', '--prompt', 'make it red', '--seed', '5', '--steps', '3', '--out', 'out.png']);
    assert.equal(r.code, 0, r.err);
    assert.equal(sniffImageFormat(readFileSync(out)), 'png');
    const again = await cli(['edit', '--url', omni.url, '--model', omni.modelId, '--image', 'in.png', '--prompt', 'make it red', '--seed', '5', '--steps', '3', '--out', 'out.png']);
    assert.equal(again.code, 2);
    assert.match(again.err, /exists: pass --force/);
    const nun = await cli(['edit', '--url', nunchaku.url, '--transport', 'nunchaku', '--image', 'in.png', '--prompt', 'tint', '--out', 'nun.png']);
    assert.equal(nun.code, 0, nun.err);
    assert.ok(existsSync(join(dir, 'nun.png')));
    assert.match(nun.out, /seed \d+/);
  });

  test('ies edit exits 1 with the field details of a validation error', async () => {
    const r = await cli(['edit', '--url', nunchaku.url, '--transport', 'nunchaku', '--image', 'in.png', '--prompt', 'x', '--steps', '99', '--out', 'bad.png']);
    assert.equal(r.code, 1);
    assert.match(r.err, /error: HTTP 422 Unprocessable Entity: num_inference_steps: Input should be less than or equal to 50\n  num_inference_steps: Input should be less than or equal to 50/);
    assert.ok(!existsSync(join(dir, 'bad.png')));
  });
});
