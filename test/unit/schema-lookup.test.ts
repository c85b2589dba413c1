import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';
import { completeAt } from '../../src/core/schema/completion.js';
import { describeAt, schemaAtPath } from '../../src/core/schema/lookup.js';

/** Completion labels at the `|` marker. */
function labels(withCursor: string, operatorVersion?: 'main' | 'v3.1.2'): string[] {
  const offset = withCursor.indexOf('|');
  return completeAt(withCursor.replace('|', ''), offset, { operatorVersion }).map((item) => item.label);
}

const HEAD = 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: x\n';

describe('completeAt', () => {
  it('completes an incomplete line inside storage by indentation', () => {
    assert.deepEqual(labels(`${HEAD}spec:\n  storage:\n    sha|\n  image:\n    tag: x\n`), ['sharedMemorySizeLimit']);
  });

  it('offers the fields not yet present on an empty line inside storage', () => {
    assert.deepEqual(labels(`${HEAD}spec:\n  storage:\n    pvc:\n      create: true\n    |\n  image:\n    tag: x\n`), ['emptyDir', 'hostPath', 'nimCache', 'readOnly', 'sharedMemorySizeLimit']);
  });

  it('puts required fields first and excludes siblings above and below', () => {
    assert.deepEqual(labels(`${HEAD}spec:\n  image:\n    pullPolicy: Always\n    |\n    tag: x\n`), ['repository', 'pullSecrets']);
  });

  it('handles list items (compact and indented) and a fresh `- `', () => {
    assert.deepEqual(labels(`${HEAD}spec:\n  env:\n  - name: A\n    |\n`), ['value', 'valueFrom']);
    assert.deepEqual(labels(`${HEAD}spec:\n  draResources:\n    - |\n`), ['claimCreationSpec', 'requests', 'resourceClaimName', 'resourceClaimTemplateName']);
  });

  it('completes enum and boolean values after `key: ` and filters by the typed prefix', () => {
    assert.deepEqual(labels(`${HEAD}spec:\n  inferencePlatform: |\n`), ['standalone', 'kserve']);
    assert.deepEqual(labels(`${HEAD}spec:\n  inferencePlatform: ks|\n`), ['kserve']);
    assert.deepEqual(labels(`${HEAD}spec:\n  storage:\n    readOnly: |\n`), ['true', 'false']);
    assert.deepEqual(labels('kind: |\n'), ['NIMService', 'NIMCache']);
  });

  it('offers root fields, status excluded, and nothing for unknown kinds below the root', () => {
    assert.deepEqual(labels('kind: NIMService\n|'), ['apiVersion', 'metadata', 'spec']);
    assert.deepEqual(labels('|'), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.deepEqual(labels('kind: ConfigMap\ndata:\n  |\n'), []);
  });

  it('returns the replace range and insert text with the child indentation', () => {
    const text = `${HEAD}spec:\n  stor\n`;
    const offset = text.indexOf('stor') + 4;
    const [item] = completeAt(text, offset);
    assert.equal(item.label, 'storage');
    assert.deepEqual(item.range, { start: offset - 4, end: offset });
    assert.equal(item.insertText, 'storage:\n    ');
    assert.equal(item.kind, 'field');
    assert.match(item.documentation, /^\*\*`spec\.storage`\*\* · `object`/);
  });

  it('works in the second document of a file and never throws on odd text', () => {
    const text = `kind: ConfigMap\n---\n${HEAD}spec:\n  image:\n    |\n`;
    assert.deepEqual(labels(text), ['repository', 'tag', 'pullPolicy', 'pullSecrets']);
    for (const odd of ['kind: NIMService\nspec: [|', '\t|', 'kind: NIMService\n  |  spec:', '- |']) assert.ok(Array.isArray(completeAt(odd.replace('|', ''), odd.indexOf('|'))));
  });
});

describe('describeAt and schemaAtPath', () => {
  const text = `${HEAD}spec:\n  inferencePlatform: kserve\n  image:\n    tag: "1"\n  env:\n    - name: A\n`;
  const document = parseManifestFile(text).documents[0];

  it('describes a key with type, enum, default and the CRD description', () => {
    const hover = describeAt(document, text.indexOf('inferencePlatform') + 2);
    assert.ok(hover);
    assert.equal(hover.path, 'spec.inferencePlatform');
    assert.equal(hover.title, 'spec.inferencePlatform: string');
    assert.deepEqual(hover.range, { start: text.indexOf('inferencePlatform'), end: text.indexOf('inferencePlatform') + 17 });
    assert.match(hover.markdown, /InferencePlatform specifies the inference platform/);
    assert.match(hover.markdown, /Allowed values: `standalone`, `kserve`/);
    assert.match(hover.markdown, /Default: `"standalone"`/);
  });

  it('describes from a value position, marks required fields, and goes into lists', () => {
    assert.match(describeAt(document, text.indexOf('"1"') + 1)!.markdown, /^\*\*`spec\.image\.tag`\*\* · `string` · required/);
    assert.equal(describeAt(document, text.indexOf('name: A') + 1)!.path, 'spec.env[0].name');
    assert.equal(describeAt(document, text.indexOf('apiVersion') + 1)!.path, 'apiVersion');
    assert.equal(describeAt(document, 0 + text.indexOf('v1alpha1'))!.path, 'apiVersion');
  });

  it('is undefined for other kinds and unknown fields', () => {
    const other = parseManifestFile('kind: ConfigMap\ndata:\n  a: b\n').documents[0];
    assert.equal(describeAt(other, 20), undefined);
    const unknown = `${HEAD}spec:\n  router: {}\n`;
    assert.equal(describeAt(parseManifestFile(unknown).documents[0], unknown.indexOf('router') + 1), undefined);
  });

  it('schemaAtPath steps into items and maps', () => {
    assert.equal(schemaAtPath('NIMService', 'main', ['spec', 'env', 0, 'name'])?.type, 'string');
    assert.equal(schemaAtPath('NIMService', 'main', ['spec', 'labels', 'anything'])?.type, 'string');
    assert.equal(schemaAtPath('NIMService', 'main', ['spec', 'env', 'name']), undefined);
    assert.deepEqual(schemaAtPath('NIMService', 'v3.1.2', ['spec'])?.required, ['authSecret', 'image']);
    assert.deepEqual(schemaAtPath('NIMService', 'main', ['spec'])?.required, ['image']);
  });
});
