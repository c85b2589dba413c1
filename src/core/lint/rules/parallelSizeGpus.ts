import { replaceScalar } from '../../yaml/edits.js';
import { containerAccelerators } from '../../workload/accelerators.js';
import type { ServingContainer } from '../../workload/servingContainer.js';
import { containerRange, serverName, servingContainerRule, wordRange } from './servingContainerRule.js';

const CODE = 'parallel-size-gpus';

/** Tensor × pipeline (× data) parallel ranks each need a GPU of their own: the count must match what the pod asks for. */
export const parallelSizeGpus = servingContainerRule({
  id: CODE,
  description: 'Tensor × pipeline × data parallel size equals the GPUs the container requests (nvidia.com/gpu), across a LeaderWorkerSet group.',
  nimService: true,
  check(container, context) {
    const { runtime, settings, document: d, template } = container;
    if (runtime === 'nim' || runtime === 'other' || !settings.parallelKnown) return;
    if (!template && d.nodeAt(['spec', 'multiNode']) !== undefined) return; // NIMService multi-node: the operator splits it
    if (runtime === 'tgi' && settings.tensorParallel === 1) return; // without --num-shard TGI shards over every GPU it sees
    if (template?.role === 'worker') return; // workers join the leader's ranks
    const gpus = containerAccelerators(container).nvidiaGpus;
    if (gpus === undefined || gpus === 0) return; // no GPU request: gpu-limit-missing
    const group = template?.groupSize ?? 1;
    if (settings.multiNode && group === 1) return; // an external Ray cluster or multi-node launch: GPUs are elsewhere
    const needed = settings.tensorParallel * settings.pipelineParallel * settings.dataParallel;
    const available = gpus * group;
    const gpuPath = [...container.paths.resources, 'limits', 'nvidia.com/gpu'];
    const sizes = describeSizes(container);
    if (needed > available) {
      const perPod = needed / group;
      const edits = Number.isInteger(perPod) ? replaceScalar(d, gpuPath, perPod) : undefined;
      const where = group > 1 ? `${available} GPUs (${gpus} per pod × ${group} pods in the group)` : `${gpus} GPU${gpus === 1 ? '' : 's'} (nvidia.com/gpu)`;
      context.report({
        code: CODE,
        severity: 'error',
        message: `${sizes} needs ${needed} GPUs, but the ${d.kind ?? 'workload'} requests ${where}: ${serverName(container)} fails at start because it cannot place every rank on its own GPU. Request ${Number.isInteger(perPod) ? perPod : needed} nvidia.com/gpu${group > 1 ? ' per pod' : ''} or lower the parallel size.`,
        ...(parallelRange(container) ?? d.valueRange(gpuPath) ?? containerRange(container)),
        fixes: edits ? [{ title: `Request nvidia.com/gpu: ${perPod}`, edits, isPreferred: true }] : undefined,
      });
      return;
    }
    // vLLM-omni places its pipeline stages (text encoder, diffusion, VAE) on GPUs of its own: more GPUs than ranks is normal.
    if (needed < available && group === 1 && !settings.multiNode && runtime !== 'vllm-omni') {
      const edits = replaceScalar(d, gpuPath, needed);
      context.report({
        code: CODE,
        severity: 'info',
        message: `The container requests ${gpus} GPUs but ${sizes} uses ${needed}: ${gpus - needed} stay idle and unavailable to other pods. Raise the tensor (or data) parallel size to ${gpus}, or request ${needed}.`,
        ...(d.valueRange(gpuPath) ?? containerRange(container)),
        fixes: edits ? [{ title: `Request nvidia.com/gpu: ${needed}`, edits }] : undefined,
      });
    }
  },
});

function describeSizes(container: ServingContainer): string {
  const s = container.settings;
  const parts = [`tensor parallel ${s.tensorParallel}`];
  if (s.pipelineParallel > 1) parts.push(`pipeline parallel ${s.pipelineParallel}`);
  if (s.dataParallel > 1) parts.push(`data parallel ${s.dataParallel}`);
  return parts.join(' × ');
}

/** The flag that sets the largest part of the parallel size. */
function parallelRange(container: ServingContainer) {
  const { invocation } = container;
  const flags = invocation?.flags.filter((f) => ['tensor-parallel-size', 'tp', 'tp-size', 'num-shard', 'pipeline-parallel-size', 'pp', 'pp-size'].includes(f.name)) ?? [];
  const largest = flags.sort((a, b) => Number(b.value) - Number(a.value))[0];
  return wordRange(container, largest ? (largest.inline ? largest.nameToken : largest.valueToken ?? largest.nameToken) : undefined);
}
