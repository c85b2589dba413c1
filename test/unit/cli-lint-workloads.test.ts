// `ies lint` on the workload fixtures: the same findings as the editor's Linter, at 1-based positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';

const folder = join(import.meta.dirname, '..', 'fixtures', 'workloads');

async function lint(args: string[]) {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: () => undefined, isTTY: false, cwd: folder, env: {} };
  const code = await runCli(['lint', ...args], io);
  return { code, stdout: out.join('') };
}

test('ies lint on every workload kind: findings per file, positions, exit 1 on errors', async () => {
  const { code, stdout } = await lint(['.', '--format', 'json']);
  assert.equal(code, 1);
  const files = Object.fromEntries(JSON.parse(stdout).files.map((f: { path: string; diagnostics: Array<{ code: string; line: number; column: number }> }) => [f.path, f.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)]));
  assert.deepEqual(files, {
    'kserve-servingruntime.yaml': ['18:11 shm-missing'],
    'sglang-deployment.yaml': ['25:15 shm-missing'],
    'tgi-deployment.yaml': ['34:11 startup-probe-missing'],
    'vllm-deployment.yaml': ['11:19 server-port-mismatch', '29:18 image-tag-unpinned', '33:15 shm-missing', '34:15 parallel-size-gpus', '43:30 server-port-mismatch', '48:11 startup-probe-missing'],
    'vllm-job.yaml': ['12:18 vllm-deployment-ephemeral', '12:18 gpu-limit-missing'],
    'vllm-lws.yaml': ['18:20 vllm-deployment-ephemeral', '18:20 image-tag-unpinned', '22:17 hf-token-missing', '22:17 shm-missing', '38:20 image-tag-unpinned'],
    'vllm-statefulset.yaml': [],
  });
});

test('ies lint --disable and --quiet apply to workload rules and to the Service check alike', async () => {
  const { code, stdout } = await lint(['vllm-deployment.yaml', '--format', 'json', '--disable', 'parallel-size-gpus', '--disable', 'server-port-mismatch']);
  assert.equal(code, 0, 'no error left');
  const found = JSON.parse(stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
  assert.ok(!found.includes('server-port-mismatch') && !found.includes('parallel-size-gpus'));
  const quiet = await lint(['vllm-job.yaml', '--quiet']);
  assert.match(quiet.stdout, /12:18\s+error\s+No GPU requested.*gpu-limit-missing/);
  assert.doesNotMatch(quiet.stdout, /\bwarning\s/);
});
