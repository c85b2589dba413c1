import { formatBytes, parseQuantity } from '../../core/nimservice/quantity.js';
import { MULTIPROCESS_SHM_FLOOR_BYTES } from '../../core/workload/sharedMemory.js';
import type { KubeObject } from '../store/types.js';
import { SIM_ANNOTATIONS } from '../operator/storeKeys.js';
import { parseDuration } from '../operator/time.js';
import { compareVersions, modelFacts, type ModelFacts } from './modelCatalog.js';
import type { NimManifestProfile } from '../operator/nimModelManifest.js';
import { planNimCache } from './nimCachePlan.js';
import { runtimeProfile, type ContainerSpec, type RuntimeProfile } from './runtimeProfile.js';

export type Outcome =
  | { kind: 'serve' }
  | { kind: 'crash'; cause: 'shm' | 'gated' | 'unsupported-arch' | 'remote-code' }
  /** The weights do not fit the volume they download to: it fills at `capacityBytes` and the write fails (Errno 28). */
  | { kind: 'disk-full'; capacityBytes: number; path: string }
  | { kind: 'oom' }
  | { kind: 'run' }
  | { kind: 'complete'; afterMs: number }
  /** NIM caching job: downloads its profiles (ContainerPlan.cache) to the cache and exits 0. */
  | { kind: 'cache' }
  /** NIM caching job: NGC refused the API key (401) or its organization is not entitled to the NIM (403). */
  | { kind: 'ngc-refused'; status: 401 | 403 }
  /** NIM caching job: profiles the NIM does not ship. */
  | { kind: 'profile-not-found'; unknown: string[]; valid: NimManifestProfile[] };

/** Where the weights land, and what evicts the pod when they do not fit. */
export type WeightStore =
  /** `capacityBytes`: the PVC's size, when the claim is known. */
  | { kind: 'persistent'; key: string; capacityBytes?: number }
  | { kind: 'ephemeral'; limitBytes: number; evictionMessage: string; nodePressure: boolean };

export interface ContainerPlan {
  profile: RuntimeProfile;
  model?: ModelFacts;
  outcome: Outcome;
  weights: WeightStore;
  /** NIM caching job: the profiles it downloads and the bytes of each (none for a Hugging Face model). */
  cache?: { profiles: NimManifestProfile[]; sizes: number[] };
}

interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  hostPath?: { path: string };
  emptyDir?: { medium?: string; sizeLimit?: string | number };
}

interface PlanContext {
  pod: KubeObject;
  container: ContainerSpec;
  env: Map<string, string>;
  /** Allocatable ephemeral-storage of the node, bytes. */
  nodeEphemeralBytes: number;
  /** The size of a PersistentVolumeClaim in the pod's namespace (its bound capacity, else its request), bytes. */
  claimBytes?: (claim: string) => number | undefined;
}

function shmVolume(pod: KubeObject, container: ContainerSpec): Volume | undefined {
  const mount = container.volumeMounts?.find((m) => m.mountPath === '/dev/shm');
  const volumes = ((pod.spec as { volumes?: Volume[] }).volumes ?? []);
  const volume = mount && volumes.find((v) => v.name === mount.name);
  return volume?.emptyDir?.medium === 'Memory' ? volume : undefined;
}

