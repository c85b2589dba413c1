import { DEFAULT_POOL_LABEL_KEYS, isGpuNode, poolOf } from '../cluster/gpuPools.js';
import type { NodeLike } from '../cluster/kubeTypes.js';
import type { NimService } from '../kube/nimService.js';
import type { PreflightCheck } from '../launch/preflightTypes.js';
import { fitNimService } from './fitNimService.js';
import { targetFromNodes, type GpuTarget } from './gpuMemory.js';
import { servingPlan } from './servingPlan.js';

const TITLE = 'Fits in GPU memory';

/**
 * The preflight check "Fits in GPU memory": the NIMService's model against the smallest GPU (or the MIG slice it
 * requests) among the nodes its nodeSelector allows. Warns with the advice when it does not fit; passes with
 * "skipped: …" when the model or the GPU memory is unknown.
 */
export function fitPreflightCheck(nim: NimService, nodes: readonly NodeLike[], labelKeys: readonly string[] = DEFAULT_POOL_LABEL_KEYS): PreflightCheck {
  const plan = servingPlan(nim);
  const selector = Object.entries(plan.nodeSelector);
  const matching = nodes.filter((n) => isGpuNode(n) && selector.every(([k, v]) => n.metadata?.labels?.[k] === v));
  const byPool = new Map<string, NodeLike[]>();
  for (const node of matching) {
    const name = poolOf(node, labelKeys).name;
    byPool.set(name, [...(byPool.get(name) ?? []), node]);
  }
  const targets = [...byPool].map(([pool, members]) => targetFromNodes(members, pool, plan.migProfile)).filter((t): t is GpuTarget => t !== undefined);
  const target = targets.sort((a, b) => a.memoryGiB - b.memoryGiB)[0];
  const result = fitNimService(nim, { target });
  if (result.status === 'unknown') {
    const why = !target && result.model && !result.missing.startsWith('model facts') ? `no GPU memory figures (nvidia.com/gpu.memory) on ${matching.length ? 'the matching nodes' : 'any matching GPU node'}` : result.missing.replace(/: pass its config\.json with --config$/, ' (ies fit --config config.json estimates it from the model\'s config.json)');
    return { id: 'fit', title: TITLE, status: 'pass', detail: `skipped: ${why}` };
  }
  return { id: 'fit', title: TITLE, status: result.estimate.fits ? 'pass' : 'warn', detail: `${result.model}: ${result.advice}` };
}
