import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from '../../src/core/lint/linter.js';
import { schemaRules } from '../../src/core/schema/schemaRules.js';
import { validateObject } from '../../src/core/schema/validateObject.js';
import { parseAllDocuments } from 'yaml';
import { nimOperatorSamplesDir as samplesDir } from '../support/thirdParty.js';

describe("the operator's own samples", () => {
  it('lint and validate without exceptions; the known sample mistakes are found', () => {
    const found = new Map<string, string[]>();
    for (const file of readdirSync(samplesDir).filter((f) => f.endsWith('.yaml')).sort()) {
      const text = readFileSync(join(samplesDir, file), 'utf8');
      for (const operatorVersion of ['main', 'v3.1.2'] as const) {
        const diagnostics = new Linter({ operatorVersion }, schemaRules).lint(text);
        assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `${file}: ${JSON.stringify(diagnostics)}`);
        if (operatorVersion === 'main') found.set(file, diagnostics.map((d) => d.code));
        for (const document of parseAllDocuments(text)) assert.ok(Array.isArray(validateObject(document.toJS(), operatorVersion)));
      }
    }
    assert.deepEqual(found.get('config__samples__nim__serving__standalone__routers__ingress__llm.yaml'), ['schema-unknown-field']);
    assert.deepEqual(found.get('test__e2e__data__nimservice.yaml'), ['schema-quote-float']);
    assert.deepEqual(found.get('config__samples__nim__serving__standalone__autoscaling__llm.yaml'), ['schema-cel']);
    assert.deepEqual(found.get('config__samples__nim__serving__standalone__basic__llm.yaml'), []);
  });
});
