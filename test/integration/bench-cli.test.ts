// `ies bench` end to end against a simulated server: exit codes (0 met, 1 missed, 2 usage / unreachable), the results
// file validated against the schema, compare, the progress line only on a terminal, and Ctrl-C keeping what was measured.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli/runCli';
import type { CliIo } from '../../src/cli/io';
import { readBenchResult } from '../../src/core/bench/index';
import { startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index';

const repo = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'ies-bench-cli-'));

async function cli(args: string[], options: { errIsTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, errIsTTY: options.errIsTTY, cwd: dir, env: options.env ?? {} };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('ies bench', () => {
  let server: RunningInferenceServer;
  let url: string;
  before(async () => {
    server = await startVllmVlmServer({ timing: { firstTokenMs: 30, perTokenMs: 5 }, maxConcurrency: 2, apiKey: 'bench-key' });
    url = `${server.url}/v1`;
  });
  after(() => server.close());
  const base = () => ['bench', '--url', url, '--mode', 'chat', '--requests', '6', '--warmup', '1', '--max-tokens', '6', '--api-key-env', 'KEY'];
  const env = { KEY: 'bench-key' };

  test('SLO met: exit 0, the table, the sentence, and a results file that validates', async () => {
    const r = await cli([...base(), '--concurrency', '1,2', '--slo', 'ttft=2s,e2e=10s', '--out', 'a.json'], { env });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ies bench chat → http:\/\/127\.0\.0\.1:\d+\/v1 \(nvidia\/nemotron-nano-12b-v2-vl\)/);
    assert.match(r.out, /\nc=1 +6 +0 /);
    assert.match(r.out, /Every level up to 2 concurrent requests meets the SLO \(TTFT ≤ 2 s, e2e ≤ 10 s\)/);
    assert.equal(r.err, '', 'no progress line when stderr is not a terminal');
    const saved = readBenchResult(readFileSync(join(dir, 'a.json'), 'utf8'), 'a.json');
    assert.deepEqual(saved.knee, { concurrency: 2 });
    assert.equal(saved.model, server.modelId, 'the model comes from /v1/models');
  });

  test('SLO missed at every level: exit 1; --format json prints the contract fields', async () => {
    const r = await cli([...base(), '--concurrency', '1,2', '--slo', 'ttft=1ms', '--format', 'json', '--out', 'b.json'], { env });
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.knee, null);
    assert.equal(json.target, url);
    assert.deepEqual(json.slo, { ttftMs: 1 });
    for (const level of json.levels) {
      for (const key of ['concurrency', 'requests', 'errors', 'rps', 'outputTokensPerSecond', 'goodput', 'meetsSlo']) assert.ok(key in level, key);
      for (const key of ['p50', 'p90', 'p95', 'p99']) assert.equal(typeof level.ttftMs[key], 'number');
    }
  });

  test('--require-level: exit 1 when that level misses even though a lower one meets the SLO', async () => {
    // 20 tokens take ≥ 125 ms on this server, so at 4 in flight half the requests wait that long for one of its 2 slots.
    const sweep = [...base(), '--concurrency', '1,4', '--requests', '8', '--max-tokens', '20', '--slo', 'ttft=120ms'];
    const r = await cli([...sweep, '--require-level', '4'], { env });
    assert.equal(r.code, 1, r.out + r.err);
    const ok = await cli([...sweep, '--require-level', '1'], { env });
    assert.equal(ok.code, 0, ok.out + ok.err);
  });

  test('a progress line on stderr when it is a terminal', async () => {
    const r = await cli([...base(), '--concurrency', '1'], { env, errIsTTY: true });
    assert.equal(r.code, 0);
    assert.match(r.err, /\rlevel 1\/1 \(1 concurrent request\) \[#+\.*\] \d+\/6 · [\d.]+ req\/s/);
    assert.ok(r.err.endsWith('\r\x1b[K'), 'the line is cleared before the report');
  });

  test('compare: per-level deltas and merged histograms; a file that is not a result is exit 2', async () => {
    const r = await cli(['bench', 'compare', 'a.json', 'b.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^A: a\.json/);
    assert.match(r.out, /Merged \(A and B together\):\nlevel +requests[^\n]*\nc=1 +12 /);
    assert.match(r.out, /Knee: A 2 concurrent requests, B none\./);
    const json = JSON.parse((await cli(['bench', 'compare', 'a.json', 'b.json', '--format', 'json'])).out);
    assert.equal(json.levels[0].merged.requests, 12);
    writeFileSync(join(dir, 'bad.json'), '{"levels": []}');
    const bad = await cli(['bench', 'compare', 'a.json', 'bad.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.json is not an ies bench results file/);
  });

  test('usage errors and an unreachable endpoint: exit 2 with a clear message', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const cases: Array<[string[], RegExp]> = [
      [['bench', '--url', url, '--mode', 'chat', '--slo', 'ttft=soon'], /--slo: cannot read SLO part "ttft=soon"/],
      [['bench', '--url', url, '--mode', 'caption', '--images', empty], /no images in .*empty/],
      [['bench', '--url', url, '--mode', 'chat', '--concurrency', '1', '--rate', '2'], /--concurrency or --rate, not both/],
      [['bench', '--url', url, '--mode', 'fast'], /unknown --mode fast/],
      [['bench', '--url', url, '--mode', 'chat', '--concurrency', '1,2', '--require-level', '3'], /--require-level 3 is not one of the levels \(1, 2\)/],
      [['bench', '--url', url], /--mode is required/],
      [['bench', '--mode', 'chat'], /give either TARGET/],
      [['bench', '--url', 'http://127.0.0.1:1/v1', '--mode', 'chat', '--requests', '1'], /endpoint unreachable: connection refused/],
      [['bench', '--url', url, '--mode', 'chat', '--requests', '1'], /refused the first request: HTTP 401/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err, message, args.join(' '));
    }
  });

  test('Ctrl-C stops the run and still writes what was measured', async () => {
    const out = join(dir, 'cancelled.json');
    const before = server.control.state().counters.requests;
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...base().slice(0, 5).concat(['--concurrency', '2', '--duration', '60s', '--api-key-env', 'KEY', '--out', out])], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    const deadline = Date.now() + 20_000;
    while (server.control.state().counters.requests < before + 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 0, stdout);
    assert.ok(existsSync(out), 'the results file is written');
    const saved = readBenchResult(readFileSync(out, 'utf8'));
    assert.equal(saved.cancelled, true);
    assert.equal(saved.levels.length, 1);
    assert.ok(saved.levels[0].requests >= 1);
    assert.match(stdout, /Cancelled: the figures cover what was measured before the stop\./);
  });
});
