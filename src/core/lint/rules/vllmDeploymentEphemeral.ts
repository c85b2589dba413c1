import { stringify } from 'yaml';
import type { QuickFix, TextEdit } from '../diagnostic.js';
import { deploymentToNimService } from '../../convert/deploymentToNimService.js';
import { huggingFaceModelId } from '../../nimservice/huggingFace.js';
import { modelDiskSize } from '../../fit/modelDiskSize.js';
import { combineEdits } from '../../yaml/combineEdits.js';
import { appendToSequence, insertIntoMap } from '../../yaml/edits.js';
import { containerAccelerators, isNonNvidia } from '../../workload/accelerators.js';
import { ephemeralStorageBytes, hasInformedEphemeralStorage, huggingFaceCacheDir } from '../../workload/ephemeralStorage.js';
import type { ServingContainer } from '../../workload/servingContainer.js';
import { mountedVolumes } from '../../workload/volumes.js';
import { containerRange, serverName, servingContainerRule } from './servingContainerRule.js';

const CODE = 'vllm-deployment-ephemeral';
/** Weights below this size (≈ 10B parameters in bf16) fit the ephemeral storage of any GPU node. */
const SMALL_WEIGHTS_BYTES = 20e9;
const CACHE_VOLUME = 'hf-cache';

/**
 * A server that downloads its weights into the container's own filesystem writes them to the node's
 * ephemeral storage: large models fill it (eviction) and are fetched again after every restart.
 */
export const vllmDeploymentEphemeral = servingContainerRule({
  id: CODE,
  description: 'A vLLM/SGLang/TGI workload downloading a large Hugging Face model keeps the weights on a volume (PVC, CSI, hostPath, a sized emptyDir) or sets an ephemeral-storage limit or request ≥ 50Gi.',
  check(container, context) {
    if (!['vllm', 'vllm-omni', 'sglang', 'tgi'].includes(container.runtime)) return;
    const model = huggingFaceModelId(container.settings.model?.id);
    if (!model) return; // a local path: the weights are already somewhere
    const weights = modelDiskSize(model);
    if (weights !== undefined && weights.bytes < SMALL_WEIGHTS_BYTES) return;
    const accelerators = containerAccelerators(container);
    if (accelerators.kinds.has('tpu')) return;
    if (hasInformedEphemeralStorage(container, weights?.bytes)) return;
    const volumes = mountedVolumes(container).filter((m) => m.mountPath?.replace(/\/+$/, '') !== '/dev/shm');
    if (volumes.some((m) => m.kind === 'persistent' || m.kind === 'memory' || m.kind === 'other' || (m.kind === 'emptyDir' && m.sizeLimit != null))) return;
    const d = container.document;
    // Room for the weights and the download's temporary files, in steps of 10Gi.
    const size = weights === undefined ? '200Gi' : `${Math.max(50, Math.ceil((weights.bytes * 1.25) / 2 ** 30 / 10) * 10)}Gi`;
    const set = ephemeralStorageBytes(container);
    const gb = (bytes: number) => `${Math.round(bytes / 1e9)} GB`;
    const fixes: QuickFix[] = [];
    const pvc = pvcFix(container, size);
    if (pvc) fixes.push(pvc);
    const request = insertIntoMap(d, [...container.paths.resources, 'requests'], { 'ephemeral-storage': size });
    if (request) fixes.push({ title: `Request ephemeral-storage: ${size}`, edits: request });
    const nvidia = !isNonNvidia(accelerators) && (container.runtime === 'vllm' || container.runtime === 'vllm-omni') && container.template?.role === 'pod';
    if (nvidia) fixes.push({ title: 'Convert to NIMService', newFile: deploymentToNimService(d, container) });
    context.report({
      code: CODE,
      severity: 'warning',
      message: `${serverName(container)} downloads ${model}${weights === undefined ? '' : ` (~${gb(weights.bytes)} of weights${weights.basis === 'name' ? ', from the parameters its name gives' : ''})`} into the container's filesystem, i.e. the node's ephemeral storage, ${set === undefined ? 'with no ephemeral-storage request or limit' : `with ephemeral-storage of only ${gb(set)}`}: the pod can be evicted ("ephemeral local storage usage exceeds the total limit" or node disk pressure) and downloads the weights again after every restart. Mount a PersistentVolumeClaim at ${huggingFaceCacheDir(container)}, or request ephemeral-storage sized for the weights (e.g. ${size})${nvidia ? '; a NIMService brings the PVC for you' : ''}.`,
      ...containerRange(container),
      fixes: fixes.length ? fixes.map((f, i) => ({ ...f, isPreferred: i === 0 })) : undefined,
    });
  },
});

/** Mount a PVC at the Hugging Face cache, and the PVC itself as a new file. */
function pvcFix(container: ServingContainer, size: string): QuickFix | undefined {
  const { document: d, template, paths } = container;
  if (!template || !paths.volumeMounts) return undefined;
  const volumes = d.valueAt([...template.podSpec, 'volumes']);
  if (Array.isArray(volumes) && volumes.some((v) => (v as { name?: unknown })?.name === CACHE_VOLUME)) return undefined;
  const claimName = `${d.name ?? 'model'}-${CACHE_VOLUME}`;
  const mountPath = huggingFaceCacheDir(container);
  const mount = appendToSequence(d, paths.volumeMounts, [{ name: CACHE_VOLUME, mountPath }]);
  const volume = appendToSequence(d, [...template.podSpec, 'volumes'], [{ name: CACHE_VOLUME, persistentVolumeClaim: { claimName } }]);
  if (!mount || !volume) return undefined;
  const edits: TextEdit[] = combineEdits([...mount, ...volume]);
  const claim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName, ...(d.namespace ? { namespace: d.namespace } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
  };
  const shared = (template.pods ?? 1) > 1 ? '# More than one pod mounts this claim: use a ReadWriteMany storage class, or one claim per pod.\n' : '';
  return {
    title: `Mount a PersistentVolumeClaim (${claimName}, ${size}) at ${mountPath}`,
    edits,
    newFile: { suggestedName: `${claimName}-pvc.yaml`, content: `# The Hugging Face cache of ${d.kind ?? 'the workload'} ${d.name ?? ''}: weights survive restarts.\n${shared}${stringify(claim, { lineWidth: 0 })}` },
  };
}