function cacheDir(profile: RuntimeProfile, env: Map<string, string>): string {
  if (profile.kind === 'nim' || profile.kind === 'nim-cache') return env.get('NIM_CACHE_PATH') ?? '/opt/nim/.cache';
  return profile.downloadDir ?? env.get('HF_HUB_CACHE') ?? env.get('HF_HOME') ?? `${env.get('HOME') ?? '/root'}/.cache/huggingface`;
}

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** A byte count as a resource.Quantity in BinarySI prints it: `107374182400` → `100Gi`, `4095` → `4095`. */
export function binaryQuantity(bytes: number): string {
  let value = Math.floor(bytes);
  let i = 0;
  while (value !== 0 && value % 1024 === 0 && i < BINARY_SUFFIXES.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value}${BINARY_SUFFIXES[i]}`;
}

/** Filesystem figures come in whole 4 KiB blocks. */
function blocks(bytes: number): number {
  return Math.floor(bytes / 4096) * 4096;
}

function weightStore(ctx: PlanContext, profile: RuntimeProfile): WeightStore {
  const dir = cacheDir(profile, ctx.env);
  const mounts = [...(ctx.container.volumeMounts ?? [])].filter((m) => dir === m.mountPath || dir.startsWith(`${m.mountPath.replace(/\/$/, '')}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length);
  const volumes = ((ctx.pod.spec as { volumes?: Volume[] }).volumes ?? []);
  const volume = mounts.length ? volumes.find((v) => v.name === mounts[0].name) : undefined;
  const namespace = ctx.pod.metadata.namespace ?? 'default';
  if (volume?.persistentVolumeClaim) {
    const capacityBytes = ctx.claimBytes?.(volume.persistentVolumeClaim.claimName);
    return { kind: 'persistent', key: `pvc:${namespace}/${volume.persistentVolumeClaim.claimName}`, ...(capacityBytes === undefined ? {} : { capacityBytes }) };
  }
  if (volume?.hostPath) return { kind: 'persistent', key: `host:${(ctx.pod.spec as { nodeName?: string }).nodeName}:${volume.hostPath.path}` };
  if (volume?.emptyDir?.sizeLimit !== undefined) {
    const limit = parseQuantity(volume.emptyDir.sizeLimit) ?? 0;
    return { kind: 'ephemeral', limitBytes: limit, evictionMessage: `Usage of EmptyDir volume "${volume.name}" exceeds the limit "${volume.emptyDir.sizeLimit}". `, nodePressure: false };
  }
  const containers = ((ctx.pod.spec as { containers?: ContainerSpec[] }).containers ?? []);
  const limits = containers.map((c) => c.resources?.limits?.['ephemeral-storage']).filter((l) => l !== undefined);
  if (limits.length) {
    const total = limits.reduce<number>((sum, l) => sum + (parseQuantity(l) ?? 0), 0);
    const text = limits.length === 1 ? String(limits[0]) : formatBytes(total);
    return { kind: 'ephemeral', limitBytes: total, evictionMessage: `Pod ephemeral local storage usage exceeds the total limit of containers ${text}. `, nodePressure: false };
  }
  // No limit: the node's eviction threshold (nodefs.available < 10%) ends it once the disk fills.
  const capacity = ctx.nodeEphemeralBytes;
  const usable = capacity * 0.85;
  return {
    kind: 'ephemeral',
    limitBytes: usable,
    // The threshold is a percentage of the capacity (a plain byte count unless it divides evenly); usage and
    // available come from filesystem stats, in whole blocks.
    evictionMessage: `The node was low on resource: ephemeral-storage. Threshold quantity: ${binaryQuantity(capacity * 0.1)}, available: ${binaryQuantity(blocks(capacity * 0.05))}. Container ${ctx.container.name} was using ${binaryQuantity(blocks(usable))}, request is 0, has larger consumption of ephemeral-storage. `,
    nodePressure: true,
  };
}

function hasHfToken(env: Map<string, string>): boolean {
  return !!(env.get('HF_TOKEN') || env.get('HUGGING_FACE_HUB_TOKEN'));
}

/** Decides from the manifest alone what this container will do: serve, or which known deployment failure it hits. */
export function planContainer(ctx: PlanContext): ContainerPlan {
  const profile = runtimeProfile(ctx.container);
  const weights = weightStore(ctx, profile);
  if (profile.kind === 'nim-cache') return planNimCache(profile, ctx.env, weights, ctx.container);
  if (profile.kind === 'generic' || !profile.model) {
    const restartPolicy = (ctx.pod.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
    const runFor = parseDuration(ctx.pod.metadata.annotations?.[SIM_ANNOTATIONS.runFor]);
    if (runFor !== undefined || restartPolicy !== 'Always') return { profile, outcome: { kind: 'complete', afterMs: runFor ?? 10 * 60_000 }, weights };
    return { profile, outcome: { kind: 'run' }, weights };
  }
  const model = modelFacts(profile.model);
  const isVllm = profile.kind === 'vllm' || profile.kind === 'vllm-omni';
  // A model the simulator does not know, run with its own code: that code fails while its config loads.
  if (isVllm && profile.trustRemoteCode && !model.known) return { profile, model, outcome: { kind: 'crash', cause: 'remote-code' }, weights };
  if (isVllm && model.gated && !hasHfToken(ctx.env)) return { profile, model, outcome: { kind: 'crash', cause: 'gated' }, weights };
  if (isVllm && profile.vllmVersion && compareVersions(profile.vllmVersion, model.minVllm) < 0) return { profile, model, outcome: { kind: 'crash', cause: 'unsupported-arch' }, weights };
  const shm = shmVolume(ctx.pod, ctx.container);
  const shmSize = parseQuantity(shm?.emptyDir?.sizeLimit);
  // No memory-backed /dev/shm (the runtime's 64 MiB), or one limited below what the executor's queues need.
  const shmTooSmall = !shm || (shmSize !== undefined && shmSize < MULTIPROCESS_SHM_FLOOR_BYTES);
  if (isVllm && (profile.kind === 'vllm-omni' || profile.tensorParallel > 1) && shmTooSmall) return { profile, model, outcome: { kind: 'crash', cause: 'shm' }, weights };
  // Weights bigger than the PVC they download to: the volume fills part-way through the download.
  if (isVllm && weights.kind === 'persistent' && weights.capacityBytes !== undefined && weights.capacityBytes < model.bytes) {
    return { profile, model, outcome: { kind: 'disk-full', capacityBytes: weights.capacityBytes, path: cacheDir(profile, ctx.env) }, weights };
  }
  const memoryLimit = parseQuantity(ctx.container.resources?.limits?.memory);
  if (memoryLimit !== undefined && shmSize !== undefined && memoryLimit < shmSize) return { profile, model, outcome: { kind: 'oom' }, weights };
  return { profile, model, outcome: { kind: 'serve' }, weights };
}
