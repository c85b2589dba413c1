import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, cwd, env: {} };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

test('ies scaffold renders a template with the given parameters to stdout', async () => {
  const { io, stdout } = capture(process.cwd());
  assert.equal(await runCli(['scaffold', 'qwen-image-edit-vllm-omni', '--name', 'edit-a', '--namespace', 'team-b', '--gpus', '2', '--pvc-size', '300Gi'], io), 0);
  const nim = parseAllDocuments(stdout()).map((d) => d.toJS()).find((d) => d?.kind === 'NIMService');
  assert.equal(nim.metadata.name, 'edit-a');
  assert.equal(nim.metadata.namespace, 'team-b');
  assert.equal(nim.spec.resources.limits['nvidia.com/gpu'], 2);
  assert.equal(nim.spec.storage.pvc.size, '300Gi');
});

test('ies scaffold --out never replaces an existing file without --force', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-scaffold-'));
  writeFileSync(join(dir, 'mine.yaml'), 'precious: true\n');
  const first = capture(dir);
  assert.equal(await runCli(['scaffold', 'ngc-nim-llm', '--out', 'mine.yaml'], first.io), 2);
  assert.match(first.stderr(), /exists; pass --force/);
  assert.equal(readFileSync(join(dir, 'mine.yaml'), 'utf8'), 'precious: true\n');
  const forced = capture(dir);
  assert.equal(await runCli(['scaffold', 'ngc-nim-llm', '--out', 'mine.yaml', '--force'], forced.io), 0);
  assert.notEqual(readFileSync(join(dir, 'mine.yaml'), 'utf8'), 'precious: true\n');
  for (const doc of parseAllDocuments(readFileSync(join(dir, 'mine.yaml'), 'utf8'))) assert.equal(doc.errors.length, 0);
});

test('ies scaffold rejects bad parameters and unknown templates with exit 2', async () => {
  for (const args of [['scaffold', 'nope'], ['scaffold', 'ngc-nim-llm', '--name', 'Bad_Name'], ['scaffold', 'ngc-nim-llm', '--gpus', 'zero'], ['scaffold']]) {
    const { io, stderr } = capture(process.cwd());
    assert.equal(await runCli(args, io), 2, args.join(' '));
    assert.ok(stderr().length > 0);
  }
});

test('ies scaffold --list names every template', async () => {
  const { io, stdout } = capture(process.cwd());
  assert.equal(await runCli(['scaffold', '--list'], io), 0);
  for (const id of ['qwen-image-edit-vllm-omni', 'nemotron-nano-vl-caption-vllm', 'ngc-nim-llm', 'hf-token-secret']) assert.match(stdout(), new RegExp(`^${id}\\b`, 'm'));
});
