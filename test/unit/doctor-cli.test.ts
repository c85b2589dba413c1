import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';

const LOGS = join(__dirname, '../fixtures/logs');

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, cwd, env: {} };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

function workdir(...fixtures: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ies-doctor-'));
  for (const name of fixtures) copyFileSync(join(LOGS, name), join(dir, name));
  return dir;
}

test('ies doctor --log-file --format json: findings root cause first, with line and source, exit 1', async () => {
  const dir = workdir('vllm-omni-shm-engine-core.log');
  const { io, stdout } = capture(dir);
  assert.equal(await runCli(['doctor', '--log-file', 'vllm-omni-shm-engine-core.log', '--format', 'json'], io), 1);
  const report = JSON.parse(stdout());
  assert.deepEqual(Object.keys(report), ['findings']);
  const [root, wrapper] = report.findings;
  for (const key of ['signature', 'cause', 'evidence', 'fix', 'line', 'source']) assert.ok(key in root, key);
  assert.equal(root.signature, 'shm-too-small');
  assert.equal(typeof root.evidence, 'string');
  assert.match(root.evidence, /OSError: \[Errno 28\] No space left on device/);
  assert.equal(root.source, 'vllm-omni-shm-engine-core.log');
  assert.equal(root.line, 15);
  assert.equal(wrapper.signature, 'engine-core-init-failed');
  assert.equal(wrapper.wraps, 'shm-too-small');
  assert.equal(wrapper.line, 15);
});

test('several --log-file read in order; a healthy log exits 0 with an empty list', async () => {
  const dir = workdir('healthy-vllm.log', 'cuda-oom.log');
  const healthy = capture(dir);
  assert.equal(await runCli(['doctor', '--log-file', 'healthy-vllm.log', '--format', 'json'], healthy.io), 0);
  assert.deepEqual(JSON.parse(healthy.stdout()), { findings: [] });
  const both = capture(dir);
  assert.equal(await runCli(['doctor', '--log-file', 'healthy-vllm.log', '--log-file', 'cuda-oom.log', '--format', 'json'], both.io), 1);
  assert.deepEqual(JSON.parse(both.stdout()).findings.map((f: { signature: string; source: string }) => [f.signature, f.source]), [
    ['cuda-oom', 'cuda-oom.log'],
    ['engine-core-init-failed', 'cuda-oom.log'],
  ]);
});

test('text output names signature, evidence as file:line, cause and fix', async () => {
  const dir = workdir('nccl-shm.log');
  const { io, stdout } = capture(dir);
  assert.equal(await runCli(['doctor', '--log-file', 'nccl-shm.log'], io), 1);
  assert.match(stdout(), /1\. shm-too-small/);
  assert.match(stdout(), /evidence: nccl-shm\.log:8: .*Error while creating shared memory segment/);
  assert.match(stdout(), /fix: Set spec\.storage\.sharedMemorySizeLimit/);
  assert.match(stdout(), /2 findings/);
  const healthy = capture(workdir('healthy-nim.log'));
  assert.equal(await runCli(['doctor', '--log-file', 'healthy-nim.log'], healthy.io), 0);
  assert.match(healthy.stdout(), /no known failure signatures/);
});

test('a live TARGET whose cluster cannot be read or reached, usage errors and unreadable files exit 2 with one line', async () => {
  const dir = workdir();
  writeFileSync(join(dir, 'ok.log'), 'INFO fine\n');
  const missing = capture(dir);
  assert.equal(await runCli(['doctor', 'osmo-nims/qwen-image-edit', '--kubeconfig', join(dir, 'missing-kubeconfig.yaml')], missing.io), 2);
  assert.match(missing.stderr(), /cannot load kubeconfig .*missing-kubeconfig\.yaml/);
  writeFileSync(join(dir, 'dead.yaml'), "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'http://127.0.0.1:1', insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n");
  const unreachable = capture(dir);
  assert.equal(await runCli(['doctor', 'osmo-nims/qwen-image-edit', '--kubeconfig', join(dir, 'dead.yaml')], unreachable.io), 2);
  assert.match(unreachable.stderr(), /cannot diagnose osmo-nims\/qwen-image-edit: cannot reach http:\/\/127\.0\.0\.1:1/);
  assert.equal(unreachable.stderr().trim().split('\n').length, 1);
  for (const args of [['doctor'], ['doctor', '--log-file', 'missing.log'], ['doctor', '--log-file', '.'], ['doctor', '--log-file', 'ok.log', '--format', 'xml'], ['doctor', '--nope']]) {
    const { io, stderr } = capture(dir);
    assert.equal(await runCli(args, io), 2, args.join(' '));
    assert.equal(stderr().trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${stderr()}`);
  }
});

test('ies doctor is listed in ies --help', async () => {
  const { io, stdout } = capture(process.cwd());
  await runCli(['--help'], io);
  assert.match(stdout(), /doctor/);
});
