import { literal, SHM_FIX, type Signature } from '../signature.js';

/** Disks and shared memory: /dev/shm, a full disk, ephemeral storage, volumes that never bind or mount. */
export const STORAGE_SIGNATURES: Signature[] = [
  {
    id: 'shm-too-small',
    title: '/dev/shm too small',
    keywords: [literal('No space left on device'), literal('shared memory segment'), literal('Insufficient space in /dev/shm'), literal('insufficient shared memory'), literal('memory available in /dev/shm')],
    patterns: [
      /\[Errno 28\] No space left on device/,
      /No space left on device.*\/dev\/shm|\/dev\/shm.*No space left on device/,
      // NCCL allocates its shared-memory segments with posix_fallocate (include/shm.h).
      /Call to posix_fallocate failed: No space left on device/,
      /Error while creating shared memory segment/,
      /Insufficient space in \/dev\/shm/,
      /insufficient shared memory/,
      /exceeds memory available in \/dev\/shm/,
    ],
    // "No space left on device" is any full disk: it is /dev/shm only when the log shows shared memory at work
    // (vLLM's shm_broadcast / multiprocessing.shared_memory, NCCL's segments); else the disk-full row below takes it.
    // A healthy vLLM prints shm_broadcast lines too, so the context is shared memory failing or in the traceback.
    context: {
      keywords: [literal('shared_memory.py'), literal('ShmRingBuffer'), literal('shm_open'), literal('/dev/shm'), literal('shared memory segment'), literal('insufficient shared memory'), literal('SharedMemory('), literal('shm.h:')],
      pattern: /shared_memory\.py|ShmRingBuffer|shm_open|\/dev\/shm|shared memory segment|insufficient shared memory|SharedMemory\(|shm\.h:\d+ NCCL WARN/,
    },
    role: 'cause',
    severity: 'error',
    cause: "The container's /dev/shm is too small for vLLM's multi-process executor / NCCL (the container default is 64Mi).",
    fix: 'Set spec.storage.sharedMemorySizeLimit (e.g. 32Gi; the operator mounts an emptyDir{medium: Memory} at /dev/shm) and keep spec.resources.limits.memory above it — shared memory counts against the pod memory limit.',
    manifestFix: SHM_FIX,
  },
  {
    id: 'disk-full',
    title: 'Disk full',
    keywords: [literal('No space left on device'), literal('Not enough free disk space'), literal('StorageFull')],
    patterns: [/No space left on device/, /Not enough free disk space to download the file/, /kind: StorageFull/],
    role: 'cause',
    severity: 'error',
    cause: "A disk the server writes to is full — usually the model weights being downloaded or copied: to a PVC that is too small, or to the container's own disk when the model cache is not on the PVC. Nothing in the log points at shared memory, so this is not /dev/shm.",
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
    id: 'pvc-pending',
    title: 'Model-cache PVC not bound',
    keywords: [literal('unbound immediate PersistentVolumeClaims'), literal('unbound PersistentVolumeClaims')],
    patterns: [/pod has unbound (?:immediate )?PersistentVolumeClaims/],
    role: 'cause',
    severity: 'error',
    cause: 'The pod waits for a PersistentVolumeClaim that no PersistentVolume satisfies: the cluster has no default (dynamic) StorageClass, or the claim asks for a StorageClass, size or access mode nothing provides.',
    fix: 'Set spec.storage.pvc.storageClass to a StorageClass that provisions volumes (kubectl get storageclass), or create a PersistentVolume matching the claim; kubectl describe pvc shows the provisioner\'s message.',
  },
  {
    id: 'volume-mount-failed',
    title: 'Volume cannot be mounted (FailedMount)',
    keywords: [literal('failed for volume'), literal('Unable to attach or mount volumes')],
    patterns: [/MountVolume\.(?:SetUp|MountDevice|NewMounter initialization) failed for volume/, /Unable to attach or mount volumes/],
    role: 'cause',
    severity: 'error',
    cause: 'The kubelet cannot mount one of the pod\'s volumes, so the container never starts (ContainerCreating): the ConfigMap it names is missing, or the storage driver on that node cannot mount the PersistentVolume (CSI node plugin missing or incompatible with the kubelet).',
    fix: 'Read the text after "failed for volume": for a ConfigMap or Secret volume, create the object it names; for a PVC, check kubectl describe pvc and the CSI node-plugin pod on that node, or set spec.storage.pvc.storageClass to a StorageClass whose driver runs on the GPU nodes.',
  },
];
