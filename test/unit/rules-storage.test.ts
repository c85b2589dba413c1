import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRelint, assertRange, diagnostics, fixture, single, variant } from './rules-helpers.js';

const good = fixture('qwen-image-edit-nimservice.yaml');
const caption = fixture('vllm-caption-nimservice.yaml');
const multi = fixture('ngc-nim-multi-document.yaml');
const PVC_BLOCK = '    pvc:\n      create: true\n      size: 200Gi\n      volumeAccessMode: ReadWriteOnce\n';

test('storage-exactly-one: no source under storage → error on `storage`, fix adds a PVC that lints clean', () => {
  const text = variant(good, PVC_BLOCK, '');
  const d = single(text, 'storage-exactly-one');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /must be defined/);
  assertRange(text, d, 'storage', 17, 3);
  const { fixed } = applyFixAndRelint(text, d);
  assert.match(fixed, /    pvc:\n      create: true\n      size: 200Gi\n      volumeAccessMode: ReadWriteOnce\n/);
});

test('storage-exactly-one: storage absent → error on `spec`; two sources → "multiple storage sources defined"', () => {
  const absent = variant(good, `  storage:\n${PVC_BLOCK}    # /dev/shm for the multi-process executor\n    sharedMemorySizeLimit: 32Gi\n`, '');
  assertRange(absent, single(absent, 'storage-exactly-one'), 'spec', 8, 1);
  const two = variant(good, PVC_BLOCK, `${PVC_BLOCK}    emptyDir: {}\n`);
  const d = single(two, 'storage-exactly-one');
  assert.match(d.message, /multiple storage sources defined \(spec\.storage\.pvc, spec\.storage\.emptyDir\)/);
  assertRange(two, d, 'storage', 17, 3);
  assert.equal(d.fixes, undefined);
  assert.deepEqual(diagnostics(good, 'storage-exactly-one'), []);
});

test('pvc-name-or-create: create without size → error on `create`, fix adds size; create false needs a name', () => {
  const text = variant(good, '      size: 200Gi\n', '');
  const d = single(text, 'pvc-name-or-create');
  assertRange(text, d, 'create', 19, 7);
  assert.match(d.message, /needs size: add size: 200Gi/);
  applyFixAndRelint(text, d);

  const noName = variant(good, 'create: true', 'create: false');
  const named = single(noName, 'pvc-name-or-create');
  assertRange(noName, named, 'pvc', 18, 5);
  assert.match(named.message, /must be provided when spec\.storage\.pvc\.create is false/);
  assert.deepEqual(diagnostics(variant(noName, '      size: 200Gi\n', '      name: model-store\n'), 'pvc-name-or-create'), []);
});

test('pvc-name-or-create: unknown access mode → error on its value', () => {
  const text = variant(good, 'volumeAccessMode: ReadWriteOnce', 'volumeAccessMode: RWO');
  const d = single(text, 'pvc-name-or-create');
  assertRange(text, d, 'RWO', 21, 25);
});

test('replicas-with-autoscaling: error on `replicas`, fix deletes the line and keeps its comment', () => {
  const d = single(multi, 'replicas-with-autoscaling');
  assert.equal(d.documentIndex, 2);
  assertRange(multi, d, 'replicas', 41, 3);
  const { fixed, after } = applyFixAndRelint(multi, d);
  assert.ok(!/replicas: 2/.test(fixed));
  assert.ok(fixed.includes('  # conflicts with scale\n  resources:'));
  assert.ok(!after.some((x) => x.code === 'schema-cel'), 'the CRD rule is satisfied too');
  assert.deepEqual(diagnostics(variant(multi, 'enabled: true', 'enabled: false'), 'replicas-with-autoscaling'), []);
});

test('shm-missing: vLLM-omni without shm → info on `storage` (the operator mounts an unbounded /dev/shm), fix adds 32Gi', () => {
  const text = variant(good, '    # /dev/shm for the multi-process executor\n    sharedMemorySizeLimit: 32Gi\n', '');
  const d = single(text, 'shm-missing');
  assert.equal(d.severity, 'info');
  assertRange(text, d, 'storage', 17, 3);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('      volumeAccessMode: ReadWriteOnce\n    sharedMemorySizeLimit: 32Gi\n  env:'));
});

test('shm-missing: vLLM with tensor parallel 2 → info; TP 1 → nothing; a small memory limit sizes the fix below it', () => {
  const text = variant(caption, '    sharedMemorySizeLimit: 16Gi\n', '');
  const d = single(text, 'shm-missing');
  assert.equal(d.severity, 'info');
  assertRange(text, d, 'storage', 24, 3);
  assert.deepEqual(diagnostics(variant(text, '    - "2"\n', '    - "1"\n'), 'shm-missing'), []);
  const small = variant(text, 'memory: 64Gi', 'memory: 24Gi');
  const fix = single(small, 'shm-missing').fixes![0];
  assert.equal(fix.title, 'Add sharedMemorySizeLimit: 12Gi');
  applyFixAndRelint(small, single(small, 'shm-missing'));
});

test('shm-too-small: a limit below 1Gi for vLLM-omni → warning on the value, fix sets 32Gi; 1Gi and TP 1 vLLM → nothing', () => {
  const text = variant(good, 'sharedMemorySizeLimit: 32Gi', 'sharedMemorySizeLimit: 64Mi');
  const d = single(text, 'shm-too-small');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /64Mi is below 1Gi/);
  assertRange(text, d, '64Mi', 23, 28);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('sharedMemorySizeLimit: 32Gi'));
  assert.deepEqual(diagnostics(variant(good, 'sharedMemorySizeLimit: 32Gi', 'sharedMemorySizeLimit: 1Gi'), 'shm-too-small'), []);
  const captionSmall = variant(caption, 'sharedMemorySizeLimit: 16Gi', 'sharedMemorySizeLimit: 64Mi');
  assert.equal(single(captionSmall, 'shm-too-small').severity, 'warning', 'tensor parallel 2');
  assert.deepEqual(diagnostics(variant(captionSmall, '    - "2"\n', '    - "1"\n'), 'shm-too-small'), []);
});

test('shm-exceeds-memory-limit: error on the memory value; binary vs decimal suffixes; fix doubles', () => {
  const text = variant(good, 'memory: 64Gi', 'memory: 32Gi');
  const d = single(text, 'shm-exceeds-memory-limit');
  assertRange(text, d, '32Gi', 37, 15);
  assert.match(d.message, /Raise resources\.limits\.memory above 32Gi/);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('      memory: 64Gi # above the shm limit\n'));
  // 34G = 34.0e9 bytes < 32Gi = 34.36e9 bytes; 35G is above it.
  assert.equal(diagnostics(variant(good, 'memory: 64Gi', 'memory: 34G'), 'shm-exceeds-memory-limit').length, 1);
  assert.deepEqual(diagnostics(variant(good, 'memory: 64Gi', 'memory: 35G'), 'shm-exceeds-memory-limit'), []);
});
