import type { NimService } from '../kube/nimService.js';
import { adviceFor } from './fitAdvice.js';
import { estimateFit, type FitEstimate } from './estimate.js';
import { DEFAULT_GPU_MEMORY_UTILIZATION } from './estimateConstants.js';
import type { GpuTarget } from './gpuMemory.js';
import { catalogueEntry } from './modelCatalogue.js';
import type { ModelFacts } from './modelFacts.js';
import { servingPlan, type ServingPlan } from './servingPlan.js';

export type FitResult =
  | { status: 'estimated'; name: string; model: string; facts: ModelFacts; plan: ServingPlan; target: GpuTarget; estimate: FitEstimate; advice: string }
  /** Model facts or the GPU are unknown; `missing` says what, and how to provide it. */
  | { status: 'unknown'; name: string; model?: string; missing: string };

export interface FitOptions {
  /** Facts from a config.json the user pointed at; they win over the catalogue. */
  facts?: ModelFacts;
  target?: GpuTarget;
}

/** Will the NIMService's model fit the GPU it lands on? Catalogue (or given) facts, the manifest's serving flags. */
export function fitNimService(nim: NimService, options: FitOptions): FitResult {
  const name = nim.metadata?.name ?? '(unnamed)';
  const plan = servingPlan(nim);
  const facts = options.facts ?? catalogueEntry(plan.model);
  if (!plan.model && !options.facts) return { status: 'unknown', name, missing: 'no model: neither a vLLM command line with a model argument nor an NGC NIM image (nvcr.io/nim/…)' };
  const model = plan.model ?? facts!.id;
  if (!facts) return { status: 'unknown', name, model, missing: `model facts of ${model} are not in the built-in catalogue: pass its config.json with --config` };
  if (!options.target) return { status: 'unknown', name, model, missing: 'no GPU to compare with: pass --pool P (a pool of the cluster) or --gpu-memory-gib G, or name the GPU with nodeSelector nvidia.com/gpu.product' };
  const estimate = estimateFit({
    facts,
    gpuMemoryGiB: options.target.memoryGiB,
    maxModelLen: plan.maxModelLen,
    gpuMemoryUtilization: plan.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION,
    tensorParallel: plan.tensorParallel,
    pipelineParallel: plan.pipelineParallel,
    dtype: plan.dtype,
    quantization: plan.quantization,
    kvCacheDtype: plan.kvCacheDtype,
    maxNumBatchedTokens: plan.maxNumBatchedTokens,
    maxNumSeqs: plan.maxNumSeqs,
    enforceEager: plan.enforceEager,
  });
  return { status: 'estimated', name, model, facts, plan, target: options.target, estimate, advice: adviceFor(facts, plan, options.target, estimate) };
}
