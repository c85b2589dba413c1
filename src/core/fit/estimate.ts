import { bytesOf } from './dtypeBytes.js';
import {
  activationBytesPerToken, CUDA_GRAPH_GIB, DEFAULT_GPU_MEMORY_UTILIZATION, defaultMaxNumBatchedTokens, defaultMaxNumSeqs, GIB, KV_BLOCK_TOKENS, nonTorchGiB,
  SAMPLER_BYTES_PER_LOGIT,
} from './estimateConstants.js';
import type { ModelFacts } from './modelFacts.js';

export interface EstimateInput {
  facts: ModelFacts;
  /** Memory of one GPU (or MIG slice), GiB. */
  gpuMemoryGiB: number;
  maxModelLen?: number;
  gpuMemoryUtilization?: number;
  tensorParallel?: number;
  pipelineParallel?: number;
  dtype?: string;
  quantization?: string;
  kvCacheDtype?: string;
  maxNumBatchedTokens?: number;
  maxNumSeqs?: number;
  /** Sequences of max-model-len that must fit at once (1: vLLM's own startup check). */
  concurrentSequences?: number;
  enforceEager?: boolean;
}

export interface FitEstimate {
  fits: boolean;
  maxModelLen: number;
  gpuMemoryUtilization: number;
  tensorParallel: number;
  perGpuGiB: { weights: number; kvCache: number; overhead: number; total: number; available: number };
  /** What the KV cache can take after weights and overhead, GiB per GPU (vLLM's "Available KV cache memory"). */
  kvCacheBudgetGiB: number;
  kvBytesPerToken: number;
  /** Tokens the KV cache holds (vLLM's "GPU KV cache size: N tokens"), whole blocks. */
  kvCacheTokens: number;
  /** vLLM's "Maximum concurrency for N tokens per request: X". */
  maxConcurrency: number;
  /** Largest max-model-len that fits (≤ the model's max_position_embeddings); 0 when the weights alone do not. */
  maxModelLenThatFits: number;
  /** The CUDA graphs do not fit the headroom left by gpu_memory_utilization. */
  cudaGraphHeadroomShort: boolean;
}

function weightBytes(facts: ModelFacts, dtypeBytes: number, quantization: string | undefined): number {
  const qBytes = bytesOf(quantization);
  if (qBytes === undefined || qBytes >= dtypeBytes) return facts.parameters * dtypeBytes;
  const embeddings = facts.embeddingParameters ?? 0;
  return (facts.parameters - embeddings) * qBytes + embeddings * dtypeBytes;
}

/** vLLM computes in 16 bits unless told otherwise: float32 checkpoints are served in bf16 by --dtype auto. */
function computeBytes(facts: ModelFacts, dtype: string | undefined): number {
  const explicit = dtype && dtype !== 'auto' ? bytesOf(dtype) : undefined;
  return explicit ?? Math.min(2, bytesOf(facts.dtype) ?? 2);
}

/**
 * GPU memory per GPU the way vLLM sizes it at startup: weights ÷ (tensor × pipeline parallel), the profiled
 * activation peak and non-torch memory, and the KV cache (layers × KV heads × head dim × 2 × bytes per
 * token) for `concurrentSequences` × max-model-len, against GPU memory × gpu_memory_utilization.
 */
export function estimateFit(input: EstimateInput): FitEstimate {
  const { facts } = input;
  const tp = input.tensorParallel ?? 1;
  const pp = input.pipelineParallel ?? 1;
  const utilization = input.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION;
  const maxModelLen = input.maxModelLen ?? facts.maxPositionEmbeddings;
  const concurrent = input.concurrentSequences ?? 1;
  const dtypeBytes = computeBytes(facts, input.dtype);
  const quantization = input.quantization ?? facts.quantization;
  const weights = weightBytes(facts, dtypeBytes, quantization) / (tp * pp) / GIB;

  let overheadBytes: number;
  let kvBytesPerToken = 0;
  let stateBytes = 0;
  if (facts.kind === 'diffusion') {
    overheadBytes = (facts.activationGiB ?? 0) * GIB;
  } else {
    const batched = input.maxNumBatchedTokens ?? defaultMaxNumBatchedTokens(input.gpuMemoryGiB);
    const seqs = input.maxNumSeqs ?? defaultMaxNumSeqs(input.gpuMemoryGiB);
    const activation = batched * activationBytesPerToken(facts.hiddenSize, facts.intermediateSize ?? (8 / 3) * facts.hiddenSize, tp);
    const sampler = seqs * (facts.vocabSize ?? 0) * SAMPLER_BYTES_PER_LOGIT;
    overheadBytes = Math.max(activation, sampler);
    const kvBytes = input.kvCacheDtype && input.kvCacheDtype !== 'auto' ? bytesOf(input.kvCacheDtype) ?? dtypeBytes : dtypeBytes;
    const layers = Math.ceil((facts.attentionLayers ?? facts.layers) / pp);
    kvBytesPerToken = layers * Math.max(1, facts.kvHeads / tp) * facts.headDim * 2 * kvBytes;
    stateBytes = (facts.stateBytesPerSequence ?? 0) / (tp * pp);
  }
  const overhead = overheadBytes / GIB + nonTorchGiB(tp, pp);
  const available = input.gpuMemoryGiB * utilization;
  const kvCacheBudgetGiB = available - weights - overhead;
  const kvCache = (kvBytesPerToken * maxModelLen + stateBytes) * concurrent / GIB;
  const budgetBytes = Math.max(0, kvCacheBudgetGiB) * GIB;
  const kvCacheTokens = kvBytesPerToken ? Math.floor(budgetBytes / kvBytesPerToken / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS : 0;
  const fits = kvCacheBudgetGiB > 0 && kvCacheBudgetGiB >= kvCache;
  return {
    fits,
    maxModelLen,
    gpuMemoryUtilization: utilization,
    tensorParallel: tp,
    perGpuGiB: { weights, kvCache, overhead, total: weights + kvCache + overhead, available },
    kvCacheBudgetGiB,
    kvBytesPerToken,
    kvCacheTokens,
    maxConcurrency: kvBytesPerToken ? kvCacheTokens / maxModelLen : fits ? Infinity : 0,
    maxModelLenThatFits: maxLenThatFits(budgetBytes, kvBytesPerToken, stateBytes * concurrent, concurrent, facts.maxPositionEmbeddings, kvCacheBudgetGiB > 0),
    cudaGraphHeadroomShort: !input.enforceEager && input.gpuMemoryGiB * (1 - utilization) < CUDA_GRAPH_GIB,
  };
}

/** Rounded down to a multiple of 1,024 tokens (of 16 below that), capped at max_position_embeddings. */
function maxLenThatFits(budgetBytes: number, perToken: number, stateBytes: number, concurrent: number, cap: number, anyRoom: boolean): number {
  if (!anyRoom) return 0;
  if (!perToken) return cap;
  const tokens = Math.floor((budgetBytes - stateBytes) / (perToken * concurrent));
  if (tokens <= 0) return 0;
  const rounded = tokens >= 1024 ? Math.floor(tokens / 1024) * 1024 : Math.floor(tokens / 16) * 16;
  return Math.min(cap, rounded);
}
