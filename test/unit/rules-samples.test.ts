import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/core/lint/linter.js';
import { semanticRules } from '../../src/core/lint/rules/index.js';
import { nimOperatorSamplesDir as SAMPLES } from '../support/thirdParty.js';

const semanticCodes = new Set(semanticRules.flatMap((r) => r.codes));

/** The operator's own samples run as they are, except the five that set replicas together with autoscaling. */
test("the operator's samples: nothing throws, and the only semantic finding is replicas-with-autoscaling", () => {
  const findings: string[] = [];
  for (const name of readdirSync(SAMPLES).filter((n) => n.endsWith('.yaml')).sort()) {
    const result = lintText(readFileSync(join(SAMPLES, name), 'utf8'));
    assert.deepEqual(result.filter((d) => d.code === 'internal-error'), [], name);
    for (const d of result) if (semanticCodes.has(d.code)) findings.push(`${name.replace(/^config__samples__nim__serving__/, '')}:${d.code}`);
  }
  assert.deepEqual(findings, [
    'kserve__standard__llm.yaml:replicas-with-autoscaling',
    'standalone__autoscaling__llm.yaml:replicas-with-autoscaling',
    'standalone__autoscaling__multi-llm.yaml:replicas-with-autoscaling',
    'standalone__full__llm.yaml:replicas-with-autoscaling',
    'standalone__full__multi-llm.yaml:replicas-with-autoscaling',
  ]);
});

test('the fixtures written correctly lint clean with every rule', () => {
  for (const name of ['qwen-image-edit-nimservice.yaml', 'vllm-caption-nimservice.yaml']) {
    assert.deepEqual(lintText(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'manifests', name), 'utf8')), [], name);
  }
});
