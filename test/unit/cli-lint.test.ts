import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, cwd, env: {} };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const brokenYaml = 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: x\nspec: [unclosed\n';

test('ies lint reports 1-based positions in JSON and exits 1 on an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-lint-'));
  writeFileSync(join(dir, 'broken.yaml'), brokenYaml);
  const { io, stdout } = capture(dir);
  const code = await runCli(['lint', 'broken.yaml', '--format', 'json'], io);
  assert.equal(code, 1);
  const report = JSON.parse(stdout());
  assert.equal(report.files.length, 1);
  assert.equal(report.files[0].path, 'broken.yaml');
  const syntax = report.files[0].diagnostics.find((d: { code: string }) => d.code === 'yaml-syntax');
  assert.ok(syntax, 'a parse diagnostic is reported');
  assert.equal(syntax.severity, 'error');
  assert.ok(syntax.line >= 5, `the parse error is on or after line 5, got ${syntax.line}`);
  assert.ok(syntax.column >= 1);
});

test('ies lint searches directories for *.yaml and *.yml, skipping node_modules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-lint-'));
  mkdirSync(join(dir, 'nested'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'nested', 'a.yml'), 'kind: ConfigMap\n');
  writeFileSync(join(dir, 'b.yaml'), 'kind: ConfigMap\n');
  writeFileSync(join(dir, 'node_modules', 'c.yaml'), brokenYaml);
  writeFileSync(join(dir, 'notes.txt'), brokenYaml);
  const { io, stdout } = capture(dir);
  const code = await runCli(['lint', '.', '--format', 'json'], io);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout()).files.map((f: { path: string }) => f.path).sort(), ['b.yaml', 'nested/a.yml']);
});

test('ies lint text output looks like ESLint and names the rule code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-lint-'));
  writeFileSync(join(dir, 'broken.yaml'), brokenYaml);
  const { io, stdout } = capture(dir);
  await runCli(['lint', 'broken.yaml'], io);
  assert.match(stdout(), /^broken\.yaml$/m);
  assert.match(stdout(), /^\s+\d+:\d+\s+error\s+.*yaml-syntax$/m);
  assert.match(stdout(), /✖ \d+ problems? \(\d+ errors?/);
});

test('usage errors and unreadable files exit 2 with a one-line message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-lint-'));
  for (const args of [['lint', 'missing.yaml'], ['lint', '--format', 'xml'], ['lint', '--operator-version', 'banana'], ['lint', '--nope'], ['frobnicate']]) {
    const { io, stderr } = capture(dir);
    assert.equal(await runCli(args, io), 2, args.join(' '));
    assert.equal(stderr().trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${stderr()}`);
  }
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'kind: NIMService\n');
    chmodSync(locked, 0o000);
    const { io } = capture(dir);
    assert.equal(await runCli(['lint', 'locked.yaml'], io), 2);
  }
});

test('--version and --help', async () => {
  const { io, stdout } = capture(process.cwd());
  assert.equal(await runCli(['--version'], io), 0);
  assert.match(stdout(), /^\d+\.\d+\.\d+\n$/);
  const help = capture(process.cwd());
  assert.equal(await runCli(['--help'], help.io), 0);
  assert.match(help.stdout(), /lint/);
});
