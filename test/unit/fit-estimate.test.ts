// The memory estimate against the figures vLLM itself printed at startup for real models (test/fixtures/fit),
// within 10 %; model facts from config.json; the catalogue; servingPlan from manifests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { estimateFit } from '../../src/core/fit/estimate.js';
import { fitNimService } from '../../src/core/fit/fitNimService.js';
import { migProfileGiB } from '../../src/core/fit/gpuMemory.js';
import { catalogueEntry, MODEL_CATALOGUE } from '../../src/core/fit/modelCatalogue.js';
import { factsFromConfig, ModelFactsError } from '../../src/core/fit/modelFacts.js';
import { servingPlan } from '../../src/core/fit/servingPlan.js';
import type { NimService } from '../../src/core/kube/nimService.js';

const fixtures = join(__dirname, '..', 'fixtures', 'fit');
const within10 = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 0.1 * expected, `${what}: estimate ${actual} vs vLLM ${expected} (more than 10 % apart)`);

/** The numbers vLLM printed, in order, for a pattern with one capture. */
const printed = (log: string, pattern: RegExp) => [...log.matchAll(pattern)].map((m) => Number(m[1]));

describe('the estimate against vLLM startup logs', () => {
  test('Llama 3.1 8B on an RTX 3090 (vllm#10517): weights, GPU blocks and maximum concurrency at 20,000 and 29,000 tokens', () => {
    const log = readFileSync(join(fixtures, 'vllm-10517-llama-3.1-8b-rtx3090.log'), 'utf8');
    const weights = printed(log, /Loading model weights took ([\d.]+) GB/g);
    const blocks = printed(log, /GPU blocks: (\d+)/g);
    const concurrency = printed(log, /Maximum concurrency for \d+ tokens per request: ([\d.]+)x/g);
    const total = printed(log, /total_gpu_memory=([\d.]+)GiB/g)[0];
    const facts = catalogueEntry('meta-llama/Llama-3.1-8B-Instruct')!;
    [20000, 29000].forEach((len, i) => {
      // V0 without chunked prefill profiles a full max-model-len batch; 256 sequences by default.
      const e = estimateFit({ facts, gpuMemoryGiB: total, maxModelLen: len, maxNumBatchedTokens: len, maxNumSeqs: 256 });
      within10(e.perGpuGiB.weights, weights[i], `weights at ${len}`);
      within10(e.kvCacheTokens / 16, blocks[i], `GPU blocks at ${len}`);
      within10(e.maxConcurrency, concurrency[i], `maximum concurrency at ${len}`);
      // vLLM started at 20,000 and refused 29,000 (concurrency below 1x): so does the estimate.
      assert.equal(e.fits, concurrency[i] >= 1, `fits at ${len}`);
    });
  });

  test('Llama 3.1 70B w8a8 on one GPU (vllm#12569): INT8 weights with 16-bit embeddings', () => {
    const log = readFileSync(join(fixtures, 'vllm-12569-llama-3.1-70b-w8a8.log'), 'utf8');
    const [weights] = printed(log, /Loading model weights took ([\d.]+) GB/g);
    const e = estimateFit({ facts: catalogueEntry('neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a8')!, gpuMemoryGiB: 79.19, maxModelLen: 2048, gpuMemoryUtilization: 0.98 });
    within10(e.perGpuGiB.weights, weights, 'weights');
    assert.equal(e.fits, true);
  });
});

