import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nimOperatorCrdDir as crdDir, repoRoot as repo } from '../support/thirdParty.js';

describe('scripts/gen-schema.mjs', () => {
  it('regenerates exactly the checked-in schemas from the bundled CRDs (run `npm run gen:schema` after a CRD update)', () => {
    for (const folder of ['main', 'v3.1.2', 'v3.0.2', 'v2.0.2', 'v1.0.1']) assert.ok(existsSync(join(crdDir, folder, 'apps.nvidia.com_nimservices.yaml')), `${crdDir}/${folder} holds the CRDs`);
    const out = mkdtempSync(join(tmpdir(), 'gen-schema-'));
    try {
      // No CRD folder given: the default, third_party/nim-operator/crd, is what `npm run gen:schema` reads.
      const result = spawnSync(process.execPath, [join(repo, 'scripts', 'gen-schema.mjs'), '--out', out, '--quiet'], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      const generated = readdirSync(join(out, 'src/core/schema/generated')).sort();
      assert.deepEqual(generated, readdirSync(join(repo, 'src/core/schema/generated')).filter((f) => f.endsWith('.json')).sort());
      assert.deepEqual(
        generated,
        ['main', 'v1.0.1', 'v2.0.2', 'v3.0.2', 'v3.1.2'].flatMap((v) => [`nimcache.${v}.json`, `nimservice.${v}.json`]).sort(),
      );
      for (const file of [...generated.map((f) => `src/core/schema/generated/${f}`), 'schemas/nimservice.schema.json']) {
        assert.ok(readFileSync(join(out, file)).equals(readFileSync(join(repo, file))), `${file} differs from a fresh generation: run npm run gen:schema`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('fails with a clear message when the CRD folder is wrong', () => {
    const result = spawnSync(process.execPath, [join(repo, 'scripts', 'gen-schema.mjs'), join(tmpdir(), 'no-such-crd-dir'), '--out', join(tmpdir(), 'unused')], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /gen-schema: missing CRD .*apps\.nvidia\.com_nimservices\.yaml \(pass the CRD folder as the first argument\)/);
  });

  it('writes a draft-07 schema discriminated by kind, closed on CRD objects, open where preserve-unknown', () => {
    const schema = JSON.parse(readFileSync(join(repo, 'schemas/nimservice.schema.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(schema.allOf.map((b: { if: { properties: { kind: { const: string } } } }) => b.if.properties.kind.const), ['NIMService', 'NIMCache']);
    const spec = schema.definitions.NIMService.properties.spec;
    assert.equal(spec.additionalProperties, false);
    assert.deepEqual(spec.required, ['image']);
    assert.equal(spec.properties.expose.properties.router.properties.eppConfig.properties.config.additionalProperties, undefined);
    assert.deepEqual(spec.properties.storage.properties.sharedMemorySizeLimit.anyOf.map((a: { type: string }) => a.type), ['integer', 'string']);
    assert.match(spec.properties.inferencePlatform.description, /inference platform/);
    assert.equal(schema.definitions.NIMService.properties.apiVersion.const, 'apps.nvidia.com/v1alpha1');
  });
});
