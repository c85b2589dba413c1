import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint/linter.js';
import { applyFixAndRelint, assertRange, diagnostics, fixture, single, variant } from './rules-helpers.js';

const good = fixture('qwen-image-edit-nimservice.yaml');
const multi = fixture('ngc-nim-multi-document.yaml');

test('gpu-limit-missing: no nvidia.com/gpu → error on `limits`, fix adds one GPU', () => {
  const text = variant(good, '      nvidia.com/gpu: 1\n', '');
  const d = single(text, 'gpu-limit-missing');
  assertRange(text, d, 'limits', 35, 5);
  assert.ok(applyFixAndRelint(text, d).fixed.includes('      memory: 64Gi # above the shm limit\n      nvidia.com/gpu: 1\n'));
  const noResources = variant(good, '  resources:\n    limits:\n      nvidia.com/gpu: 1\n      memory: 64Gi # above the shm limit\n', '');
  const spec = single(noResources, 'gpu-limit-missing');
  assertRange(noResources, spec, 'spec', 8, 1);
  applyFixAndRelint(noResources, spec);
  assert.deepEqual(diagnostics(variant(good, 'nvidia.com/gpu: 1', 'nvidia.com/mig-1g.10gb: 1'), 'gpu-limit-missing'), []);
  assert.deepEqual(diagnostics(variant(text, '  replicas: 1\n', '  replicas: 1\n  draResources:\n    - resourceClaimTemplateName: gpu\n'), 'gpu-limit-missing'), []);
});

test('image-tag-unpinned: latest and empty tags → warning on the tag; a release tag passes', () => {
  const d = single(multi, 'image-tag-unpinned');
  assert.equal(d.severity, 'warning');
  assertRange(multi, d, 'latest', 32, 10);
  const empty = variant(good, 'tag: v0.20.0', 'tag: ""');
  assertRange(empty, single(empty, 'image-tag-unpinned'), '""', 11, 10);
  assert.deepEqual(diagnostics(variant(multi, 'tag: latest', 'tag: "1.12.0"'), 'image-tag-unpinned'), []);
});

test('nvcr-pull-secret-missing: nvcr.io image without pullSecrets → error on the repository, fix adds nvcr-pull-secret', () => {
  const d = single(multi, 'nvcr-pull-secret-missing');
  assertRange(multi, d, 'nvcr.io/nim/meta/llama-3.2-1b-instruct', 31, 17);
  const { fixed } = applyFixAndRelint(multi, d);
  assert.ok(fixed.includes('    tag: latest\n    pullSecrets:\n      - nvcr-pull-secret\n  authSecret'));
  assert.deepEqual(diagnostics(good, 'nvcr-pull-secret-missing'), []);
});

test('multi-document files: every document is linted with its index; other kinds are ignored', () => {
  const found = lintText(multi).map((d) => `${d.documentIndex}:${d.code}`).sort();
  assert.deepEqual(found, ['2:image-tag-unpinned', '2:nvcr-pull-secret-missing', '2:replicas-with-autoscaling']);
  const both = `${good}---\n${fixture('vllm-caption-nimservice.yaml')}`;
  assert.deepEqual(lintText(both), []);
});

test('half-typed documents never make a rule throw', () => {
  const broken = [
    'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec: 5\n',
    'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec:\n  image: [1]\n  args: 7\n  command: {a: 1}\n  env: {a: 1}\n',
    'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec:\n  image: {repository: 5, tag: 1.2}\n  storage: [pvc]\n  resources: {limits: 3}\n',
    'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec:\n  image: {repository: vllm/vllm-omni}\n  args: [[1], {a: b}, null]\n  env: [1, {name: 2}, {name: HF_HOME, value: [x]}]\n  startupProbe: {probe: {failureThreshold: x, periodSeconds: []}}\n  readinessProbe: 3\n  expose: {service: {port: "80"}}\n',
    'kind: NIMService\napiVersion: apps.nvidia.com/v1alpha1\nspec:\n  image:\n    repository: vllm/vllm-openai\n  args: [vllm, serve, --port\n',
    'kind: Deployment\napiVersion: apps/v1\nspec:\n  template:\n    spec:\n      containers: [{image: vllm/vllm-openai:v1, command: 3}, 4, {image: [x]}]\n      volumes: 7\n',
  ];
  const prefixes = good.split('\n').map((_, i, lines) => lines.slice(0, i).join('\n'));
  for (const text of [...broken, ...prefixes]) {
    const result = lintText(text);
    assert.deepEqual(result.filter((d) => d.code === 'internal-error'), [], text);
  }
});
