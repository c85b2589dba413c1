import type { Meta, PodLike } from './kubeTypes.js';
import type { NimService } from '../kube/nimService.js';

/** The fields of a NIMCache the explorer and `ies caches` read (the informer keeps only these). */
export interface NimCacheLike {
  apiVersion?: string;
  kind?: string;
  metadata?: Meta;
  spec?: {
    source?: {
      ngc?: { modelPuller?: string; model?: { profiles?: string[] } };
      hf?: { modelName?: string };
      dataStore?: { modelName?: string };
    };
    storage?: { pvc?: { create?: boolean; name?: string; size?: string; storageClass?: string } };
    nodeSelector?: Record<string, string>;
    tolerations?: Array<{ key?: string; operator?: string; value?: string; effect?: string }>;
  };
  status?: {
    state?: string;
    pvc?: string;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }>;
    profiles?: Array<{ name?: string; model?: string; release?: string; config?: Record<string, string> }>;
  };
}

/** How the tree and the CLI group the operator's states (Ready, InProgress, Started, PVC-Created, Pending, NotReady, Failed). */
export type NimCacheStateClass = 'Ready' | 'InProgress' | 'Failed';

export interface ClusterNimCache {
  namespace: string;
  name: string;
  uid?: string;
  /** status.state as the operator wrote it; `Pending` before it wrote one. */
  state: string;
  stateClass: NimCacheStateClass;
  /** What the cache holds: the HF repo, the NGC model puller image without registry and tag, or the data store model. */
  model?: string;
  createdAt?: string;
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
  pvc: {
    /** status.pvc once the operator created or adopted it, else spec.storage.pvc.name, else the operator's default `<name>-pvc`. */
    name: string;
    /** spec.storage.pvc.size (the request the operator creates it with). */
    size?: string;
    storageClass?: string;
    /** spec.storage.pvc.create: false means an existing PVC is adopted. */
    create?: boolean;
  };
  /** Profiles the spec asks for (spec.source.ngc.model.profiles); empty: the operator picks for the cluster's GPUs. */
  selectedProfiles: string[];
  /** Profiles the caching job stored, from status.profiles (config: the model manifest's tags — tp, gpu, precision…). */
  cachedProfiles: Array<{ name: string; model?: string; release?: string; config?: Record<string, string> }>;
  /** Where the caching job may run: spec.nodeSelector and spec.tolerations. */
  placement: { nodeSelector?: Record<string, string>; tolerations?: Array<{ key?: string; operator?: string; value?: string; effect?: string }> };
  /** The caching job's pods, newest first. */
  cachingPods: string[];
  /** NIMServices in the same namespace whose spec.storage.nimCache.name names this cache, sorted. */
  usedBy: string[];
}

/** `namespace/name`: the cache key, tree id and change key. */
export function nimCacheId(cache: { metadata?: { namespace?: string; name?: string } } | { namespace: string; name: string }): string {
  const meta = 'metadata' in cache ? cache.metadata ?? {} : (cache as { namespace: string; name: string });
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
}

/** Keeps what ClusterNimCache reads; a NIMCache's full spec (env, tolerations, resources, certs) stays on the server. */
export function slimNimCache<T extends NimCacheLike>(cache: T): T {
  const meta = cache.metadata ?? {};
  const spec = cache.spec ?? {};
  const status = cache.status;
  const ngc = spec.source?.ngc;
  const pvc = spec.storage?.pvc;
  return {
    apiVersion: cache.apiVersion,
    kind: cache.kind,
    metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid, resourceVersion: meta.resourceVersion, creationTimestamp: meta.creationTimestamp },
    spec: {
      source: {
        ...(ngc ? { ngc: { modelPuller: ngc.modelPuller, model: ngc.model?.profiles ? { profiles: [...ngc.model.profiles] } : undefined } } : {}),
        ...(spec.source?.hf ? { hf: { modelName: spec.source.hf.modelName } } : {}),
        ...(spec.source?.dataStore ? { dataStore: { modelName: spec.source.dataStore.modelName } } : {}),
      },
      storage: pvc ? { pvc: { create: pvc.create, name: pvc.name, size: pvc.size, storageClass: pvc.storageClass } } : undefined,
      ...(spec.nodeSelector ? { nodeSelector: { ...spec.nodeSelector } } : {}),
      ...(spec.tolerations ? { tolerations: spec.tolerations.map((t) => ({ key: t.key, operator: t.operator, value: t.value, effect: t.effect })) } : {}),
    },
    status: status && {
      state: status.state,
      pvc: status.pvc,
      conditions: status.conditions?.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
      profiles: status.profiles?.map((p) => ({ name: p.name, model: p.model, release: p.release, ...(p.config ? { config: { ...p.config } } : {}) })),
    },
  } as T;
}

