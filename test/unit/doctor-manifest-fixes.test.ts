import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { diagnose, type ManifestFix } from '../../src/core/doctor/index.js';
import { findNimServiceDocument, manifestFixEdits } from '../../src/core/doctor/manifestFixEdits.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';

// The exact values a fix takes from the evidence, and those fixes applied to a NIMService manifest.
const first = (line: string) => diagnose({ logs: [{ source: 'log', lines: [line] }] })[0];

function apply(text: string, fix: ManifestFix): { text: string; spec: Record<string, any> } {
  const edits = manifestFixEdits(findNimServiceDocument(text)!, fix);
  assert.ok(edits, `${fix.kind} applies`);
  const out = applyTextEdits(text, edits);
  return { text: out, spec: parse(out).spec };
}

const manifest = (args: string) => `apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: q\nspec:\n  image:\n    repository: vllm/vllm-openai\n    tag: v0.10.0\n  command: [vllm, serve]\n  args:${args}\n  resources:\n    limits:\n      nvidia.com/gpu: 8 # all of them\n`;

test('kv-cache-too-small: --max-model-len from the estimate the log states, rounded down to 1024', () => {
  const f = first("ValueError: To serve at least one request with the models's max seq len (131072), (16.00 GiB KV cache is needed, which is larger than the available KV cache memory (9.51 GiB). Based on the available memory, the estimated maximum model length is 77888.");
  assert.equal(f.signature, 'kv-cache-too-small');
  assert.deepEqual(f.manifestFix, { kind: 'set-arg', flag: '--max-model-len', value: '77824' });
  assert.match(f.fix, /--max-model-len 77824/);
  const old = first("The model's max seq len (4096) is larger than the maximum number of tokens that can be stored in KV cache (3664). Try increasing gpu_memory_utilization");
  assert.deepEqual(old.manifestFix, { kind: 'set-arg', flag: '--max-model-len', value: '3072' });
});

test('gpu-memory-utilization-below-free: a utilization below the free fraction; none when the GPU is taken', () => {
  const f = first('ValueError: Free memory on device (31.44/47.38 GiB) on startup is less than desired GPU memory utilization (0.95, 45.01 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.');
  assert.deepEqual(f.manifestFix, { kind: 'set-arg', flag: '--gpu-memory-utilization', value: '0.60' });
  assert.match(f.fix, /--gpu-memory-utilization 0\.60/);
  const taken = first('ValueError: Free memory on device (0.49/79.32 GiB) on startup is less than desired GPU memory utilization (0.6, 47.59 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.');
  assert.equal(taken.manifestFix, undefined);
  assert.match(taken.fix, /Only 0\.49 of 79\.32 GiB is free/);
});

test('tp-size-vs-attention-heads: the largest divisor of the heads below the size asked', () => {
  const cases: Array<[number, number, number]> = [[52, 8, 4], [64, 3, 2], [12, 8, 6], [28, 8, 7]];
  for (const [heads, asked, size] of cases) {
    const f = first(`ValueError: Total number of attention heads (${heads}) must be divisible by tensor parallel size (${asked}).`);
    assert.deepEqual(f.manifestFix, { kind: 'tensor-parallel', size }, `${heads} heads on ${asked}`);
    assert.match(f.fix, new RegExp(`--tensor-parallel-size ${size} .*nvidia\\.com/gpu"\\]: ${size}`));
  }
});

test('set-arg replaces the value where the flag is (both spellings) or appends the flag', () => {
  const fix: ManifestFix = { kind: 'set-arg', flag: '--max-model-len', value: '8192' };
  assert.deepEqual(apply(manifest('\n    - Qwen/Qwen3-8B\n    - --max-model-len\n    - "32768"'), fix).spec.args, ['Qwen/Qwen3-8B', '--max-model-len', '8192']);
  assert.deepEqual(apply(manifest('\n    - Qwen/Qwen3-8B\n    - --max-model-len=32768'), fix).spec.args, ['Qwen/Qwen3-8B', '--max-model-len=8192']);
  assert.deepEqual(apply(manifest(' [Qwen/Qwen3-8B]'), fix).spec.args, ['Qwen/Qwen3-8B', '--max-model-len', '8192']);
  assert.deepEqual(manifestFixEdits(findNimServiceDocument(manifest('\n    - --max-model-len\n    - "8192"'))!, fix), [], 'already set');
  assert.deepEqual(apply(manifest(' [Qwen/Qwen3-8B]'), { kind: 'set-arg', flag: '--dtype', value: 'half' }).spec.args, ['Qwen/Qwen3-8B', '--dtype', 'half']);
});

test('tensor-parallel sets the flag and the GPU limit; ensure adds a GPU limit only where there is none', () => {
  const { text, spec } = apply(manifest('\n    - Qwen/Qwen3-8B\n    - --tensor-parallel-size\n    - "8"'), { kind: 'tensor-parallel', size: 4 });
  assert.deepEqual(spec.args, ['Qwen/Qwen3-8B', '--tensor-parallel-size', '4']);
  assert.equal(spec.resources.limits['nvidia.com/gpu'], 4);
  assert.match(text, /nvidia\.com\/gpu: 4 # all of them/, 'comments kept');
  const ensure: ManifestFix = { kind: 'ensure', path: ['spec', 'resources', 'limits', 'nvidia.com/gpu'], value: 1 };
  assert.deepEqual(manifestFixEdits(findNimServiceDocument(manifest(' []'))!, ensure), []);
  const bare = 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: q\nspec:\n  image:\n    repository: vllm/vllm-openai\n';
  assert.equal(apply(bare, ensure).spec.resources.limits['nvidia.com/gpu'], 1);
});
