import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRelint, assertRange, diagnostics, fixture, single, variant } from './rules-helpers.js';

const good = fixture('qwen-image-edit-nimservice.yaml');
const HF_HOME_ENTRY = '    - name: HF_HOME\n      value: /model-store/huggingface\n';
const HF_TOKEN_FROM = '      valueFrom:\n        secretKeyRef:\n          name: hf-token-secret\n          key: HF_TOKEN\n';
const MODEL = '"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni"';

test('hf-home-off-pvc: no HF_HOME with a PVC → warning on `env`, fix appends HF_HOME', () => {
  const text = variant(good, HF_HOME_ENTRY, '');
  const d = single(text, 'hf-home-off-pvc');
  assert.equal(d.severity, 'warning');
  assertRange(text, d, 'env', 24, 3);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('          key: HF_TOKEN\n    - name: HF_HOME\n      value: /model-store/huggingface\n  replicas: 1'));
});

test('hf-home-off-pvc: HF_HOME off the PVC → warning on its value, fix replaces it; emptyDir storage is not checked', () => {
  const text = variant(good, 'value: /model-store/huggingface', 'value: /root/.cache/huggingface');
  const d = single(text, 'hf-home-off-pvc');
  assertRange(text, d, '/root/.cache/huggingface', 26, 14);
  applyFixAndRelint(text, d);
  const emptyDir = variant(text, '    pvc:\n      create: true\n      size: 200Gi\n      volumeAccessMode: ReadWriteOnce\n', '    emptyDir: {}\n');
  assert.deepEqual(diagnostics(emptyDir, 'hf-home-off-pvc'), []);
  assert.deepEqual(diagnostics(variant(good, '/model-store/huggingface', '/model-store/hf'), 'hf-home-off-pvc'), []);
});

test('hf-token-missing: no HF_TOKEN → warning on `env`, fix adds it from Secret hf-token-secret', () => {
  const text = variant(good, `    # gated download\n    - name: HF_TOKEN\n${HF_TOKEN_FROM}`, '');
  const d = single(text, 'hf-token-missing');
  assert.equal(d.severity, 'warning');
  assertRange(text, d, 'env', 24, 3);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes(`    - name: HF_TOKEN\n${HF_TOKEN_FROM}  replicas: 1`));
  const localPath = variant(variant(text, MODEL, '"/model-store/qwen-edit", "--omni"'), HF_HOME_ENTRY, HF_HOME_ENTRY);
  assert.deepEqual(diagnostics(localPath, 'hf-token-missing'), [], 'a local path needs no token');
});

test('hf-token-literal: a token in the manifest → warning on the value, fix reads it from a Secret and drops the literal', () => {
  const text = variant(good, HF_TOKEN_FROM, '      value: hf_secret123 # do not commit\n');
  const d = single(text, 'hf-token-literal');
  assertRange(text, d, 'hf_secret123', 29, 14);
  assert.match(d.message, /valueFrom\.secretKeyRef/);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(!fixed.includes('hf_secret123'));
  assert.ok(fixed.includes(`    - name: HF_TOKEN\n      # do not commit\n${HF_TOKEN_FROM}`));
});

test('pinned-model: a generic Qwen-Image-Edit → error with the reason on the model, fix serves the pin', () => {
  const text = variant(good, MODEL, '"Qwen/Qwen-Image-Edit-2511", "--omni"');
  const d = single(text, 'pinned-model');
  assertRange(text, d, '"Qwen/Qwen-Image-Edit-2511"', 15, 10);
  assert.match(d.message, /not a substitute for nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL: image-edit endpoints must serve the NVPCB OVSL2SL finetune/);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes(`args: [${MODEL}, "--port", "8000"]`));
});

test('pinned-model: the generic model hidden behind --served-model-name is still caught; any other omni model too', () => {
  const aliased = variant(good, MODEL, '"qwen/qwen-image-edit", "--served-model-name", "nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni"');
  assertRange(aliased, single(aliased, 'pinned-model'), '"qwen/qwen-image-edit"', 15, 10);
  const other = variant(good, MODEL, '"black-forest-labs/FLUX.1-Kontext-dev", "--omni"');
  const d = single(other, 'pinned-model');
  assert.match(d.message, /must serve nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL, not black-forest-labs\/FLUX\.1-Kontext-dev/);
  applyFixAndRelint(other, d);
  assert.deepEqual(diagnostics(other, 'pinned-model', { pinnedModels: [] }), [], 'pins come from the setting');
  assert.deepEqual(diagnostics(fixture('vllm-caption-nimservice.yaml'), 'pinned-model'), [], 'a vLLM caption endpoint is not pinned');
});

test('pinned-model: an NGC NIM of the generic model → error on the repository', () => {
  const text = variant(fixture('ngc-nim-multi-document.yaml'), 'repository: nvcr.io/nim/meta/llama-3.2-1b-instruct', 'repository: nvcr.io/nim/qwen/qwen-image-edit-2511');
  assertRange(text, single(text, 'pinned-model'), 'nvcr.io/nim/qwen/qwen-image-edit-2511', 31, 17);
});