describe('arithmetic', () => {
  test('KV cache per token is layers × KV heads × head dim × 2 × bytes, split by tensor parallelism', () => {
    const facts = catalogueEntry('meta-llama/Llama-3.1-70B-Instruct')!;
    assert.equal(estimateFit({ facts, gpuMemoryGiB: 80 }).kvBytesPerToken, 80 * 8 * 128 * 2 * 2);
    assert.equal(estimateFit({ facts, gpuMemoryGiB: 80, tensorParallel: 4 }).kvBytesPerToken, 80 * 2 * 128 * 2 * 2);
    assert.equal(estimateFit({ facts, gpuMemoryGiB: 80, kvCacheDtype: 'fp8' }).kvBytesPerToken, 80 * 8 * 128 * 2);
  });

  test('weights: bf16 2 bytes, fp8 1, AWQ 0.5 per parameter, divided by tensor parallelism', () => {
    const facts = catalogueEntry('Qwen/Qwen3-32B')!;
    const bf16 = estimateFit({ facts, gpuMemoryGiB: 80 }).perGpuGiB.weights;
    assert.ok(Math.abs(bf16 - (32_762_123_264 * 2) / 1024 ** 3) < 1e-6);
    assert.ok(estimateFit({ facts, gpuMemoryGiB: 80, quantization: 'fp8' }).perGpuGiB.weights < bf16 * 0.55);
    assert.ok(estimateFit({ facts, gpuMemoryGiB: 80, quantization: 'awq' }).perGpuGiB.weights < bf16 * 0.3);
    assert.ok(Math.abs(estimateFit({ facts, gpuMemoryGiB: 80, tensorParallel: 2 }).perGpuGiB.weights - bf16 / 2) < 1e-6);
  });

  test('Llama 3.1 70B on one H100 does not fit; at tensor-parallel 4 it does, with its maximum concurrency', () => {
    const facts = catalogueEntry('meta/llama-3.1-70b-instruct')!;
    const h100 = 81559 / 1024;
    const one = estimateFit({ facts, gpuMemoryGiB: h100 });
    assert.equal(one.fits, false);
    assert.equal(one.maxModelLenThatFits, 0);
    const four = estimateFit({ facts, gpuMemoryGiB: h100, tensorParallel: 4 });
    assert.equal(four.fits, true);
    assert.ok(four.maxConcurrency > 1);
  });

  test('maxModelLenThatFits is the longest length the KV budget holds, rounded down to 1,024', () => {
    const facts = catalogueEntry('Qwen/Qwen3-8B')!;
    const e = estimateFit({ facts, gpuMemoryGiB: 22.5, maxModelLen: 40960 });
    assert.equal(e.fits, false);
    assert.equal(e.maxModelLenThatFits % 1024, 0);
    assert.ok(estimateFit({ facts, gpuMemoryGiB: 22.5, maxModelLen: e.maxModelLenThatFits }).fits);
    assert.ok(!estimateFit({ facts, gpuMemoryGiB: 22.5, maxModelLen: e.maxModelLenThatFits + 2048 }).fits);
  });

  test('MIG slices: 1g.10gb is 9.5 GiB; GFD\'s memory label wins', () => {
    assert.equal(migProfileGiB('nvidia.com/mig-1g.10gb'), 9.5);
    assert.equal(migProfileGiB('nvidia.com/mig-3g.40gb', { 'nvidia.com/mig-3g.40gb.memory': '40192' }), 40192 / 1024);
  });
});

