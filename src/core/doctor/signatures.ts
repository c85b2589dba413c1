import type { DoctorSeverity, ManifestFix, SignatureRole } from './types.js';

/**
 * The known failure signatures of the servers and the operator, one row each, plus a few generic
 * Kubernetes symptoms so a restart loop or a failed pull is never silent. Rows are tried in order and the
 * first match wins a line, so specific rows come before the generic ones they overlap with.
 */
export interface Signature {
  id: string;
  title: string;
  /**
   * Fragments valid both as JavaScript and POSIX ERE (`grep -E`): a line is matched against `patterns`
   * only when one of them occurs. Every pattern match must contain one of them.
   */
  keywords: string[];
  patterns: RegExp[];
  /** The row fires only when the same source also shows this somewhere (before or after the match). */
  context?: { keywords: string[]; pattern: RegExp };
  role: SignatureRole;
  severity: DoctorSeverity;
  cause: string;
  fix: string;
  manifestFix?: ManifestFix;
}

/** Escapes a literal so it means itself both in a JavaScript RegExp and in `grep -E`. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const shmFix: ManifestFix = { kind: 'set', path: ['spec', 'storage', 'sharedMemorySizeLimit'], value: '32Gi' };

export const SIGNATURES: readonly Signature[] = [
  {
    id: 'shm-too-small',
    title: '/dev/shm too small',
    keywords: [literal('No space left on device'), literal('shared memory segment'), literal('Insufficient space in /dev/shm'), literal('insufficient shared memory'), literal('memory available in /dev/shm')],
    patterns: [
      /\[Errno 28\] No space left on device/,
      /No space left on device.*\/dev\/shm|\/dev\/shm.*No space left on device/,
      /Error while creating shared memory segment/,
      /Insufficient space in \/dev\/shm/,
      /insufficient shared memory/,
      /exceeds memory available in \/dev\/shm/,
    ],
    // "No space left on device" is any full disk: it is /dev/shm only when the log shows shared memory at work
    // (vLLM's shm_broadcast / multiprocessing.shared_memory, NCCL's segments); else the disk-full row below takes it.
    // A healthy vLLM prints shm_broadcast lines too, so the context is shared memory failing or in the traceback.
    context: {
      keywords: [literal('shared_memory.py'), literal('ShmRingBuffer'), literal('shm_open'), literal('/dev/shm'), literal('shared memory segment'), literal('insufficient shared memory'), literal('SharedMemory(')],
      pattern: /shared_memory\.py|ShmRingBuffer|shm_open|\/dev\/shm|shared memory segment|insufficient shared memory|SharedMemory\(/,
    },
    role: 'cause',
    severity: 'error',
    cause: "The container's /dev/shm is too small for vLLM's multi-process executor / NCCL (the container default is 64Mi).",
    fix: 'Set spec.storage.sharedMemorySizeLimit (e.g. 32Gi; the operator mounts an emptyDir{medium: Memory} at /dev/shm) and keep spec.resources.limits.memory above it — shared memory counts against the pod memory limit.',
    manifestFix: shmFix,
  },
  {
    id: 'disk-full',
    title: 'Disk full',
    keywords: [literal('No space left on device'), literal('Not enough free disk space'), literal('StorageFull')],
    patterns: [/No space left on device/, /Not enough free disk space to download the file/, /kind: StorageFull/],
    role: 'cause',
    severity: 'error',
    cause: 'A disk the server writes to is full — usually the model weights being downloaded or copied: to a PVC that is too small, or to the container\'s own disk when the model cache is not on the PVC. Nothing in the log points at shared memory, so this is not /dev/shm.',
    fix: 'Read the path in the error line. On the model PVC (/model-store): raise spec.storage.pvc.size above the size of the weights, or free it. On the container disk (~/.cache/huggingface, /tmp, /root/.cache): set env HF_HOME=/model-store/huggingface so the cache lives on the PVC, or raise the ephemeral-storage limit.',
  },
  {
    id: 'ephemeral-storage-eviction',
    title: 'Evicted: weights filled ephemeral storage',
    keywords: [literal('ephemeral local storage'), literal('low on resource: ephemeral-storage')],
    patterns: [/ephemeral local storage usage exceeds the total limit/, /low on resource: ephemeral-storage/],
    role: 'cause',
    severity: 'error',
    cause: "Model weights are cached on the container's ephemeral disk, which exceeded its limit, and the kubelet evicted the pod.",
    fix: 'Use spec.storage.pvc (mounted at /model-store) and set env HF_HOME=/model-store/huggingface so weights persist on the PVC; or raise the ephemeral-storage limit above the size of the weights (e.g. 50Gi).',
    manifestFix: { kind: 'use-pvc', hfHome: '/model-store/huggingface' },
  },
  {
    id: 'oom-killed',
    title: 'OOMKilled (memory limit exceeded)',
    keywords: ['OOMKilled', '[Ee]xit ?[Cc]ode[:=]? *137', literal('low on resource: memory')],
    patterns: [/\bOOMKilled\b/, /[Ee]xit ?[Cc]ode[:=]? *137\b/, /low on resource: memory/],
    role: 'cause',
    severity: 'error',
    cause: 'The container exceeded spec.resources.limits.memory and was killed (exit code 137). Shared memory (/dev/shm) counts against this limit too.',
    fix: 'Raise spec.resources.limits.memory (above spec.storage.sharedMemorySizeLimit plus the model server’s CPU memory).',
    manifestFix: { kind: 'raise-memory-limit' },
  },
  {
    id: 'unsupported-architecture',
    title: 'Model architecture not supported by this vLLM',
    keywords: [literal('Model architectures [')],
    patterns: [/Model architectures \[[^\]]*\] are not supported/],
    role: 'cause',
    severity: 'error',
    cause: 'The vLLM image is older than the model (Qwen3ForCausalLM, for one, needs a newer vLLM).',
    fix: 'Use a newer vLLM image: raise spec.image.tag to a release that lists the architecture.',
  },
  {
    id: 'config-not-downloaded',
    title: 'Server started before the model finished downloading',
    keywords: [literal('config format found'), literal('detect config format')],
    patterns: [/No supported config format found/, /No config format found/, /Could not detect config format/],
    role: 'cause',
    severity: 'error',
    cause: 'vLLM found no config.json where it expected the model: the server started before the download finished, or the path is wrong.',
    fix: 'Start the server only when config.json and every *.safetensors file exist without temporary suffixes (an init container or a wait loop), and check the model path/id in spec.args.',
  },
  {
    id: 'hf-gated-or-unauthorized',
    title: 'Hugging Face refused the download',
    keywords: ['GatedRepoError', literal('gated repo'), literal('Invalid credentials in Authorization header'), literal('Invalid user token'), '40[13] (Client Error|Forbidden)'],
    patterns: [
      /GatedRepoError/,
      /Cannot access gated repo|You are trying to access a gated repo/,
      /Invalid credentials in Authorization header|Invalid user token/,
      /40[13] (?:Client Error|Forbidden).*huggingface\.co|huggingface\.co.*40[13] (?:Client Error|Forbidden)/,
    ],
    role: 'cause',
    severity: 'error',
    cause: 'The container has no HF_TOKEN, or the token has not been granted access to this gated model.',
    fix: 'Add HF_TOKEN to spec.env from a Secret (valueFrom.secretKeyRef, e.g. hf-token-secret / HF_TOKEN) and accept the model licence on huggingface.co with that account.',
    manifestFix: { kind: 'add-env', name: 'HF_TOKEN', secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } },
  },
  {
    id: 'ngc-key-missing-in-secret',
    title: 'authSecret lacks NGC_API_KEY',
    keywords: [literal("couldn't find key NGC_API_KEY")],
    patterns: [/couldn't find key NGC_API_KEY in Secret/i],
    role: 'cause',
    severity: 'error',
    cause: 'The Secret named by spec.authSecret has no key NGC_API_KEY, so the pod cannot start (CreateContainerConfigError).',
    fix: 'Create the Secret named in spec.authSecret with key NGC_API_KEY (kubectl create secret generic <name> --from-literal=NGC_API_KEY=…).',
  },
  {
    id: 'cuda-oom',
    title: 'CUDA out of memory',
    keywords: [literal('CUDA out of memory'), 'OutOfMemoryError'],
    patterns: [/CUDA out of memory/, /torch\.(?:cuda\.)?OutOfMemoryError/],
    role: 'cause',
    severity: 'error',
    cause: 'The model, activations and KV cache do not fit in GPU memory.',
    fix: 'Lower --gpu-memory-utilization or --max-model-len in spec.args, or spread the model over more GPUs (--tensor-parallel-size N with spec.resources.limits["nvidia.com/gpu"]: N).',
  },
  {
    id: 'kv-cache-too-small',
    title: 'KV cache cannot hold max-model-len',
    keywords: [literal('stored in KV cache'), literal('available KV cache memory'), literal('No available memory for the cache blocks')],
    patterns: [
      /max seq len.*larger than the maximum number of tokens that can be stored in KV cache/,
      /larger than the available KV cache memory/,
      /No available memory for the cache blocks/,
    ],
    role: 'cause',
    severity: 'error',
    cause: "After loading the weights, the GPU memory left for the KV cache cannot hold one sequence of the model's max length.",
    fix: 'Lower --max-model-len in spec.args (the log often states the estimated maximum) or raise --gpu-memory-utilization.',
  },
  {
    id: 'trust-remote-code-required',
    title: 'Model needs --trust-remote-code',
    keywords: [literal('requires you to execute'), literal('contains custom code'), literal('trust_remote_code=True')],
    patterns: [
      /requires you to execute the configuration file in that repo/,
      /contains custom code which must be executed/,
      /(?:set the option|pass the argument|Please pass) `?trust_remote_code=True/,
    ],
    role: 'cause',
    severity: 'error',
    cause: 'The model ships its own Python code, which vLLM runs only when allowed to.',
    fix: 'Add --trust-remote-code to spec.args (after reviewing the model repository’s code).',
    manifestFix: { kind: 'add-arg', arg: '--trust-remote-code' },
  },
  {
    id: 'nunchaku-unsupported-gpu',
    title: 'Nunchaku kernels do not run on this GPU',
    keywords: [literal('no kernel image is available'), 'sm_(90|100)'],
    patterns: [/no kernel image is available/, /\bsm_(?:90|100)\b.*(?:not supported|unsupported)|(?:not supported|unsupported).*\bsm_(?:90|100)\b/i],
    context: { keywords: ['[Nn]unchaku'], pattern: /nunchaku/i },
    role: 'cause',
    severity: 'error',
    cause: 'Nunchaku’s INT4 kernels are not built for Hopper/Blackwell (sm_90, sm_100): there are no 4-bit tensor cores to run them on.',
    fix: 'Schedule on a supported GPU (Ampere/Ada, e.g. with a nodeSelector on nvidia.com/gpu.product) or serve the model with another runtime (vLLM-omni).',
  },
  {
    id: 'readiness-probe-404',
    title: 'NIM default probes against a vLLM server',
    keywords: [literal('probe failed with statuscode: 404'), literal('GET /v1/health/')],
    patterns: [/probe failed with statuscode: 404/, /"GET \/v1\/health\/(?:ready|live) HTTP\/[\d.]+" 404/],
    role: 'cause',
    severity: 'error',
    cause: 'The operator’s default probes GET /v1/health/ready and /v1/health/live, which vLLM and vLLM-omni do not serve (they serve /health).',
    fix: 'Override spec.readinessProbe, spec.livenessProbe and spec.startupProbe: {enabled: true, probe: {httpGet: {path: /health, port: api}}}.',
    manifestFix: { kind: 'probes-to-health', path: '/health' },
  },
  {
    id: 'startup-probe-too-short',
    title: 'Startup probe gives up before the model is ready',
    keywords: [literal('Startup probe failed'), literal('failed startup probe')],
    patterns: [/Startup probe failed/, /failed startup probe/],
    role: 'symptom',
    severity: 'error',
    cause: 'The startup budget (failureThreshold × periodSeconds) ends before the weights are downloaded and loaded, so the kubelet restarts the container and the download starts over.',
    fix: 'Raise spec.startupProbe.probe.failureThreshold (with httpGet path /health for vLLM) so that failureThreshold × periodSeconds covers the download, or pre-download into a PVC / NIMCache.',
    manifestFix: { kind: 'raise-startup-probe-budget', minSeconds: 3600 },
  },
  {
    id: 'image-pull-unauthorized',
    title: 'Image pull unauthorized (pull secret missing)',
    keywords: [literal('unauthorized: authentication required'), literal('nvcr.io')],
    patterns: [
      /unauthorized: authentication required/,
      /nvcr\.io.*(?:ImagePullBackOff|ErrImagePull|401 Unauthorized|403 Forbidden|unauthorized)|(?:ImagePullBackOff|ErrImagePull).*nvcr\.io/,
    ],
    role: 'cause',
    severity: 'error',
    cause: 'The registry (nvcr.io) refused the pull: the pod has no image pull secret with a valid NGC key.',
    fix: 'Set spec.image.pullSecrets: [nvcr-pull-secret] (a docker-registry Secret for nvcr.io, user $oauthtoken, password the NGC API key).',
    manifestFix: { kind: 'add-pull-secret', name: 'nvcr-pull-secret' },
  },
  {
    id: 'insufficient-gpu',
    title: 'No free GPU to schedule on',
    keywords: [literal('Insufficient nvidia.com/gpu')],
    patterns: [/nodes are available:.*Insufficient nvidia\.com\/gpu/, /Insufficient nvidia\.com\/gpu/],
    role: 'cause',
    severity: 'error',
    cause: 'No node in the pool has as many free GPUs as spec.resources.limits["nvidia.com/gpu"] asks for.',
    fix: 'Free a GPU or grow the pool (preflight shows capacity), or lower spec.resources.limits["nvidia.com/gpu"] / spec.replicas.',
  },
  {
    id: 'image-edit-bad-fields',
    title: 'Image-edit request rejected (400/422)',
    keywords: [literal('/v1/images/edits'), literal("Field 'image' or 'url' is required")],
    patterns: [/"POST \/v1\/images\/edits[^"]*" (?:400|422)\b/, /\/v1\/images\/edits.*\b(?:400|422)\b.*detail|Field 'image' or 'url' is required/],
    role: 'cause',
    severity: 'warning',
    cause: 'The client sent multipart fields the image-edit endpoint rejects (missing image/url, bad size, response_format…).',
    fix: 'Send multipart/form-data with image (file) and prompt; read the field-level "detail" of the 400/422 body for the offending field.',
  },
  {
    id: 'nccl-system-error',
    title: 'NCCL unhandled system error',
    keywords: [literal('unhandled system error'), 'ncclSystemError'],
    patterns: [/NCCL error.*unhandled system error/, /ncclSystemError/],
    role: 'symptom',
    severity: 'error',
    cause: 'NCCL could not set up communication between GPUs: usually /dev/shm too small, sometimes the network.',
    fix: 'Set spec.storage.sharedMemorySizeLimit (e.g. 32Gi) and rerun with env NCCL_DEBUG=INFO to see the failing call.',
    manifestFix: shmFix,
  },
  {
    id: 'engine-core-init-failed',
    title: 'Engine core failed to start (wrapper)',
    keywords: [literal('Engine core initialization failed'), literal('Engine process failed to start'), literal('WorkerProc initialization failed')],
    patterns: [/Engine core initialization failed/, /Engine process failed to start/, /WorkerProc initialization failed/],
    role: 'wrapper',
    severity: 'error',
    cause: 'vLLM’s engine process died during start-up; this message only wraps the real error, printed above it.',
    fix: 'Fix the wrapped error shown as evidence (the first exception above this message).',
  },
  // Generic Kubernetes symptoms, after the specific rows above that they overlap with.
  {
    id: 'create-container-config-error',
    title: 'Container config invalid (Secret or ConfigMap missing)',
    keywords: ['CreateContainerConfigError'],
    patterns: [/CreateContainerConfigError/],
    role: 'cause',
    severity: 'error',
    cause: 'The pod references a Secret, key or ConfigMap that does not exist.',
    fix: 'Create the Secret/ConfigMap named in the message, or fix the reference in spec.env / spec.authSecret.',
  },
  {
    id: 'image-pull-failed',
    title: 'Image cannot be pulled',
    keywords: ['ImagePullBackOff', 'ErrImagePull', literal('Failed to pull image')],
    patterns: [/ImagePullBackOff|ErrImagePull|Failed to pull image/],
    role: 'cause',
    severity: 'error',
    cause: 'The image reference is wrong (repository or tag not found) or the registry is unreachable.',
    fix: 'Check spec.image.repository and spec.image.tag; for a private registry set spec.image.pullSecrets.',
  },
  {
    id: 'scheduling-failed',
    title: 'Pod cannot be scheduled',
    keywords: ['FailedScheduling', literal('nodes are available')],
    patterns: [/FailedScheduling|nodes are available/],
    role: 'cause',
    severity: 'error',
    cause: 'No node satisfies the pod’s requests, selectors, tolerations or volume claims.',
    fix: 'Read the scheduler message: free resources, fix the nodeSelector/tolerations, or bind the PVC.',
  },
  {
    id: 'pod-evicted',
    title: 'Pod evicted',
    keywords: ['Evicted'],
    patterns: [/\bEvicted\b/],
    role: 'cause',
    severity: 'error',
    cause: 'The kubelet evicted the pod under node resource pressure.',
    fix: 'Read the eviction message for the resource; set requests and limits for it.',
  },
  {
    id: 'probe-failed',
    title: 'Probe failing',
    keywords: [literal('probe failed')],
    patterns: [/(?:Readiness|Liveness) probe failed/],
    role: 'symptom',
    severity: 'warning',
    cause: 'The server does not answer its health probe in time (still loading, or crashed).',
    fix: 'Check that the probe path and port match the server (vLLM: /health on port api) and that the server is up.',
  },
  {
    id: 'crash-loop-backoff',
    title: 'Container restarting (CrashLoopBackOff)',
    keywords: ['CrashLoopBackOff', literal('Back-off restarting failed container')],
    patterns: [/CrashLoopBackOff|Back-off restarting failed container/],
    role: 'symptom',
    severity: 'warning',
    cause: 'The container keeps exiting; the reason is in the previous container’s log.',
    fix: 'Diagnose the previous log (kubectl logs --previous, or ies doctor on it).',
  },
];

export function signatureById(id: string): Signature | undefined {
  return SIGNATURES.find((s) => s.id === id);
}
