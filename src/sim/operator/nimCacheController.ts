import type { KubeObject, ObjectStore, SimClock } from '../store/types.js';
import { Controller } from './controller.js';
import type { EventRecorder } from './eventRecorder.js';
import { cachePvcName, renderCachingJob, type NimCacheSpec } from './nimCacheJob.js';
import { findProfile, matchProfiles, nimManifest } from './nimModelManifest.js';
import { ownerReference } from './nimService/renderNimService.js';
import { KEYS, SIM_ANNOTATIONS } from './storeKeys.js';
import { isoSeconds } from './time.js';
import { splitKey } from './workQueue.js';
import type { Condition } from './nimService/nimServiceStatus.js';

/** The annotation the operator stores auto-selected profiles in (SelectedNIMProfilesAnnotationKey). */
export const SELECTED_PROFILES_ANNOTATION = 'nvidia.com/selected-profiles';
const COMPONENT = 'nimcache-controller';

interface CacheStatus {
  state?: string;
  pvc?: string;
  profiles?: Array<{ name: string; model: string; release: string; config: Record<string, string> }>;
  conditions?: Condition[];
}

interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
}

class ReconcileError extends Error {}

/**
 * The NIM Operator's NIMCache reconciler (internal/controller/nimcache_controller.go), step by step: the PVC
 * (created when `spec.storage.pvc.create` is true, else it must exist), profile auto-selection when the spec
 * names no profiles (stored in the `nvidia.com/selected-profiles` annotation), the caching Job `<cache>-job`, and
 * the state from the Job's status in the operator's order — Ready (succeeded, with status.profiles from the
 * model manifest), Failed (a pod failed), InProgress (a pod active), Pending. A reconcile error sets NotReady
 * with NIM_CACHE_RECONCILE_FAILED. Like the operator (which reconciles a NIMCache only on spec changes and on
 * changes of what it owns), its own status writes do not trigger another pass.
 */
export class NimCacheController extends Controller {
  private readonly lastInput = new Map<string, string>();

  constructor(store: ObjectStore, private readonly clock: SimClock, private readonly events: EventRecorder) {
    super(store, { for: KEYS.nimCaches, owns: [{ resource: KEYS.jobs, ownerKind: 'NIMCache' }, { resource: KEYS.pvcs, ownerKind: 'NIMCache' }] });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cache = this.store.get(KEYS.nimCaches, namespace, name);
    if (!cache || cache.metadata.deletionTimestamp || cache.metadata.annotations?.[SIM_ANNOTATIONS.static]) {
      this.lastInput.delete(key);
      return;
    }
    const job = this.store.get(KEYS.jobs, namespace, `${name}-job`);
    const pvc = this.store.get(KEYS.pvcs, namespace, cachePvcName(cache));
    const input = JSON.stringify([cache.metadata.uid, cache.spec, cache.metadata.annotations?.[SELECTED_PROFILES_ANNOTATION], job?.metadata.resourceVersion, !!pvc]);
    if (this.lastInput.get(key) === input) return;
    const status: CacheStatus = structuredClone((cache.status as CacheStatus | undefined) ?? {});
    const before = status.state;
    try {
      this.reconcilePvc(cache, status, !!pvc);
      const profiles = this.selectedProfiles(cache);
      // undefined: the selection was just stored in the annotation; that update brings the next pass, with the Job.
      if (profiles !== undefined) this.reconcileJob(cache, status, profiles, job);
      updateCondition(status, 'NIM_CACHE_RECONCILE_FAILED', 'False', 'Reconciled', '', this.now(), true);
    } catch (error) {
      if (!(error instanceof ReconcileError)) throw error;
      updateCondition(status, 'NIM_CACHE_RECONCILE_FAILED', 'True', 'ReconcileFailed', error.message, this.now());
      status.state = 'NotReady';
      this.events.record({ involved: cache, type: 'Warning', reason: 'ReconcileFailed', message: `NIMCache ${name} reconcile failed, msg: ${error.message}`, component: COMPONENT });
    }
    if (status.state !== before && status.state !== 'NotReady') {
      this.events.record({ involved: cache, type: 'Normal', reason: status.state ?? '', message: `NIMCache ${name} reconcile success, new state: ${status.state}`, component: COMPONENT });
    }
    if (JSON.stringify(status) !== JSON.stringify(cache.status ?? {})) {
      const current = this.store.get(KEYS.nimCaches, namespace, name) ?? cache;
      this.store.update(KEYS.nimCaches, { ...current, metadata: { ...current.metadata, resourceVersion: undefined }, status });
    }
    // Remembered once written: a pass that threw is run again with the same input.
    this.lastInput.set(key, input);
  }

  private now(): string {
    return isoSeconds(this.clock.now());
  }