describe('model facts', () => {
  const llamaConfig = {
    architectures: ['LlamaForCausalLM'], hidden_size: 4096, intermediate_size: 14336, max_position_embeddings: 131072, num_attention_heads: 32,
    num_hidden_layers: 32, num_key_value_heads: 8, tie_word_embeddings: false, torch_dtype: 'bfloat16', vocab_size: 128256,
  };

  test('a Llama config.json gives the catalogue\'s figures; parameters counted from the shapes within 1 %', () => {
    const facts = factsFromConfig(llamaConfig, 'local/llama', 'config.json');
    const entry = catalogueEntry('meta-llama/Llama-3.1-8B-Instruct')!;
    assert.deepEqual([facts.layers, facts.kvHeads, facts.headDim, facts.maxPositionEmbeddings, facts.dtype], [32, 8, 128, 131072, 'bfloat16']);
    assert.ok(Math.abs(facts.parameters - entry.parameters) / entry.parameters < 0.01, String(facts.parameters));
  });

  test('nested text_config, hybrid attention layers, quantization_config', () => {
    const facts = factsFromConfig({
      llm_config: { ...llamaConfig, hybrid_override_pattern: 'M-M*-M*-', mamba_num_heads: 8, mamba_head_dim: 64, ssm_state_size: 128, n_groups: 1, conv_kernel: 4 },
      quantization_config: { quant_method: 'fp8' },
    }, 'x/y', 'config.json');
    assert.equal(facts.attentionLayers, 2);
    assert.ok(facts.stateBytesPerSequence! > 0);
    assert.equal(facts.quantization, 'fp8');
    assert.equal(factsFromConfig({ ...llamaConfig, quantization_config: { quant_method: 'awq', bits: 4 } }, 'a', 'c').quantization, 'int4');
  });

  test('a config.json without the figures names what is missing', () => {
    assert.throws(() => factsFromConfig({ hidden_size: 1 }, 'x', 'c'), (e: unknown) => e instanceof ModelFactsError && /num_hidden_layers, num_attention_heads, max_position_embeddings/.test(e.message));
  });

  test('the catalogue covers the templates\' models, Llama 3.1 8B / 70B and Qwen3 8B / 32B, each with its config.json source', () => {
    for (const name of ['nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16', 'nvidia/nemotron-nano-12b-v2-vl', 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', 'Qwen/Qwen-Image-Edit', 'meta/llama-3.2-1b-instruct',
      'meta-llama/Llama-3.1-8B-Instruct', 'meta/llama-3.1-70b-instruct', 'Qwen/Qwen3-8B', 'qwen/qwen3-32b']) assert.ok(catalogueEntry(name), name);
    for (const entry of MODEL_CATALOGUE) assert.match(entry.source, /^https:\/\/huggingface\.co\/.+config\.json$/, entry.id);
  });
});

describe('serving plan from a manifest', () => {
  const nim = (spec: Record<string, unknown>): NimService => ({ apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'x' }, spec } as NimService);

  test('vLLM flags: model, max-model-len, utilization, tensor parallelism, kv-cache dtype; shell scripts too', () => {
    const plan = servingPlan(nim({ image: { repository: 'vllm/vllm-openai' }, command: ['/bin/sh', '-c', 'vllm serve Qwen/Qwen3-8B --max-model-len 16k --gpu-memory-utilization 0.85 -tp 2 --kv-cache-dtype fp8'] }));
    assert.deepEqual([plan.model, plan.maxModelLen, plan.gpuMemoryUtilization, plan.tensorParallel, plan.kvCacheDtype], ['Qwen/Qwen3-8B', 16384, 0.85, 2, 'fp8']);
  });

  test('an NGC NIM image names the model; its GPUs are its tensor parallelism', () => {
    const plan = servingPlan(nim({ image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct', tag: '1.3.3' }, resources: { limits: { 'nvidia.com/gpu': 2 } } }));
    assert.deepEqual([plan.runtime, plan.model, plan.tensorParallel], ['nim', 'meta/llama-3.1-8b-instruct', 2]);
    const result = fitNimService(nim({ image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct' }, resources: { limits: { 'nvidia.com/gpu': 1 } } }), { target: { memoryGiB: 79.65, label: 'an H100' } });
    assert.equal(result.status, 'estimated');
  });

  test('unknown model or GPU: what is missing and how to give it', () => {
    const unknown = fitNimService(nim({ image: { repository: 'vllm/vllm-openai' }, args: ['acme/secret-model'] }), { target: { memoryGiB: 80, label: 'x' } });
    assert.equal(unknown.status, 'unknown');
    assert.match((unknown as { missing: string }).missing, /acme\/secret-model .*--config/);
    const noGpu = fitNimService(nim({ image: { repository: 'vllm/vllm-openai' }, args: ['Qwen/Qwen3-8B'] }), {});
    assert.match((noGpu as { missing: string }).missing, /--pool P .*--gpu-memory-gib G/);
  });
});
