/**
 * Constants of the memory estimate, each from how vLLM sizes its KV cache at startup
 * (vllm/v1/worker/gpu_worker.py determine_available_memory: requested memory = total × gpu_memory_utilization,
 * KV cache = requested − weights − peak activation of a profiling forward pass − non-torch memory).
 */

/** vLLM's default KV-cache block size on CUDA (tokens per block); the cache holds whole blocks. */
export const KV_BLOCK_TOKENS = 16;

/**
 * Tokens of the profiling forward pass when --max-num-batched-tokens is not given: vLLM V1's defaults for the
 * OpenAI server (vllm/engine/arg_utils.py) are 8192 on GPUs with ≥ 70 GiB and 2048 on smaller ones.
 */
export function defaultMaxNumBatchedTokens(gpuMemoryGiB: number): number {
  return gpuMemoryGiB >= 70 ? 8192 : 2048;
}

/** Default --max-num-seqs of the V1 OpenAI server: 1024 on ≥ 70 GiB GPUs, else 256 (same source). */
export function defaultMaxNumSeqs(gpuMemoryGiB: number): number {
  return gpuMemoryGiB >= 70 ? 1024 : 256;
}

/**
 * Peak activation bytes per profiled token: the gated MLP's gate/up output and activation (3 × intermediate
 * ÷ tensor-parallel) plus residual, norm and attention output (3 × hidden), 2 bytes each. Calibrated on vLLM's
 * own profiling of Llama 3.1 8B (vllm-project/vllm#10517: 2.07 GiB for 20,000 tokens, 2.99 GiB for 29,000).
 */
export function activationBytesPerToken(hiddenSize: number, intermediateSize: number, tensorParallel: number): number {
  return (3 * (intermediateSize / tensorParallel) + 3 * hiddenSize) * 2;
}

/** The sampler's profiling pass: float32 logits for --max-num-seqs requests over the vocabulary. */
export const SAMPLER_BYTES_PER_LOGIT = 4;

/**
 * Memory outside PyTorch's allocator (CUDA context growth, cuBLAS workspaces): 0.35 GiB in vLLM's profiling
 * of a single-GPU Llama 3.1 8B (vllm-project/vllm#10517). With tensor parallelism NCCL communicators and
 * vLLM's custom all-reduce buffers add to it; 0.75 GiB per GPU is assumed then.
 */
export function nonTorchGiB(tensorParallel: number, pipelineParallel: number): number {
  return tensorParallel * pipelineParallel > 1 ? 0.75 : 0.35;
}

/**
 * CUDA graphs are captured after the KV cache is allocated and live in the (1 − gpu_memory_utilization)
 * headroom, not in the budget; typically 0.5–1.5 GiB. Reported as a note when the headroom is smaller.
 */
export const CUDA_GRAPH_GIB = 1;

export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;
export const GIB = 1024 ** 3;