/** NotReady is what the operator writes when a reconcile fails (a missing PVC, no profile selected): a failure too. */
export function nimCacheStateClass(state: string): NimCacheStateClass {
  if (state === 'Ready') return 'Ready';
  if (/fail|error|^NotReady$/i.test(state)) return 'Failed';
  return 'InProgress';
}

function cachedModel(cache: NimCacheLike): string | undefined {
  const source = cache.spec?.source;
  if (source?.hf?.modelName) return source.hf.modelName;
  const puller = source?.ngc?.modelPuller;
  if (puller) return puller.replace(/^[^/]+\.[^/]+\//, '').replace(/^nim\//, '').replace(/[:@][^/]*$/, '');
  return source?.dataStore?.modelName;
}

/**
 * The operator runs one Job per NIMCache, named `<cache>-job`; its pods carry the Job controller's `job-name` labels
 * and a Job owner. A pod the cache owns directly counts too. (`app.kubernetes.io/name` alone is not enough: a
 * NIMService of the same name labels its pods the same way.)
 */
export function isCachingPodOf(pod: PodLike, cacheName: string): boolean {
  const job = `${cacheName}-job`;
  const labels = pod.metadata?.labels ?? {};
  if (labels['batch.kubernetes.io/job-name'] === job || labels['job-name'] === job) return true;
  return (pod.metadata?.ownerReferences ?? []).some((o) => (o.kind === 'Job' && o.name === job) || (o.kind === 'NIMCache' && o.name === cacheName));
}

/** The cache name a pod's Job or owner points at, if it looks like a caching pod (for change routing). */
export function cacheNameOfPod(pod: PodLike): string | undefined {
  const labels = pod.metadata?.labels ?? {};
  const job = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'] ?? pod.metadata?.ownerReferences?.find((o) => o.kind === 'Job')?.name;
  if (job?.endsWith('-job')) return job.slice(0, -'-job'.length);
  return pod.metadata?.ownerReferences?.find((o) => o.kind === 'NIMCache')?.name;
}

/** The NIMCache a NIMService mounts: spec.storage.nimCache.name. */
export function nimCacheNameOf(nim: NimService): string | undefined {
  return nim.spec?.storage?.nimCache?.name || undefined;
}

function iso(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}

function time(pod: PodLike): string {
  return iso(pod.metadata?.creationTimestamp) ?? '';
}

/** One NIMCache with its caching pods and users, from the objects of its namespace (any others are ignored). */
export function nimCacheModel(cache: NimCacheLike, related: { pods?: Iterable<PodLike>; nimServices?: Iterable<NimService> } = {}): ClusterNimCache {
  const namespace = cache.metadata?.namespace ?? '';
  const name = cache.metadata?.name ?? '';
  const state = cache.status?.state || 'Pending';
  const pvcSpec = cache.spec?.storage?.pvc ?? {};
  const pods = [...(related.pods ?? [])].filter((p) => (p.metadata?.namespace ?? '') === namespace && isCachingPodOf(p, name));
  pods.sort((a, b) => time(b).localeCompare(time(a)) || (b.metadata?.name ?? '').localeCompare(a.metadata?.name ?? ''));
  const usedBy = [...(related.nimServices ?? [])]
    .filter((n) => (n.metadata?.namespace ?? '') === namespace && nimCacheNameOf(n) === name)
    .map((n) => n.metadata?.name ?? '')
    .sort();
  return {
    namespace,
    name,
    uid: cache.metadata?.uid,
    state,
    stateClass: nimCacheStateClass(state),
    model: cachedModel(cache),
    createdAt: iso(cache.metadata?.creationTimestamp),
    conditions: (cache.status?.conditions ?? []).map((c) => ({ type: c.type ?? '', status: c.status ?? 'Unknown', reason: c.reason || undefined, message: c.message || undefined })),
    pvc: {
      name: cache.status?.pvc || pvcSpec.name || `${name}-pvc`,
      size: pvcSpec.size,
      storageClass: pvcSpec.storageClass,
      create: pvcSpec.create,
    },
    selectedProfiles: [...(cache.spec?.source?.ngc?.model?.profiles ?? [])],
    cachedProfiles: (cache.status?.profiles ?? []).filter((p) => p.name).map((p) => ({ name: p.name!, model: p.model || undefined, release: p.release || undefined, ...(p.config ? { config: p.config } : {}) })),
    placement: { ...(cache.spec?.nodeSelector ? { nodeSelector: cache.spec.nodeSelector } : {}), ...(cache.spec?.tolerations ? { tolerations: cache.spec.tolerations } : {}) },
    cachingPods: pods.map((p) => p.metadata?.name ?? ''),
    usedBy,
  };
}

/** Profiles to show as the cache's count: what it holds once known, else what it was asked for. */
export function profileCount(cache: ClusterNimCache): number {
  return cache.cachedProfiles.length || cache.selectedProfiles.length;
}

export function sortNimCaches(caches: ClusterNimCache[]): ClusterNimCache[] {
  return caches.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
