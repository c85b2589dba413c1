import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';
import { appendToSequence } from '../../src/core/yaml/edits.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';

function append(text: string, path: (string | number)[], items: unknown[]): string {
  const edits = appendToSequence(parseManifestFile(text).documents[0], path, items);
  assert.ok(edits, 'helper refused the edit');
  const out = applyTextEdits(text, edits);
  assert.deepEqual(parseAllDocuments(out).flatMap((d) => d.errors), [], `result does not parse:\n${out}`);
  return out;
}

const HF_HOME = { name: 'HF_HOME', value: '/model-store/huggingface' };

test('appends a map item to an indented block sequence, after the last item and its comment', () => {
  const text = 'spec:\n  env:\n    - name: A # first\n      value: "1"\n    # trailing note\n  replicas: 1\n';
  assert.equal(
    append(text, ['spec', 'env'], [HF_HOME]),
    'spec:\n  env:\n    - name: A # first\n      value: "1"\n    - name: HF_HOME\n      value: /model-store/huggingface\n    # trailing note\n  replicas: 1\n',
  );
});

test('appends to a non-indented block sequence (`env:\\n- name`) at the same column', () => {
  const text = 'spec:\n  env:\n  - name: A\n    value: b\n';
  assert.equal(append(text, ['spec', 'env'], [HF_HOME]), 'spec:\n  env:\n  - name: A\n    value: b\n  - name: HF_HOME\n    value: /model-store/huggingface\n');
});

test('appends to a flow sequence, matching double-quoted neighbours', () => {
  const text = 'spec:\n  args: ["model", "--omni"] # keep\n';
  assert.equal(append(text, ['spec', 'args'], ['--port', '8000']), 'spec:\n  args: ["model", "--omni", "--port", "8000"] # keep\n');
  assert.equal(append('a: [x]\n', ['a'], ['--port', '8000']), 'a: [x, --port, "8000"]\n');
  assert.equal(append('a: []\n', ['a'], ['s']), 'a: [s]\n');
});

test('creates the sequence when absent, with the document style for sequences', () => {
  const text = 'spec:\n  image:\n    repository: nvcr.io/nim/x\n  other:\n  - 1\n';
  assert.equal(append(text, ['spec', 'image', 'pullSecrets'], ['nvcr-pull-secret']), 'spec:\n  image:\n    repository: nvcr.io/nim/x\n    pullSecrets:\n    - nvcr-pull-secret\n  other:\n  - 1\n');
  assert.equal(append('spec:\n  image: {}\n', ['spec', 'env'], [HF_HOME]), 'spec:\n  image: {}\n  env:\n    - name: HF_HOME\n      value: /model-store/huggingface\n');
});

test('fills an empty `env:` and refuses a scalar', () => {
  assert.equal(append('spec:\n  env:\n  x: 1\n', ['spec', 'env'], [HF_HOME]), 'spec:\n  env:\n    - name: HF_HOME\n      value: /model-store/huggingface\n  x: 1\n');
  assert.equal(appendToSequence(parseManifestFile('spec:\n  env: none\n').documents[0], ['spec', 'env'], [HF_HOME]), undefined);
});
