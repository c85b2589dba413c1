// Secrets sweep: distinctive key values seeded into every feature that handles a key — health, caption (plain and
// streamed), the three edit transports, copy-as-curl, history, the CLI's output, Secret creation for preflight,
// network errors — against servers that echo the Authorization header back in 401s, 500s and even in answers.
// Then every string those features produced is searched for the keys, their base64 and any 10-character piece.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { fromConfig } from '../../src/core/endpoints/registry.js';
import { httpRequest } from '../../src/core/http/index.js';
import { formatHealthText, healthJson, healthReportMarkdown } from '../../src/core/health/formatReport.js';
import { runHealthCheck } from '../../src/core/health/runHealthCheck.js';
import { putSecretKeys } from '../../src/core/kube/clusterWrites.js';
import { openKube } from '../../src/core/kube/kubeAccess.js';
import { addHistoryEntry } from '../../src/core/playground/history.js';
import { captionRequestFor, DEFAULT_CAPTION_PARAMS, renderCurl, runCaption, runEdit } from '../../src/core/playground/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { darkBluePng } from '../fixtures/images/fixtureImages.js';
import { printFigure } from './figures.js';

const NGC_KEY = `nvapi-SEEDED${randomBytes(18).toString('hex')}`;
const HF_TOKEN = `hf_SEEDED${randomBytes(16).toString('hex')}`;
const ENDPOINT_KEY = `sk-SEEDED-${randomBytes(16).toString('hex')}`;
const SECRETS = [NGC_KEY, HF_TOKEN, ENDPOINT_KEY];
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const png = darkBluePng();

type Echo = '401' | '500' | '200';
let echo: Echo = '401';
let server: Server;
let url: string;
let sim: Simulator;
let scratch: string;
const surfaces: { name: string; text: string }[] = [];
const collect = (name: string, value: unknown) => surfaces.push({ name, text: typeof value === 'string' ? value : JSON.stringify(value) ?? '' });

before(async () => {
  // Echoes the Authorization header: in a 401 body, in a 500 body, or inside an otherwise valid answer.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const auth = String(req.headers.authorization ?? '');
      const said = `you sent "${auth}" (${Buffer.from(auth).toString('base64')})`;
      if (echo === '401') return void res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: `Invalid API key: ${said}`, type: 'Unauthorized', code: 401 } }));
      if (echo === '500') return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`upstream failed for ${said}`);
      if (req.url?.endsWith('/models')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: `model-for-${auth}`, object: 'model' }] }));
      if (/"stream":\s*true/.test(Buffer.concat(chunks).toString())) {
        // A streamed caption whose text echoes the header, cut into 7-character deltas: the key spans several of them.
        const text = `caption for ${said}`;
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        const pieces = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => text.slice(i * 7, i * 7 + 7));
        const next = () => {
          const piece = pieces.shift();
          if (piece === undefined) return void res.end('data: [DONE]\n\n');
          res.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece } }] })}\n\n`);
          setTimeout(next, 3);
        };
        return next();
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: `caption for ${said}` }, finish_reason: 'stop' }], data: [{ b64_json: Buffer.from(png).toString('base64'), revised_prompt: said }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sim = await startSimulator();
  scratch = mkdtempSync(join(tmpdir(), 'ies-secrets-'));
  writeFileSync(join(scratch, 'in.png'), png);
});
after(async () => {
  server?.close();
  await sim?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('health, playground, curl and history never show a key, whatever the server echoes', async () => {
  for (const mode of ['401', '500', '200'] as const) {
    echo = mode;
    const endpoint = fromConfig({ name: 'echo', kind: 'openai', baseUrl: `${url}/v1`, expectedModel: 'nvidia/model', headers: { 'X-Api-Key': HF_TOKEN }, insecureTls: false });
    const report = await runHealthCheck(endpoint, { apiKey: ENDPOINT_KEY, timeoutMs: 3000 });
    collect(`health ${mode} json`, healthJson(report));
    collect(`health ${mode} text`, formatHealthText(report));
    collect(`health ${mode} markdown`, healthReportMarkdown(report));
    const target = { baseUrl: `${url}/v1`, model: 'nvidia/model', apiKey: ENDPOINT_KEY };
    for (const stream of [false, true]) {
      const deltas: string[] = [];
      const outcome = await runCaption(target, { ...DEFAULT_CAPTION_PARAMS, stream }, { bytes: png }, { timeoutMs: 3000, onDelta: (added) => deltas.push(added) });
      collect(`caption ${mode} stream=${stream}`, outcome);
      collect(`caption ${mode} deltas`, deltas.join(''));
      if (mode === '200' && stream) assert.ok(deltas.length > 5 && deltas.join('').includes('***'), `the streamed echo arrived in pieces and was masked: ${deltas.join('|')}`);
      const entry = { id: 'h', at: new Date().toISOString(), endpointKey: 'echo', mode: 'caption' as const, form: {}, imagePaths: [], imageNames: [], ok: outcome.ok, status: outcome.status, latencyMs: outcome.latencyMs, summary: outcome.ok ? outcome.text : outcome.error.message };
      collect(`history ${mode}`, addHistoryEntry({}, entry));
    }
    for (const transport of ['omni', 'chat', 'nunchaku'] as const) {
      const outcome = await runEdit({ ...target, baseUrl: transport === 'nunchaku' ? url : target.baseUrl }, { transport, prompt: 'blue' }, [{ name: 'in.png', bytes: png }], { timeoutMs: 3000 });
      collect(`edit ${transport} ${mode}`, { ...outcome, result: undefined });
    }
    collect('curl', renderCurl(captionRequestFor(target, DEFAULT_CAPTION_PARAMS, { bytes: png }).request, { apiKey: true }));
  }
});

test('network errors never carry credentials from the URL', async () => {
  for (const target of [`http://user:${NGC_KEY}@127.0.0.1:1/v1/models`, `${url}/v1/models?api_key=${NGC_KEY}`]) {
    try {
      const response = await httpRequest(target.replace(url, 'http://127.0.0.1:1'), { timeoutMs: 1000 });
      collect('network answer', response.status);
    } catch (error) {
      collect('network error', (error as Error).message);
    }
  }
});

