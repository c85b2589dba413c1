import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';
import { deleteEntry, insertIntoMap, replaceScalar } from '../../src/core/yaml/edits.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';
import type { ManifestDocument } from '../../src/core/manifest/manifestDocument.js';

function docOf(text: string, index = 0): ManifestDocument {
  return parseManifestFile(text).documents[index];
}

function edit(text: string, run: (d: ManifestDocument) => ReturnType<typeof insertIntoMap>, index = 0): string {
  const edits = run(docOf(text, index));
  assert.ok(edits, 'helper refused the edit');
  const out = applyTextEdits(text, edits);
  assert.deepEqual(parseAllDocuments(out).flatMap((d) => d.errors), [], `result does not parse:\n${out}`);
  return out;
}

test('insertIntoMap appends after the last entry, keeping its trailing comment and the next comment line', () => {
  const text = 'spec:\n  storage:\n    pvc:\n      create: true # keep\n    # about env\n  env: []\n';
  const out = edit(text, (d) => insertIntoMap(d, ['spec', 'storage'], { sharedMemorySizeLimit: '32Gi' }));
  assert.equal(out, 'spec:\n  storage:\n    pvc:\n      create: true # keep\n    sharedMemorySizeLimit: 32Gi\n    # about env\n  env: []\n');
});

test('insertIntoMap creates missing parents with the indentation the document uses (4 spaces)', () => {
  const text = '# head\nspec:\n    image:\n        repository: x # r\n    replicas: 1\n';
  const out = edit(text, (d) => insertIntoMap(d, ['spec', 'resources', 'limits'], { 'nvidia.com/gpu': 1 }));
  assert.equal(out, '# head\nspec:\n    image:\n        repository: x # r\n    replicas: 1\n    resources:\n        limits:\n            nvidia.com/gpu: 1\n');
});

test('insertIntoMap fills an empty value (`storage:` with a comment, `storage: ~`)', () => {
  const empty = 'spec:\n  storage: # todo\n  replicas: 1\n';
  assert.equal(
    edit(empty, (d) => insertIntoMap(d, ['spec', 'storage'], { sharedMemorySizeLimit: '32Gi' })),
    'spec:\n  storage: # todo\n    sharedMemorySizeLimit: 32Gi\n  replicas: 1\n',
  );
  const tilde = 'spec:\n  storage: ~ # none yet\n  replicas: 1\n';
  assert.equal(
    edit(tilde, (d) => insertIntoMap(d, ['spec', 'storage', 'pvc'], { create: true })),
    'spec:\n  storage: # none yet\n    pvc:\n      create: true\n  replicas: 1\n',
  );
});

test('insertIntoMap writes into flow maps in flow style', () => {
  assert.equal(edit('spec:\n  storage: {}\n', (d) => insertIntoMap(d, ['spec', 'storage'], { sharedMemorySizeLimit: '32Gi' })), 'spec:\n  storage: {sharedMemorySizeLimit: 32Gi}\n');
  assert.equal(
    edit('spec: {image: {repository: x}}\n', (d) => insertIntoMap(d, ['spec', 'image'], { pullSecrets: ['s'] })),
    'spec: {image: {repository: x, pullSecrets: [ s ]}}\n',
  );
});

test('insertIntoMap at the end of a file without a final newline, with CRLF line breaks', () => {
  assert.equal(edit('spec:\n  a: 1', (d) => insertIntoMap(d, ['spec'], { b: 2 })), 'spec:\n  a: 1\n  b: 2');
  assert.equal(edit('spec:\r\n  a: 1 # c\r\n', (d) => insertIntoMap(d, ['spec'], { b: { c: 3 } })), 'spec:\r\n  a: 1 # c\r\n  b:\r\n    c: 3\r\n');
});

test('insertIntoMap works in the second document of a file (file offsets) and skips keys that exist', () => {
  const text = 'kind: A\n---\nkind: B\nspec:\n  a: 1\n';
  assert.equal(edit(text, (d) => insertIntoMap(d, ['spec'], { a: 9, b: 2 }), 1), 'kind: A\n---\nkind: B\nspec:\n  a: 1\n  b: 2\n');
});

test('insertIntoMap refuses when a scalar sits where a map should be', () => {
  assert.equal(insertIntoMap(docOf('spec:\n  storage: lots\n'), ['spec', 'storage'], { x: 1 }), undefined);
  assert.equal(insertIntoMap(docOf('spec: [1]\n'), ['spec', 'storage'], { x: 1 }), undefined);
});

test('replaceScalar keeps the quoting style; plain strings that would read as numbers get quoted', () => {
  const text = 'args: ["--port", "8080"] # flow\nport: 9000\npath: \'/v1/health/ready\'\nplain: --port\n';
  assert.equal(edit(text, (d) => replaceScalar(d, ['args', 1], '8000')), 'args: ["--port", "8000"] # flow\nport: 9000\npath: \'/v1/health/ready\'\nplain: --port\n');
  assert.equal(edit(text, (d) => replaceScalar(d, ['port'], 8000)), text.replace('9000', '8000'));
  assert.equal(edit(text, (d) => replaceScalar(d, ['path'], '/health')), text.replace("'/v1/health/ready'", "'/health'"));
  assert.equal(edit(text, (d) => replaceScalar(d, ['plain'], '8000')), text.replace('plain: --port', 'plain: "8000"'));
  assert.equal(replaceScalar(docOf(text), ['args'], 'x'), undefined);
});

test('deleteEntry removes the whole entry and keeps a trailing comment of its key line', () => {
  const text = 'spec:\n  # how many\n  replicas: 2 # two\n  scale:\n    enabled: true\n';
  assert.equal(edit(text, (d) => deleteEntry(d, ['spec', 'replicas'])), 'spec:\n  # how many\n  # two\n  scale:\n    enabled: true\n');
  const block = 'spec:\n  scale:\n    enabled: true # on\n    hpa:\n      maxReplicas: 3\n  replicas: 1\n';
  assert.equal(edit(block, (d) => deleteEntry(d, ['spec', 'scale'])), 'spec:\n  replicas: 1\n');
  assert.equal(deleteEntry(docOf('spec: {replicas: 1}\n'), ['spec', 'replicas']), undefined);
});
