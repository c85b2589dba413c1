import { deploymentToNimService } from '../../convert/deploymentToNimService.js';
import { isPodWorkload, persistentVolumeNames, workloadContainers } from '../../convert/workload.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import type { Rule } from '../rule.js';

/** The image-edit recipe: "Never hand-roll a plain `vllm serve` Deployment" — it caches the weights on ephemeral storage. */
export const vllmDeploymentEphemeral: Rule = {
  id: 'vllm-deployment-ephemeral',
  codes: ['vllm-deployment-ephemeral'],
  description: 'A plain Deployment/StatefulSet running vLLM without a PVC fills ephemeral storage and is evicted.',
  appliesTo: isPodWorkload,
  check(context) {
    const d = context.document;
    const persistent = persistentVolumeNames(d);
    for (const container of workloadContainers(d)) {
      if (!isVllmRuntime(container.runtime) || container.mounts.some((m) => persistent.has(m))) continue;
      // The image is what makes this a vLLM server; the fix replaces the whole workload.
      const range = d.valueRange([...container.path, 'image']) ?? d.keyRange(container.path) ?? d.headerRange();
      context.report({
        code: 'vllm-deployment-ephemeral',
        severity: 'error',
        message: `This ${d.kind} runs vLLM without a PersistentVolumeClaim: the weights fill the node's ephemeral storage and the pod is evicted ("ephemeral local storage usage exceeds the total limit"). Convert it to a NIMService, whose operator brings the PVC, /dev/shm, probes and Service.`,
        ...range,
        fixes: [{ title: 'Convert to NIMService', newFile: deploymentToNimService(d, container), isPreferred: true }],
      });
    }
  },
};
