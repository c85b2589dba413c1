// Lint model-exceeds-gpu-memory: only for a catalogued model and a GPU the manifest names; the arithmetic in the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnostics, single } from './rules-helpers.js';

const CODE = 'model-exceeds-gpu-memory';
const manifest = (args: string[], nodeSelector: Record<string, string> | undefined) => `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
spec:
  image:
    repository: vllm/vllm-openai
    tag: v0.11.0
  command: ["vllm", "serve"]
  args: ${JSON.stringify(args)}
  resources:
    limits:
      nvidia.com/gpu: 1
${nodeSelector ? `  nodeSelector:\n${Object.entries(nodeSelector).map(([k, v]) => `    ${k}: ${v}`).join('\n')}\n` : ''}`;

test('Llama 3.1 70B on a named H100: a warning with the arithmetic, on the model argument', () => {
  const text = manifest(['meta-llama/Llama-3.1-70B-Instruct', '--port', '8000'], { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' });
  const d = single(text, CODE);
  assert.equal(d.severity, 'warning');
  assert.equal(text.slice(d.start, d.end), '"meta-llama/Llama-3.1-70B-Instruct"');
  assert.match(d.message, /^meta-llama\/Llama-3\.1-70B-Instruct does not fit: needs ~\d+ GiB per GPU \(weights 131, KV cache 40 for 131,072 tokens, overhead [\d.]+\), NVIDIA-H100-80GB-HBM3 has 80 GiB × 0\.9; the weights alone do not fit; tensor-parallel 4/);
  assert.match(d.message, /model facts from https:\/\/huggingface\.co\/meta-llama\/Llama-3\.1-70B-Instruct\/blob\/main\/config\.json/);
});

test('a pool label named for the GPU counts; the longest max-model-len is suggested', () => {
  const d = single(manifest(['Qwen/Qwen3-32B'], { 'karpenter.sh/nodepool': 'h100' }), CODE);
  assert.match(d.message, /the h100 pool has 80 GiB × 0\.9; --max-model-len ≤ 35,840 fits, or tensor-parallel 2/);
});

test('silent when it fits, when no GPU is named, and for a model outside the catalogue', () => {
  assert.deepEqual(diagnostics(manifest(['Qwen/Qwen3-32B', '--max-model-len', '16384'], { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' }), CODE), []);
  assert.deepEqual(diagnostics(manifest(['meta-llama/Llama-3.1-70B-Instruct'], undefined), CODE), []);
  assert.deepEqual(diagnostics(manifest(['meta-llama/Llama-3.1-70B-Instruct'], { 'karpenter.sh/nodepool': 'gpu-pool-a' }), CODE), []);
  assert.deepEqual(diagnostics(manifest(['acme/huge-model'], { 'nvidia.com/gpu.product': 'NVIDIA-L4' }), CODE), []);
});

test('a vLLM Deployment is estimated like a NIMService: the model from its args, the GPU from the pod\'s nodeSelector', () => {
  const deployment = (tp: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: 1
  selector: { matchLabels: { app: big } }
  template:
    metadata: { labels: { app: big } }
    spec:
      nodeSelector:
        nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.11.0
          args: ["serve", "Qwen/Qwen3-235B-A22B", "--tensor-parallel-size=${tp}", "--max-model-len=32768"]
          resources:
            limits:
              nvidia.com/gpu: ${tp}
`;
  const tooSmall = single(deployment(4), 'model-exceeds-gpu-memory');
  assert.match(tooSmall.message, /tensor-parallel 8/);
  assert.equal(deployment(4).slice(tooSmall.start, tooSmall.end), '"Qwen/Qwen3-235B-A22B"');
  assert.deepEqual(diagnostics(deployment(8), 'model-exceeds-gpu-memory'), [], 'eight H100s hold it');
});
