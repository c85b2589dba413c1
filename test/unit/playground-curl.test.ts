import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildCaptionRequest, buildOmniEdit, DEFAULT_CAPTION_PARAMS, prepareCaptionImage, renderCurl } from '../../src/core/playground/index';
import { startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';
import { darkBluePng, noisyPng } from '../fixtures/images/fixtureImages';

const KEY = 'sk-real-value-never-written';
let vlm: RunningInferenceServer;
let omni: RunningInferenceServer;
before(async () => {
  [vlm, omni] = await Promise.all([startVllmVlmServer({ apiKey: KEY, timing: { firstTokenMs: 1, perTokenMs: 1 } }), startVllmOmniServer({ apiKey: KEY, timing: { firstTokenMs: 1, perTokenMs: 1 } })]);
});
after(() => Promise.all([vlm.close(), omni.close()]));

/** Async: the simulated servers live in this process, so a blocking spawnSync would deadlock them. */
function runShell(script: string, cwd: string, apiKey: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The script goes in on stdin, as when pasted into a terminal (an argv of 180 kB would hit E2BIG).
    const child = spawn('bash', ['-s'], { cwd, env: { PATH: process.env.PATH, API_KEY: apiKey } });
    child.stdin.end(script);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c; });
    child.stderr.on('data', (c: Buffer) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('Copy as curl for a pre-scaled caption: $API_KEY, a here-document body, and it runs', async () => {
  const image = prepareCaptionImage(noisyPng(400, 300));
  const request = buildCaptionRequest({ baseUrl: `${vlm.url}/v1`, model: vlm.modelId, apiKey: KEY }, DEFAULT_CAPTION_PARAMS, image.dataUrl);
  const curl = renderCurl(request, { apiKey: true });
  assert.ok(!curl.includes(KEY));
  assert.match(curl, /-H "Authorization: Bearer \$API_KEY"/);
  assert.match(curl, /--data-binary @- <<'JSON'\n\{"model":/);
  assert.ok(curl.includes(image.dataUrl), 'the whole image is in the command');
  const r = await runShell(curl, tmpdir(), KEY);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout) as { choices: Array<{ message: { content: string } }> };
  assert.ok(answer.choices[0].message.content.length > 0);
  const denied = await runShell(curl, tmpdir(), 'wrong');
  assert.match(denied.stdout, /Unauthorized/);
});

test('Copy as curl for a multipart edit uses -F file parts and --form-string fields, and runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-curl-'));
  writeFileSync(join(dir, 'in.png'), darkBluePng());
  const request = buildOmniEdit({ baseUrl: omni.url, model: omni.modelId }, { transport: 'omni', prompt: "it's @home <tag>", seed: 3 }, [{ name: 'in.png', bytes: darkBluePng() }]);
  const curl = renderCurl(request, { apiKey: true });
  assert.match(curl, /-F 'image=@in\.png;type=image\/png'/);
  assert.match(curl, /--form-string 'prompt=it'\\''s @home <tag>'/);
  const r = await runShell(curl, dir, KEY);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout) as { data: Array<{ b64_json: string }> };
  assert.ok(answer.data[0].b64_json.length > 0);
});

test('without a key no Authorization header is written', () => {
  const request = buildCaptionRequest({ baseUrl: 'http://h:8000/v1', model: 'm' }, DEFAULT_CAPTION_PARAMS, 'https://example.com/a.png');
  assert.doesNotMatch(renderCurl(request, { apiKey: false }), /Authorization/);
});
