// Bad endpoints: every client (health, caption, caption streaming, three image-edit transports, and the CLI's
// health / caption / edit) against every kind of garbage a broken server or proxy sends. Each must return a clear
// error within its timeout: never hang, never throw, never show raw HTML, never grow without bound.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fromConfig } from '../../src/core/endpoints/registry.js';
import { runHealthCheck } from '../../src/core/health/runHealthCheck.js';
import { DEFAULT_CAPTION_PARAMS, runCaption, runEdit } from '../../src/core/playground/index.js';
import { darkBluePng } from '../fixtures/images/fixtureImages.js';
import { printFigure } from './figures.js';
import { behaviours, startHostileServer, type HostileServer } from './hostile/hostileServer.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap still in use after a full collection: what a client keeps, not what it churned through. */
function retainedHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

const TIMEOUT_MS = 1500;
/** What a user may wait beyond the configured timeout before an answer: stopping a body mid-read and making sense
 * of what arrived (up to the 256 MiB cap of an edit answer), on a loaded 2-core CI machine. */
const SLACK_MS = 3000;
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const png = darkBluePng();

let server: HostileServer;
let scratch: string;
before(async () => {
  server = await startHostileServer();
  scratch = mkdtempSync(join(tmpdir(), 'ies-bad-endpoints-'));
  writeFileSync(join(scratch, 'in.png'), png);
});
after(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A message a user can act on: says something, short, no markup, no programming-language noise. */
function unclearness(message: string | undefined): string | undefined {
  if (!message || !message.trim()) return 'empty';
  if (message.length > 600) return `too long (${message.length} chars)`;
  if (/<\/?(html|head|body|title|center|h1|hr|script|div)\b/i.test(message)) return 'raw HTML';
  if (/\[object Object\]|\bundefined\b|\bNaN\b|TypeError|SyntaxError|at .+:\d+:\d+/.test(message)) return 'programming noise';
  return undefined;
}

type Client = (baseUrl: string) => Promise<{ ok: boolean; message?: string }>;

const clients: Record<string, Client> = {
  health: async (baseUrl) => {
    const report = await runHealthCheck(fromConfig({ name: 'hostile', kind: 'openai', baseUrl: `${baseUrl}/v1`, expectedModel: 'nvidia/model', headers: {}, insecureTls: false }), { timeoutMs: TIMEOUT_MS });
    const failed = report.checks.filter((c) => c.status === 'fail');
    // Each failed check is its own line in the report: each must be clear on its own.
    const unclearCheck = failed.find((c) => unclearness(c.detail));
    return { ok: report.healthy, message: unclearCheck ? `${unclearCheck.name}: ${unclearCheck.detail}` : failed.map((c) => `${c.name}: ${c.detail.slice(0, 100)}`).join(' | ') || undefined };
  },
  caption: async (baseUrl) => {
    const outcome = await runCaption({ baseUrl: `${baseUrl}/v1`, model: 'nvidia/model' }, { ...DEFAULT_CAPTION_PARAMS, stream: false }, { bytes: png }, { timeoutMs: TIMEOUT_MS });
    return { ok: outcome.ok, message: outcome.ok ? undefined : outcome.error.message };
  },
  'caption (stream)': async (baseUrl) => {
    const outcome = await runCaption({ baseUrl: `${baseUrl}/v1`, model: 'nvidia/model' }, { ...DEFAULT_CAPTION_PARAMS, stream: true }, { bytes: png }, { timeoutMs: TIMEOUT_MS });
    return { ok: outcome.ok, message: outcome.ok ? undefined : outcome.error.message };
  },
  ...Object.fromEntries((['omni', 'chat', 'nunchaku'] as const).map((transport) => [`edit (${transport})`, async (baseUrl: string) => {
    const outcome = await runEdit({ baseUrl: transport === 'nunchaku' ? baseUrl : `${baseUrl}/v1`, model: 'nvidia/model' }, { transport, prompt: 'make it blue' }, [{ name: 'in.png', bytes: png }], { timeoutMs: TIMEOUT_MS });
    return { ok: outcome.ok, message: outcome.ok ? undefined : outcome.error.message };
  }])),
};

/** Some garbage is indistinguishable from a valid answer for some clients (a streaming client sees SSE it asked
 * for; a JSON list sent as text/plain is still the model list). Everything else must fail. */
const mayPass = new Set(['caption (stream)|never-ending SSE', 'health|invalid base64 images']);

test('every client against every bad endpoint: a clear error within its timeout', { timeout: 600_000 }, async () => {
  const rows: string[] = [];
  let worstMs = 0;
  let hangs = 0;
  let crashes = 0;
  let unclear = 0;
  let wronglyOk = 0;
  const heapBefore = retainedHeap();
  let heapPeak = heapBefore;
  for (const behaviour of Object.keys(behaviours)) {
    await server.setBehaviour(behaviour);
    for (const [name, client] of Object.entries(clients)) {
      const started = performance.now();
      let result: { ok: boolean; message?: string } | undefined;
      try {
        result = await Promise.race([client(server.url), new Promise<undefined>((resolve) => { (setTimeout(resolve, TIMEOUT_MS * 6) as unknown as NodeJS.Timeout).unref(); })]);
      } catch (error) {
        crashes++;
        rows.push(`CRASH ${name} × ${behaviour}: ${(error as Error).stack}`);
        continue;
      }
      const ms = performance.now() - started;
      const retained = retainedHeap();
      heapPeak = Math.max(heapPeak, retained);
      if (!result) {
        hangs++;
        rows.push(`HANG ${name} × ${behaviour}`);
        continue;
      }
      worstMs = Math.max(worstMs, ms);
      if (ms > TIMEOUT_MS + SLACK_MS) {
        hangs++;
        rows.push(`SLOW ${name} × ${behaviour}: ${Math.round(ms)} ms`);
      }
      if (result.ok) {
        if (!mayPass.has(`${name}|${behaviour}`)) {
          wronglyOk++;
          rows.push(`OK?! ${name} × ${behaviour}`);
        }
        continue;
      }
      const why = unclearness(result.message);
      if (why) {
        unclear++;
        rows.push(`UNCLEAR (${why}) ${name} × ${behaviour}: ${result.message?.slice(0, 300)}`);
      }
      if (process.env.SHOW_ERRORS) console.log(`${name} × ${behaviour}: ${result.message?.slice(0, 400)}`);
    }
  }
  const cases = Object.keys(behaviours).length * Object.keys(clients).length;
  printFigure('bad-endpoints', {
    behaviours: Object.keys(behaviours).length, clients: Object.keys(clients).length, cases, timeoutMs: TIMEOUT_MS, worstTimeToErrorMs: Math.round(worstMs),
    hangs, crashes, unclearErrors: unclear, wronglySucceeded: wronglyOk, peakRetainedMB: Math.round((heapPeak - heapBefore) / 1048576), finalRetainedMB: Math.round((retainedHeap() - heapBefore) / 1048576),
  });
  assert.deepEqual(rows, []);
  // While one answer is handled it may hold up to its body cap (256 MiB for an edit's images); nothing stays after.
  assert.ok(heapPeak - heapBefore < 300 * 1048576, `at most one capped body in memory: ${Math.round((heapPeak - heapBefore) / 1048576)} MB`);
  assert.ok(retainedHeap() - heapBefore < 32 * 1048576, 'nothing of the bad answers is kept');
});

test('a stream that never finishes is cut at its size cap long before a generous timeout', async () => {
  await server.setBehaviour('a firehose SSE stream (64 KB chunks, never done)');
  const started = performance.now();
  const outcome = await runCaption({ baseUrl: `${server.url}/v1`, model: 'nvidia/model' }, { ...DEFAULT_CAPTION_PARAMS, stream: true }, { bytes: png }, { timeoutMs: 120_000 });
  const ms = performance.now() - started;
  printFigure('bad-endpoints-firehose', { timeoutMs: 120_000, cutAfterMs: Math.round(ms) });
  assert.equal(outcome.ok, false);
  assert.match((outcome as { error: { message: string } }).error.message, /passed 16 MiB without finishing/);
  assert.ok(ms < 60_000, `cut by size, not by the timeout (${Math.round(ms)} ms)`);
});

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, cwd: scratch });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

