import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'dist', 'cli.js');

test('ies sim prints a kubeconfig that kubectl uses, and Ctrl-C stops everything it started', async () => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo });
  const dir = mkdtempSync(join(tmpdir(), 'ies-cli-sim-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [cli, 'sim', '--fixture', 'empty', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 20_000;
  while (!/Ctrl-C stops it/.test(stdout) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  assert.match(stdout, new RegExp(`kubeconfig: ${kubeconfig.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`), stderr);
  assert.match(stdout, /context:\s+gpu-lab \(read-only: gpu-lab-viewer\)/);
  const namespaces = execFileSync('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), 'get', 'namespaces', '-o', 'name'], { encoding: 'utf8' });
  assert.match(namespaces, /namespace\/default/);
  child.kill('SIGINT');
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /stopping the simulator/);
});

test('ies sim rejects bad flags with exit 2', () => {
  for (const args of [['--port', 'x'], ['--fixture', 'huge'], ['--speed', '0']]) {
    try {
      execFileSync(process.execPath, [cli, 'sim', ...args], { encoding: 'utf8', stdio: 'pipe' });
      assert.fail(`expected exit 2 for ${args.join(' ')}`);
    } catch (error) {
      assert.equal((error as { status: number }).status, 2, args.join(' '));
    }
  }
});
