// Every CLI command reads KUBECONFIG as kubectl does: all its files merged in order, the first file to set
// current-context wins, --context picks any context of any file. The simulated lab's context lives in one file,
// an unreachable cluster named `other` in another; the built CLI runs as a user runs it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'ies-kubeconfig-merge-'));
const other = join(dir, 'other.yaml');
writeFileSync(other, `apiVersion: v1
kind: Config
clusters:
- name: other
  cluster: { server: "http://127.0.0.1:1" }
users:
- name: other
  user: { token: nothing }
contexts:
- name: other
  context: { cluster: other, user: other }
current-context: other
`);
let sim: Simulator;
before(async () => { sim = await startGpuLab({ fixture: 'demo', speed: 600 }); });
after(async () => { await sim?.stop(); });

async function ies(kubeconfigs: string[], args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfigs.join(delimiter) };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 90_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

test('--context reaches a context of the second KUBECONFIG file for logs, doctor, endpoints and pools', async () => {
  const files = [other, sim.kubeconfigPath];
  const logs = await ies(files, ['logs', 'osmo-nims/nemotron-nano-vl-caption', '--context', sim.context, '--tail', '5']);
  assert.equal(logs.code, 0, logs.err);
  assert.match(logs.out, /\S/, 'log lines arrive');
  const doctor = await ies(files, ['doctor', 'osmo-nims/qwen-image-edit-noshm', '--context', sim.context, '--format', 'json']);
  assert.notEqual(doctor.code, 2, `the doctor reached the cluster: ${doctor.err}`);
  for (const command of ['endpoints', 'pools']) {
    const ran = await ies(files, [command, '--context', sim.context, '--format', 'json']);
    assert.equal(ran.code, 0, `${command}: ${ran.err}`);
  }
});

test('the first file to set current-context wins: lab first reaches the lab, other first reaches the other cluster', async () => {
  const labFirst = await ies([sim.kubeconfigPath, other], ['logs', 'osmo-nims/nemotron-nano-vl-caption', '--tail', '5']);
  assert.equal(labFirst.code, 0, labFirst.err);
  const health = await ies([sim.kubeconfigPath, other], ['health', 'osmo-nims/nemotron-nano-vl-caption', '--format', 'json']);
  assert.notEqual(health.code, 2, `health reached the lab's endpoint: ${health.err}`);
  assert.equal(JSON.parse(health.out).checks.find((c: { name: string }) => c.name === 'model-served')?.status, 'pass', health.out);
  const otherFirst = await ies([other, sim.kubeconfigPath], ['logs', 'osmo-nims/nemotron-nano-vl-caption', '--tail', '5']);
  assert.equal(otherFirst.code, 2, 'the current context is the unreachable one');
  assert.match(otherFirst.err, /127\.0\.0\.1:1|unreachable|ECONNREFUSED/i, otherFirst.err);
});

test('an unknown context names every context of every file', async () => {
  const ran = await ies([other, sim.kubeconfigPath], ['logs', 'osmo-nims/x', '--context', 'nope']);
  assert.equal(ran.code, 2);
  assert.match(ran.err, new RegExp(`no context "nope" in .*other\\.yaml.*; contexts: other, ${sim.context}`));
});
