import type { FitResult } from '../../core/fit/fitNimService.js';

const round = (n: number) => Math.round(n * 100) / 100;

/** The JSON document of one NIMService: `fits`, per-GPU GiB, the longest max-model-len that fits, advice. */
export function fitJson(result: FitResult) {
  if (result.status === 'unknown') return { name: result.name, model: result.model ?? null, fits: null, missing: result.missing };
  const e = result.estimate;
  return {
    name: result.name,
    model: result.model,
    fits: e.fits,
    gpu: { label: result.target.label, memoryGiB: round(result.target.memoryGiB) },
    maxModelLen: e.kvBytesPerToken ? e.maxModelLen : null,
    gpuMemoryUtilization: e.gpuMemoryUtilization,
    tensorParallel: e.tensorParallel,
    perGpuGiB: { weights: round(e.perGpuGiB.weights), kvCache: round(e.perGpuGiB.kvCache), overhead: round(e.perGpuGiB.overhead), total: round(e.perGpuGiB.total), available: round(e.perGpuGiB.available) },
    kvCacheTokens: e.kvCacheTokens,
    maxConcurrency: Number.isFinite(e.maxConcurrency) ? round(e.maxConcurrency) : null,
    maxModelLenThatFits: e.maxModelLenThatFits,
    advice: result.advice,
    modelSource: result.facts.source,
  };
}

/** One paragraph per NIMService. */
export function formatFitText(results: readonly FitResult[]): string {
  return results.map((r) => (r.status === 'unknown' ? `${r.name}${r.model ? ` (${r.model})` : ''}: unknown — ${r.missing}\n` : `${r.name} (${r.model}): ${r.advice}\n`)).join('\n');
}