test('preflight Secret creation puts the key in the Secret and nowhere else', async () => {
  const kube = openKube({ kubeconfig: sim.kubeconfigPath });
  try {
    sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nim' } } as never);
    assert.equal(await putSecretKeys(kube.transport, 'nim', 'ngc-api-secret', { NGC_API_KEY: NGC_KEY }), 'created');
    const stored = sim.store.get('secrets', 'nim', 'ngc-api-secret') as unknown as { data: Record<string, string> };
    assert.equal(Buffer.from(stored.data.NGC_API_KEY, 'base64').toString(), NGC_KEY, 'the key reached the Secret');
    // An invalid name: the API server's 422 quotes the object; the error must not carry the key.
    await putSecretKeys(kube.transport, 'nim', 'Not_A_Valid_Name!', { NGC_API_KEY: NGC_KEY }).then(() => collect('secret invalid name', 'accepted'), (error: Error) => collect('secret error', error.message));
  } finally {
    kube.close();
  }
});

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: scratch, env: { ...process.env, SEEDED_KEY: ENDPOINT_KEY, NGC_API_KEY: NGC_KEY, HF_TOKEN } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', () => resolve(out));
  });
}

test('the CLI prints no key in text or JSON, on success or failure, and writes none to files', { skip: !existsSync(cli) ? 'needs npm run build' : false }, async () => {
  for (const mode of ['401', '500', '200'] as const) {
    echo = mode;
    for (const format of ['text', 'json']) {
      collect(`cli health ${mode} ${format}`, await runCli(['health', '--url', `${url}/v1`, '--model', 'nvidia/model', '--api-key-env', 'SEEDED_KEY', '--format', format, '--timeout', '3s']));
      collect(`cli caption ${mode} ${format}`, await runCli(['caption', '--url', `${url}/v1`, '--model', 'nvidia/model', '--image', 'in.png', '--api-key-env', 'SEEDED_KEY', '--format', format, '--timeout', '3s']));
    }
    collect(`cli edit ${mode}`, await runCli(['edit', '--url', `${url}/v1`, '--model', 'nvidia/model', '--image', 'in.png', '--prompt', 'p', '--out', `out-${mode}.png`, '--api-key-env', 'SEEDED_KEY', '--timeout', '3s']));
  }
  for (const file of readdirSync(scratch)) collect(`file ${file}`, readFileSync(join(scratch, file)).toString('latin1'));
});

test('sweep: no seeded key, base64 of one, or 10-character piece of one anywhere', () => {
  // Each key whole, its base64, and every 10-character piece of its random part (a key cut short still leaks).
  const needles = SECRETS.flatMap((secret) => {
    const random = secret.slice(secret.indexOf('SEEDED') + 6).replace(/^-/, '');
    return [secret, Buffer.from(secret).toString('base64'), ...Array.from({ length: random.length - 9 }, (_, i) => random.slice(i, i + 10))];
  });
  const found = surfaces.flatMap(({ name, text }) => needles.filter((n) => text.includes(n)).map((n) => `${name}: …${n}…`));
  const bytes = surfaces.reduce((sum, s) => sum + s.text.length, 0);
  printFigure('secrets-sweep', { seededValues: SECRETS.length, surfaces: surfaces.length, bytesSearched: bytes, occurrences: found.length });
  assert.ok(surfaces.length > 40, `enough surfaces (${surfaces.length})`);
  assert.ok(surfaces.some((s) => s.text.includes('***')), 'an echoed key shows as ***');
  assert.deepEqual([...new Set(found)].slice(0, 20), []);
});