test('the CLI exits non-zero with a clear error on stderr, within its timeout', { skip: !existsSync(cli) ? 'needs npm run build' : false, timeout: 300_000 }, async () => {
  const rows: string[] = [];
  let worst = 0;
  const commands: Record<string, (url: string) => string[]> = {
    health: (url) => ['health', '--url', `${url}/v1`, '--model', 'nvidia/model', '--timeout', `${TIMEOUT_MS}ms`],
    caption: (url) => ['caption', '--url', `${url}/v1`, '--model', 'nvidia/model', '--image', 'in.png', '--timeout', `${TIMEOUT_MS}ms`],
    edit: (url) => ['edit', '--url', `${url}/v1`, '--model', 'nvidia/model', '--image', 'in.png', '--prompt', 'blue', '--out', 'out.png', '--timeout', `${TIMEOUT_MS}ms`],
  };
  for (const behaviour of ['nginx 502 page', 'no response headers, ever', 'invalid base64 images', '10 MB error body', 'an OAuth login page with 200', 'truncated JSON (Content-Length larger than the body, then close)']) {
    await server.setBehaviour(behaviour);
    for (const [name, args] of Object.entries(commands)) {
      if (name === 'health' && behaviour === 'invalid base64 images') continue; // a valid model list and /health: healthy
      const { code, stdout, stderr, ms } = await runCli(args(server.url));
      worst = Math.max(worst, ms);
      const message = name === 'health' ? stdout + stderr : stderr;
      if (code === 0 || code === null) rows.push(`${name} × ${behaviour}: exit ${code}`);
      if (ms > TIMEOUT_MS + SLACK_MS + 2000) rows.push(`${name} × ${behaviour}: ${Math.round(ms)} ms`);
      if (name !== 'health') {
        const why = unclearness(stderr.trim());
        if (why) rows.push(`${name} × ${behaviour}: ${why}: ${stderr.slice(0, 300)}`);
      } else if (/<html/i.test(message)) rows.push(`health × ${behaviour}: raw HTML in the report`);
      if (existsSync(join(scratch, 'out.png'))) rows.push(`edit × ${behaviour}: wrote out.png from a bad answer`);
    }
  }
  printFigure('bad-endpoints-cli', { commands: Object.keys(commands).length, worstMs: Math.round(worst), failures: rows.length });
  assert.deepEqual(rows, []);
});
