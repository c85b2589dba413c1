// ies fit: JSON shape, text paragraphs, exit codes (0 fits, 1 does not, 2 unknown model or GPU / bad input), --config.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/runCli.js';

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd, env: {} };
  const code = await runCli(['fit', ...args], io);
  return { code, out, err };
}

const manifest = (name: string, args: string[], extra = '') => `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: ${name}
spec:
  image:
    repository: vllm/vllm-openai
    tag: v0.11.0
  command: ["vllm", "serve"]
  args: ${JSON.stringify(args)}
  resources:
    limits:
      nvidia.com/gpu: 1
${extra}`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'ies-fit-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

test('ies fit --format json: one document per NIMService with perGpuGiB, maxModelLenThatFits and advice; exit 1 when one does not fit', async () => {
  const cwd = dir({ 'two.yaml': `${manifest('small', ['Qwen/Qwen3-8B', '--max-model-len', '8192'])}---\n${manifest('big', ['meta-llama/Llama-3.1-70B-Instruct'])}` });
  const { code, out } = await run(['two.yaml', '--gpu-memory-gib', '80', '--format', 'json'], cwd);
  assert.equal(code, 1);
  const { documents } = JSON.parse(out);
  assert.deepEqual(documents.map((d: { name: string; model: string; fits: boolean }) => [d.name, d.model, d.fits]), [['small', 'Qwen/Qwen3-8B', true], ['big', 'meta-llama/Llama-3.1-70B-Instruct', false]]);
  for (const d of documents) {
    assert.deepEqual(Object.keys(d.perGpuGiB), ['weights', 'kvCache', 'overhead', 'total', 'available']);
    assert.equal(d.perGpuGiB.available, 72);
    assert.equal(typeof d.maxModelLenThatFits, 'number');
    assert.equal(typeof d.advice, 'string');
  }
  assert.match(documents[1].advice, /^does not fit: needs ~\d+ GiB per GPU .*a 80 GiB GPU has 80 GiB × 0\.9; the weights alone do not fit; tensor-parallel 4/);
});

test('ies fit text: one paragraph per document; exit 0 when everything fits', async () => {
  const cwd = dir({ 'a.yaml': manifest('qwen', ['Qwen/Qwen3-32B', '--tensor-parallel-size', '2'], '  nodeSelector:\n    nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3\n') });
  const { code, out } = await run(['a.yaml'], cwd);
  assert.equal(code, 0, out);
  assert.match(out, /^qwen \(Qwen\/Qwen3-32B\): fits: needs ~\d+ GiB per GPU \(weights 31, KV cache 5\.0 for 40,960 tokens, overhead [\d.]+\), NVIDIA-H100-80GB-HBM3 has 80 GiB × 0\.9; the KV cache holds ~[\d,]+ tokens, maximum concurrency [\d.]+x at 40,960 tokens per request\n$/);
});

test('a max-model-len too long for the GPU: the advice names the longest that fits', async () => {
  const cwd = dir({ 'a.yaml': manifest('l8', ['meta-llama/Llama-3.1-8B-Instruct']) });
  const { code, out } = await run(['a.yaml', '--gpu-memory-gib', '24', '--format', 'json'], cwd);
  assert.equal(code, 1);
  const [doc] = JSON.parse(out).documents;
  assert.ok(doc.maxModelLenThatFits > 8192 && doc.maxModelLenThatFits < 131072, String(doc.maxModelLenThatFits));
  assert.match(doc.advice, new RegExp(`--max-model-len ≤ ${doc.maxModelLenThatFits.toLocaleString('en-US')} fits`));
});

test('unknown model: exit 2 naming --config; a config.json makes it known', async () => {
  const config = { hidden_size: 4096, intermediate_size: 14336, max_position_embeddings: 32768, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8, torch_dtype: 'bfloat16', vocab_size: 32000 };
  const cwd = dir({ 'a.yaml': manifest('mine', ['/models/my-finetune']), 'config.json': JSON.stringify(config) });
  const unknown = await run(['a.yaml', '--gpu-memory-gib', '80'], cwd);
  assert.equal(unknown.code, 2);
  assert.match(unknown.out, /mine \(\/models\/my-finetune\): unknown — model facts of \/models\/my-finetune are not in the built-in catalogue: pass its config\.json with --config/);
  const known = await run(['a.yaml', '--gpu-memory-gib', '80', '--config', 'config.json', '--format', 'json'], cwd);
  assert.equal(known.code, 0, known.out);
  assert.equal(JSON.parse(known.out).documents[0].fits, true);
});

test('no GPU named and none given: exit 2; bad input: exit 2 with one line', async () => {
  const cwd = dir({ 'a.yaml': manifest('x', ['Qwen/Qwen3-8B']), 'bad.json': '{', 'cm.yaml': 'kind: ConfigMap\n' });
  const noGpu = await run(['a.yaml', '--format', 'json'], cwd);
  assert.equal(noGpu.code, 2);
  assert.match(JSON.parse(noGpu.out).documents[0].missing, /--pool P .*--gpu-memory-gib G/);
  assert.equal((await run(['a.yaml', '--gpu-memory-gib', 'lots'], cwd)).code, 2);
  assert.equal((await run(['a.yaml', '--pool', 'h100', '--gpu-memory-gib', '80'], cwd)).code, 2);
  assert.match((await run(['a.yaml', '--gpu-memory-gib', '80', '--config', 'bad.json'], cwd)).err, /^ies fit: cannot read --config bad\.json/);
  assert.match((await run(['cm.yaml', '--gpu-memory-gib', '80'], cwd)).err, /holds no NIMService and no vLLM workload/);
  assert.equal((await run(['missing.yaml'], cwd)).code, 2);
});

test('ies fit reads a vLLM Deployment too: the model from its args, the GPU from its nodeSelector', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ies-fit-workload-'));
  writeFileSync(join(cwd, 'deploy.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata: { name: qwen-big }
spec:
  template:
    spec:
      nodeSelector: { nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3 }
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.11.0
          args: ["serve", "Qwen/Qwen3-235B-A22B", "--tensor-parallel-size=4"]
          resources: { limits: { nvidia.com/gpu: 4 } }
`);
  const result = await run(['deploy.yaml', '--format', 'json'], cwd);
  assert.equal(result.code, 1, result.err);
  const doc = JSON.parse(result.out).documents[0];
  assert.equal(doc.name, 'qwen-big');
  assert.equal(doc.model, 'Qwen/Qwen3-235B-A22B');
  assert.equal(doc.fits, false);
});