  private reconcilePvc(cache: KubeObject, status: CacheStatus, exists: boolean): void {
    if (exists) return;
    const spec = (cache.spec ?? {}) as NimCacheSpec;
    const pvcSpec = spec.storage?.pvc ?? {};
    const pvcName = cachePvcName(cache);
    if (pvcSpec.create !== true) throw new ReconcileError(`persistentvolumeclaims "${pvcName}" not found`);
    this.store.create(KEYS.pvcs, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: pvcName, namespace: cache.metadata.namespace, labels: { 'app.kubernetes.io/name': cache.metadata.name, 'app.kubernetes.io/managed-by': 'k8s-nim-operator' }, ownerReferences: [ownerReference(cache)] },
      spec: { accessModes: [pvcSpec.volumeAccessMode ?? 'ReadWriteOnce'], resources: { requests: { storage: pvcSpec.size ?? '50Gi' } }, ...(pvcSpec.storageClass ? { storageClassName: pvcSpec.storageClass } : {}), volumeMode: 'Filesystem' },
    });
    updateCondition(status, 'NIM_CACHE_PVC_CREATED', 'True', 'PVCCreated', 'The PVC has been created for caching NIM model', this.now());
    status.state = 'PVC-Created';
  }

  /** The profiles to cache; undefined when the auto-selection was just stored (it lands through an update). */
  private selectedProfiles(cache: KubeObject): string[] | undefined {
    const spec = (cache.spec ?? {}) as NimCacheSpec;
    const ngc = spec.source?.ngc;
    if (!ngc) return [];
    if (ngc.model?.profiles?.length) return ngc.model.profiles;
    const stored = cache.metadata.annotations?.[SELECTED_PROFILES_ANNOTATION];
    if (stored !== undefined) return (JSON.parse(stored) as string[] | null) ?? [];
    const gpus = [...new Set(this.store.list(KEYS.nodes).map((n) => n.metadata.labels?.['nvidia.com/gpu.product']).filter((p): p is string => !!p))];
    const picked = matchProfiles(nimManifest(ngc.modelPuller ?? ''), ngc.model ?? {}, gpus).map((p) => p.id);
    this.store.update(KEYS.nimCaches, { ...cache, metadata: { ...cache.metadata, resourceVersion: undefined, annotations: { ...(cache.metadata.annotations ?? {}), [SELECTED_PROFILES_ANNOTATION]: JSON.stringify(picked) } } });
    return undefined;
  }

  private reconcileJob(cache: KubeObject, status: CacheStatus, profiles: string[], job: KubeObject | undefined): void {
    const now = this.now();
    if (!job) {
      if (status.state === 'Ready') return;
      if ((cache.spec as NimCacheSpec).source?.ngc && !profiles.length) throw new ReconcileError('no profiles are selected for caching');
      this.store.create(KEYS.jobs, renderCachingJob(cache, profiles));
      updateCondition(status, 'NIM_CACHE_JOB_CREATED', 'True', 'JobCreated', 'The Job to cache NIM has been created', now);
      status.state = 'Started';
      status.profiles = [];
      return;
    }
    const js = (job.status ?? {}) as JobStatus;
    const state = status.state;
    if ((js.succeeded ?? 0) > 0 && state !== 'Ready') {
      updateCondition(status, 'NIM_CACHE_JOB_COMPLETED', 'True', 'JobCompleted', 'The Job to cache NIM has successfully completed', now);
      status.state = 'Ready';
      status.pvc = cachePvcName(cache);
      status.profiles = this.cachedProfiles(cache, profiles);
    } else if ((js.failed ?? 0) > 0 && state !== 'Failed') {
      updateCondition(status, 'NIM_CACHE_JOB_COMPLETED', 'False', 'JobFailed', 'The Job to cache NIM has failed', now);
      status.state = 'Failed';
      status.profiles = [];
    } else if ((js.active ?? 0) > 0 && state !== 'InProgress') {
      updateCondition(status, 'NIM_CACHE_JOB_PENDING', 'False', 'JobRunning', 'The Job to cache NIM is in progress', now);
      status.state = 'InProgress';
      status.profiles = [];
    } else if (!js.active && state !== 'Ready' && state !== 'Pending') {
      updateCondition(status, 'NIM_CACHE_JOB_PENDING', 'True', 'JobPending', 'The Job to cache NIM is in pending state', now);
      status.state = 'Pending';
      status.profiles = [];
    }
  }

  /** status.profiles as the operator fills it from the model manifest: id, model, release and the profile's tags. */
  private cachedProfiles(cache: KubeObject, selected: string[]): CacheStatus['profiles'] {
    const ngc = (cache.spec as NimCacheSpec).source?.ngc;
    if (!ngc || !selected.length || selected.includes('all')) return [];
    const manifest = nimManifest(ngc.modelPuller ?? '');
    return selected
      .map((s) => findProfile(manifest, s))
      .filter((p): p is NonNullable<typeof p> => !!p)
      .map((p) => ({ name: p.id, model: p.model, release: p.release, config: { ...p.tags, name: p.name } }));
  }
}

/** conditions.UpdateCondition: a condition of that type is replaced; the transition time moves only when the status changes. */
function updateCondition(status: CacheStatus, type: string, value: string, reason: string, message: string, now: string, onlyIfPresent = false): void {
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === type);
  if (i < 0 && onlyIfPresent) return;
  const previous = i >= 0 ? conditions[i] : undefined;
  const next = { type, status: value, reason, message, lastTransitionTime: previous?.status === value ? previous.lastTransitionTime : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}
