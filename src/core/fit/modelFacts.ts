import { quantizationFromConfig } from './dtypeBytes.js';

/** What the memory estimate needs to know about a model, as its config.json states it. */
export interface ModelFacts {
  /** Hugging Face id (or the name the facts were read under). */
  id: string;
  /** Total parameters (for a diffusion pipeline: every component vLLM loads). */
  parameters: number;
  /** Parameters of the input embedding and LM head, which quantized checkpoints keep in 16 bits. */
  embeddingParameters?: number;
  layers: number;
  /** Layers that keep a KV cache; fewer than `layers` in hybrid (Mamba / linear-attention) models. */
  attentionLayers?: number;
  hiddenSize: number;
  intermediateSize?: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  vocabSize?: number;
  /** Weight dtype (`torch_dtype`), e.g. bfloat16. */
  dtype: string;
  /** Quantization of the checkpoint (fp8, int8, awq, gptq, nvfp4…), when it has one. */
  quantization?: string;
  maxPositionEmbeddings: number;
  /** Fixed recurrent state per sequence (Mamba layers) in bytes, independent of its length. */
  stateBytesPerSequence?: number;
  /** `diffusion`: no KV cache; the working set is `activationGiB` instead. */
  kind?: 'llm' | 'diffusion';
  /** Diffusion pipelines: activation working set of one request, GiB. */
  activationGiB?: number;
  /** Where the figures come from (the model's config.json). */
  source: string;
}

export class ModelFactsError extends Error {
  constructor(message: string, readonly missing: string[]) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const num = (config: Json, ...keys: string[]): number | undefined => {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
};

/**
 * Model facts from a Hugging Face config.json. Vision-language configs nest the language model under
 * `text_config` / `llm_config`; hybrid Nemotron-H configs mark attention layers with `*` in
 * `hybrid_override_pattern`. Parameters are counted from the shapes when the config does not state them
 * (`num_parameters`): embeddings, attention, gated MLP and norms per layer.
 */
export function factsFromConfig(config: Json, id: string, source: string): ModelFacts {
  const text = (isObject(config.text_config) ? config.text_config : isObject(config.llm_config) ? config.llm_config : config) as Json;
  const hiddenSize = num(text, 'hidden_size', 'n_embd', 'd_model');
  const layers = num(text, 'num_hidden_layers', 'n_layer', 'num_layers');
  const attentionHeads = num(text, 'num_attention_heads', 'n_head');
  const maxPositionEmbeddings = num(text, 'max_position_embeddings', 'n_positions', 'max_sequence_length', 'seq_length') ?? num(config, 'max_position_embeddings');
  const missing = [
    ['hidden_size', hiddenSize],
    ['num_hidden_layers', layers],
    ['num_attention_heads', attentionHeads],
    ['max_position_embeddings', maxPositionEmbeddings],
  ].filter(([, v]) => v === undefined).map(([k]) => k as string);
  if (missing.length) throw new ModelFactsError(`config.json of ${id} has no ${missing.join(', ')}`, missing);
  const kvHeads = num(text, 'num_key_value_heads', 'n_head_kv', 'multi_query_group_num') ?? attentionHeads!;
  const headDim = num(text, 'head_dim', 'kv_channels') ?? hiddenSize! / attentionHeads!;
  const intermediateSize = num(text, 'intermediate_size', 'n_inner', 'ffn_hidden_size');
  const vocabSize = num(text, 'vocab_size') ?? num(config, 'vocab_size');
  const pattern = typeof text.hybrid_override_pattern === 'string' ? text.hybrid_override_pattern : undefined;
  const attentionLayers = pattern ? [...pattern].filter((c) => c === '*').length : undefined;
  const tied = text.tie_word_embeddings === true || config.tie_word_embeddings === true;
  const embeddingParameters = vocabSize ? vocabSize * hiddenSize! * (tied ? 1 : 2) : undefined;
  const dtype = String(text.torch_dtype ?? config.torch_dtype ?? text.dtype ?? config.dtype ?? 'bfloat16');
  const quantization = quantizationFromConfig((config.quantization_config ?? text.quantization_config) as Json | undefined);
  const parameters = num(config, 'num_parameters', 'n_params') ?? countParameters({ hiddenSize: hiddenSize!, layers: layers!, attentionHeads: attentionHeads!, kvHeads, headDim, intermediateSize, embeddingParameters, experts: num(text, 'num_experts', 'num_local_experts', 'n_routed_experts'), moeIntermediate: num(text, 'moe_intermediate_size') });
  return {
    id,
    parameters,
    embeddingParameters,
    layers: layers!,
    attentionLayers,
    hiddenSize: hiddenSize!,
    intermediateSize,
    attentionHeads: attentionHeads!,
    kvHeads,
    headDim,
    vocabSize,
    dtype,
    quantization,
    maxPositionEmbeddings: maxPositionEmbeddings!,
    stateBytesPerSequence: pattern ? mambaStateBytes(text, pattern) : undefined,
    source,
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dense (or MoE) decoder parameters from its shapes: within ~1 % of the safetensors totals for Llama / Qwen. */
export function countParameters(shape: { hiddenSize: number; layers: number; attentionHeads: number; kvHeads: number; headDim: number; intermediateSize?: number; embeddingParameters?: number; experts?: number; moeIntermediate?: number }): number {
  const h = shape.hiddenSize;
  const attention = h * shape.attentionHeads * shape.headDim * 2 + h * shape.kvHeads * shape.headDim * 2;
  const intermediate = shape.intermediateSize ?? Math.round((8 / 3) * h);
  const mlp = shape.experts ? shape.experts * 3 * h * (shape.moeIntermediate ?? intermediate) : 3 * h * intermediate;
  return shape.layers * (attention + mlp + 2 * h) + (shape.embeddingParameters ?? 0) + h;
}

/** Mamba-2 state per sequence: SSM state (heads × head dim × state size) and conv state, 2 bytes each. */
function mambaStateBytes(text: Json, pattern: string): number | undefined {
  const heads = num(text, 'mamba_num_heads');
  const headDim = num(text, 'mamba_head_dim');
  const state = num(text, 'ssm_state_size');
  if (!heads || !headDim || !state) return undefined;
  const groups = num(text, 'n_groups') ?? 1;
  const kernel = num(text, 'conv_kernel') ?? 4;
  const perLayer = heads * headDim * state + (heads * headDim + 2 * groups * state) * (kernel - 1);
  return [...pattern].filter((c) => c === 'M').length * perLayer * 2;
}
