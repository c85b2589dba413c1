import { fitNimService } from '../../fit/fitNimService.js';
import { GPU_PRODUCT_LABEL, productMemoryMiB, type GpuTarget } from '../../fit/gpuMemory.js';
import { catalogueEntry } from '../../fit/modelCatalogue.js';
import { servingPlan } from '../../fit/servingPlan.js';
import { DEFAULT_POOL_LABEL_KEYS } from '../../cluster/gpuPools.js';
import type { NimService } from '../../kube/nimService.js';
import { commandLineRange, nimServiceRule, tokenRange } from './nimServiceRule.js';
import { containerAsNimService, isFitCandidate, nimServiceFitFields } from '../../fit/containerAsNimService.js';
import { containerRange, servingContainerRule, wordRange } from './servingContainerRule.js';
import type { RuleContext } from '../rule.js';
import type { OffsetRange } from '../../manifest/manifestDocument.js';

const CODE = 'model-exceeds-gpu-memory';

/**
 * The GPU a manifest names on its own: nodeSelector nvidia.com/gpu.product, or a pool label whose value names
 * a product (`karpenter.sh/nodepool: h100`). Nothing else: without a named GPU the rule stays silent.
 */
function namedGpu(nodeSelector: Record<string, string>): GpuTarget | undefined {
  const product = nodeSelector[GPU_PRODUCT_LABEL];
  if (product) {
    const mib = productMemoryMiB(product);
    return mib ? { memoryGiB: mib / 1024, label: product } : undefined;
  }
  for (const key of DEFAULT_POOL_LABEL_KEYS) {
    const pool = nodeSelector[key];
    const mib = productMemoryMiB(pool?.toUpperCase());
    if (pool && mib) return { memoryGiB: mib / 1024, label: `the ${pool} pool` };
  }
  return undefined;
}

export const modelFitsGpu = nimServiceRule({
  id: CODE,
  description: 'A catalogued model whose weights, KV cache for max-model-len and overhead exceed the memory of the GPU the nodeSelector names.',
  check(view, context) {
    if (view.runtime !== 'vllm' && view.runtime !== 'vllm-omni' && view.runtime !== 'nim') return;
    const nim = nimServiceFitFields(view.document);
    const range = () => tokenRange(view, view.invocation?.model?.token) ?? view.document.valueRange(['spec', 'image', 'repository']) ?? commandLineRange(view);
    reportIfTooBig(nim, range, context);
  },
});

/** The same estimate for a vLLM container in a Deployment, StatefulSet, LeaderWorkerSet, …, from the pod's nodeSelector. */
export const modelFitsGpuWorkload = servingContainerRule({
  id: `${CODE}-workload`,
  codes: [CODE],
  description: 'A catalogued model served by a workload container whose memory needs exceed the GPU its pod\'s nodeSelector names.',
  check(container, context) {
    if (!isFitCandidate(container)) return;
    const range = () => wordRange(container, container.invocation?.model?.token) ?? containerRange(container);
    reportIfTooBig(containerAsNimService(container), range, context);
  },
});

function reportIfTooBig(nim: NimService, range: () => OffsetRange, context: RuleContext): void {
  const plan = servingPlan(nim);
  if (!catalogueEntry(plan.model)) return;
  const target = plan.migProfile ? undefined : namedGpu(plan.nodeSelector);
  if (!target) return;
  const result = fitNimService(nim, { target });
  if (result.status !== 'estimated' || result.estimate.fits) return;
  context.report({
    code: CODE,
    severity: 'warning',
    message: `${result.model} ${result.advice} (estimated as vLLM sizes it at startup; model facts from ${result.facts.source}).`,
    ...range(),
  });
}
