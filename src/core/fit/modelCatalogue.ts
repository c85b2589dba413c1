import type { ModelFacts } from './modelFacts.js';

/**
 * Model facts of the models the templates serve and of common open models, each from the model's
 * config.json on Hugging Face (the `source` URL); parameter counts are the safetensors totals the model
 * pages state. Shared by `ies fit`, preflight and the lint rules that need model sizes.
 */
export interface CatalogueEntry extends ModelFacts {
  /** Other names of the same weights: NIM model names, older repo names, quantized variants of identical shape. */
  aliases: string[];
}

const HF = 'https://huggingface.co';
const llama31 = { dtype: 'bfloat16', vocabSize: 128256, maxPositionEmbeddings: 131072, kvHeads: 8, headDim: 128 };
const qwen3 = { dtype: 'bfloat16', vocabSize: 151936, maxPositionEmbeddings: 40960, kvHeads: 8, headDim: 128 };

export const MODEL_CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    aliases: ['meta-llama/Meta-Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B', 'meta/llama-3.1-8b-instruct', 'meta/llama-3.1-8b-base'],
    parameters: 8_030_261_248, embeddingParameters: 2 * 128256 * 4096,
    layers: 32, hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, ...llama31,
    source: `${HF}/meta-llama/Llama-3.1-8B-Instruct/blob/main/config.json`,
  },
  {
    id: 'meta-llama/Llama-3.1-70B-Instruct',
    aliases: ['meta-llama/Meta-Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-70B', 'meta/llama-3.1-70b-instruct', 'meta-llama/Llama-3.3-70B-Instruct', 'meta/llama-3.3-70b-instruct'],
    parameters: 70_553_706_496, embeddingParameters: 2 * 128256 * 8192,
    layers: 80, hiddenSize: 8192, intermediateSize: 28672, attentionHeads: 64, ...llama31,
    source: `${HF}/meta-llama/Llama-3.1-70B-Instruct/blob/main/config.json`,
  },
  {
    id: 'neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a8',
    aliases: ['RedHatAI/Meta-Llama-3.1-70B-Instruct-quantized.w8a8'],
    parameters: 70_553_706_496, embeddingParameters: 2 * 128256 * 8192, quantization: 'int8',
    layers: 80, hiddenSize: 8192, intermediateSize: 28672, attentionHeads: 64, ...llama31,
    source: `${HF}/neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a8/blob/main/config.json`,
  },
  {
    id: 'meta-llama/Llama-3.2-1B-Instruct',
    aliases: ['meta/llama-3.2-1b-instruct', 'meta-llama/Llama-3.2-1B'],
    parameters: 1_235_814_400, embeddingParameters: 128256 * 2048,
    layers: 16, hiddenSize: 2048, intermediateSize: 8192, attentionHeads: 32, ...llama31, headDim: 64,
    source: `${HF}/meta-llama/Llama-3.2-1B-Instruct/blob/main/config.json`,
  },
  {
    id: 'Qwen/Qwen3-8B',
    aliases: ['qwen/qwen3-8b'],
    parameters: 8_190_735_360, embeddingParameters: 2 * 151936 * 4096,
    layers: 36, hiddenSize: 4096, intermediateSize: 12288, attentionHeads: 32, ...qwen3,
    source: `${HF}/Qwen/Qwen3-8B/blob/main/config.json`,
  },
  {
    id: 'Qwen/Qwen3-32B',
    aliases: ['qwen/qwen3-32b'],
    parameters: 32_762_123_264, embeddingParameters: 2 * 151936 * 5120,
    layers: 64, hiddenSize: 5120, intermediateSize: 25600, attentionHeads: 64, ...qwen3,
    source: `${HF}/Qwen/Qwen3-32B/blob/main/config.json`,
  },
  {
    // Mixture of experts: 128 experts, 8 active (22B active of 235B total, the model card's figure); every expert's
    // weights are resident, so the total counts for memory. intermediate_size is the dense FFN width.
    id: 'Qwen/Qwen3-235B-A22B',
    aliases: ['qwen/qwen3-235b-a22b'],
    parameters: 235_000_000_000, embeddingParameters: 2 * 151936 * 4096,
    layers: 94, hiddenSize: 4096, intermediateSize: 12288, attentionHeads: 64, ...qwen3, kvHeads: 4,
    source: `${HF}/Qwen/Qwen3-235B-A22B/blob/main/config.json`,
  },
  {
    // Hybrid Mamba-2 / Transformer (Nemotron-H 12B, hybrid_override_pattern with 6 attention and 28 Mamba
    // layers) with a RADIO vision encoder; ~25 GB of BF16 weights.
    id: 'nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16',
    aliases: ['nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL', 'nvidia/nemotron-nano-12b-v2-vl'],
    parameters: 12_600_000_000, embeddingParameters: 2 * 131072 * 5120,
    layers: 62, attentionLayers: 6, hiddenSize: 5120, intermediateSize: 20480, attentionHeads: 40, kvHeads: 8, headDim: 128,
    vocabSize: 131072, dtype: 'bfloat16', maxPositionEmbeddings: 131072,
    // 28 Mamba layers × (128 heads × 80 × 128 SSM state + (10240 + 2 × 8 × 128) × 3 conv state) × 2 bytes.
    stateBytesPerSequence: 75_464_704,
    source: `${HF}/nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16/blob/main/config.json`,
  },
  {
    // A diffusion pipeline: 60-layer MMDiT transformer (20.4B), Qwen2.5-VL-7B text encoder (8.3B), VAE (0.13B).
    // The NVPCB-OVSL2SL finetune has the same architecture and size.
    id: 'Qwen/Qwen-Image-Edit',
    aliases: ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', 'Qwen/Qwen-Image-Edit-2509'],
    kind: 'diffusion',
    parameters: 28_850_000_000,
    layers: 60, hiddenSize: 3072, attentionHeads: 24, kvHeads: 24, headDim: 128, dtype: 'bfloat16', maxPositionEmbeddings: 128000,
    // Latents, attention and VAE decode of one 1024 × 1024 edit in bf16 (vLLM-omni profiles one request).
    activationGiB: 4,
    source: `${HF}/Qwen/Qwen-Image-Edit/blob/main/transformer/config.json`,
  },
];

const byName = new Map<string, CatalogueEntry>();
for (const entry of MODEL_CATALOGUE) for (const name of [entry.id, ...entry.aliases]) byName.set(name.toLowerCase(), entry);

/** The catalogue entry for a Hugging Face id, NIM model name or alias (case-insensitive); `hf://` and revisions ignored. */
export function catalogueEntry(model: string | undefined): CatalogueEntry | undefined {
  if (!model) return undefined;
  const name = model.trim().replace(/^hf:\/\//, '').replace(/@.*$/, '').toLowerCase();
  return byName.get(name);
}
