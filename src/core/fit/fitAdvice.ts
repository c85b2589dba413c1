import { estimateFit, type FitEstimate } from './estimate.js';
import type { GpuTarget } from './gpuMemory.js';
import type { ModelFacts } from './modelFacts.js';
import type { ServingPlan } from './servingPlan.js';

export const gib = (n: number) => (n >= 10 ? Math.round(n).toString() : n.toFixed(1));
export const tokens = (n: number) => n.toLocaleString('en-US');

/** The smallest tensor-parallel size (2, 4, 8; dividing the attention heads) at which the same setup fits. */
export function tensorParallelThatFits(facts: ModelFacts, plan: ServingPlan, target: GpuTarget, estimate: FitEstimate): number | undefined {
  for (const tp of [2, 4, 8]) {
    if (tp <= estimate.tensorParallel || facts.attentionHeads % tp !== 0) continue;
    const wider = estimateFit({
      facts, gpuMemoryGiB: target.memoryGiB, maxModelLen: estimate.maxModelLen, gpuMemoryUtilization: estimate.gpuMemoryUtilization, tensorParallel: tp,
      pipelineParallel: plan.pipelineParallel, dtype: plan.dtype, quantization: plan.quantization, kvCacheDtype: plan.kvCacheDtype,
      maxNumBatchedTokens: plan.maxNumBatchedTokens, maxNumSeqs: plan.maxNumSeqs,
    });
    if (wider.fits) return tp;
  }
  return undefined;
}

/** One sentence: what the model needs per GPU, what the GPU offers, and the way out when it does not fit. */
export function adviceFor(facts: ModelFacts, plan: ServingPlan, target: GpuTarget, estimate: FitEstimate): string {
  const e = estimate;
  const per = e.perGpuGiB;
  const kv = e.kvBytesPerToken ? `, KV cache ${gib(per.kvCache)} for ${tokens(e.maxModelLen)} tokens` : '';
  const needs = `needs ~${gib(per.total)} GiB per GPU (weights ${gib(per.weights)}${kv}, overhead ${gib(per.overhead)})`;
  const has = `${target.label} has ${gib(target.memoryGiB)} GiB × ${e.gpuMemoryUtilization}`;
  if (e.fits) {
    const concurrency = e.kvBytesPerToken ? `; the KV cache holds ~${tokens(e.kvCacheTokens)} tokens, maximum concurrency ${e.maxConcurrency.toFixed(2)}x at ${tokens(e.maxModelLen)} tokens per request` : '';
    const headroom = e.cudaGraphHeadroomShort ? `; gpu-memory-utilization ${e.gpuMemoryUtilization} leaves less than 1 GiB for CUDA graphs: lower it or add --enforce-eager` : '';
    return `fits: ${needs}, ${has}${concurrency}${headroom}`;
  }
  const flag = plan.runtime === 'nim' ? 'NIM_MAX_MODEL_LEN' : '--max-model-len';
  const ways: string[] = [];
  if (e.kvBytesPerToken && e.maxModelLenThatFits > 0) ways.push(`${flag} ≤ ${tokens(e.maxModelLenThatFits)} fits`);
  const tp = facts.kind === 'diffusion' ? undefined : tensorParallelThatFits(facts, plan, target, e);
  if (tp) ways.push(plan.runtime === 'nim' ? `${tp} GPUs (tensor-parallel ${tp})` : `tensor-parallel ${tp} (--tensor-parallel-size ${tp} and nvidia.com/gpu: ${tp})`);
  if (!ways.length && facts.kind !== 'diffusion' && !facts.quantization && !plan.quantization) ways.push('an FP8 or 4-bit checkpoint');
  ways.push(`a GPU with at least ${gib(per.total / e.gpuMemoryUtilization)} GiB`);
  const weightsAlone = per.weights + per.overhead > per.available ? '; the weights alone do not fit' : '';
  return `does not fit: ${needs}, ${has}${weightsAlone}; ${ways.join(', or ')}`;
}
