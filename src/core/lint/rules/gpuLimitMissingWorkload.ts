import { isMap } from 'yaml';
import { insertIntoMap } from '../../yaml/edits.js';
import { containerAccelerators } from '../../workload/accelerators.js';
import { containerRange, serverName, servingContainerRule } from './servingContainerRule.js';

const GENERIC_BASE = /(^|\/)(ubuntu|debian|python|alpine|centos|rockylinux|almalinux|fedora|amazonlinux|busybox)$/;

/** A CUDA server in a pod that asks for no GPU is scheduled on any node and fails to start (or sees no GPU). */
export const gpuLimitMissingWorkload = servingContainerRule({
  id: 'gpu-limit-missing-workload',
  codes: ['gpu-limit-missing'],
  description: 'A vLLM, SGLang, TGI or NIM container requests a GPU (resources.limits nvidia.com/gpu, or another accelerator, or a DRA claim).',
  check(container, context) {
    const { document: d, template, settings } = container;
    // A ServingRuntime's resources are defaults the InferenceService sets; workers of a group may only run Ray.
    if (template?.role === 'runtime') return;
    // A plain OS or Python image that installs the server at start says nothing of the accelerator it is meant for
    // (templates written for GPUs and Trainium alike): nothing to ask for.
    if (GENERIC_BASE.test(container.image?.repository ?? '')) return;
    const accelerators = containerAccelerators(container);
    if (accelerators.requested || accelerators.kinds.size > 0) return;
    const resources = d.nodeAt(container.paths.resources);
    if (resources !== undefined && !isMap(resources)) return;
    const limits = d.nodeAt([...container.paths.resources, 'limits']);
    if (limits !== undefined && !isMap(limits)) return;
    const ranks = settings.parallelKnown ? settings.tensorParallel * settings.pipelineParallel * settings.dataParallel : 1;
    const perPod = Number.isInteger(ranks / (template?.groupSize ?? 1)) ? ranks / (template?.groupSize ?? 1) : 1;
    const edits = insertIntoMap(d, [...container.paths.resources, 'limits'], { 'nvidia.com/gpu': perPod });
    const range = d.keyRange([...container.paths.resources, 'limits']) ?? d.keyRange(container.paths.resources) ?? containerRange(container);
    context.report({
      code: 'gpu-limit-missing',
      severity: 'error',
      message: `No GPU requested: without resources.limits["nvidia.com/gpu"] the pod lands on any node and ${serverName(container)} finds no GPU ("No CUDA GPUs are available"). Add nvidia.com/gpu: ${perPod} (the GPUs per pod).`,
      ...range,
      fixes: edits ? [{ title: `Add resources.limits nvidia.com/gpu: ${perPod}`, edits, isPreferred: true }] : undefined,
    });
  },
});
