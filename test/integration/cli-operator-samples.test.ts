import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nimOperatorSamplesDir as samples } from '../support/thirdParty.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * What the NIM Operator would reject or silently prune in its own samples, by file and position: the five
 * `replicas` set together with `scale.enabled` (CEL rule), `spec.router` under spec (pruned), `tag: 1.8` (a
 * float where a string is required), and empty values the API server drops. Every other sample is clean.
 */
const expected: Record<string, string[]> = {
  'config__samples__nim__serving__advanced__multi-node__multi-node-nimservice-rdma.yaml': ['schema-null@14:7'],
  'config__samples__nim__serving__advanced__multi-node__multi-node-nimservice.yaml': ['schema-null@14:7'],
  'config__samples__nim__serving__kserve__standard__llm.yaml': ['schema-null@20:7', 'replicas-with-autoscaling@59:3'],
  'config__samples__nim__serving__standalone__autoscaling__llm.yaml': ['replicas-with-autoscaling@44:3'],
  'config__samples__nim__serving__standalone__autoscaling__multi-llm.yaml': ['replicas-with-autoscaling@53:3'],
  'config__samples__nim__serving__standalone__full__llm.yaml': ['replicas-with-autoscaling@44:3'],
  'config__samples__nim__serving__standalone__full__multi-llm.yaml': ['replicas-with-autoscaling@53:3'],
  'config__samples__nim__serving__standalone__routers__ingress__llm.yaml': ['schema-unknown-field@52:3'],
  'test__e2e__data__nimservice.yaml': ['schema-quote-float@8:10'],
};

test('the built `ies lint` finds exactly what the operator would reject or prune in its own samples', () => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo });
  for (const operatorVersion of ['v3.1.2', 'main']) {
    const run = spawnSync(process.execPath, [cli, 'lint', samples, '--format', 'json', '--operator-version', operatorVersion], { encoding: 'utf8' });
    assert.equal(run.status, 1, `errors found → exit 1 (${run.stderr})`);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; line: number; column: number }> }> };
    assert.equal(report.files.length, 51, 'every sample file was linted');
    const actual: Record<string, string[]> = {};
    for (const file of report.files) {
      if (file.diagnostics.length) actual[file.path.split('/').pop()!] = file.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
    }
    assert.deepEqual(actual, expected, `operator ${operatorVersion}`);
  }
});

test('the text format names the fix for the float tag and the pruned router', () => {
  const run = spawnSync(process.execPath, [cli, 'lint', join(samples, 'test__e2e__data__nimservice.yaml'), join(samples, 'config__samples__nim__serving__standalone__routers__ingress__llm.yaml')], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stdout, /8:10\s+error\s+.*Quote it: `"1\.8"`.*schema-quote-float/);
  assert.match(run.stdout, /52:3\s+error\s+Unknown field `spec\.router`.*Did you mean `spec\.expose\.router`\?.*schema-unknown-field/);
});
