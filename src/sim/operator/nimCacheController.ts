import type { ObjectStore, SimClock } from '../store/types.js';
import { Controller } from './controller.js';
import type { EventRecorder } from './eventRecorder.js';
import { ownerReference } from './nimService/renderNimService.js';
import { KEYS, SIM_ANNOTATIONS } from './storeKeys.js';
import { isoSeconds } from './time.js';
import { splitKey } from './workQueue.js';

interface NimCacheSpec {
  source?: { ngc?: { modelPuller?: string; model?: { profiles?: string[] } }; hf?: { modelName?: string; endpoint?: string }; dataStore?: { modelName?: string } };
  storage?: { pvc?: { create?: boolean; name?: string; size?: string; storageClass?: string; volumeAccessMode?: string } };
}

/** The model a NIMCache holds: the HF repo, or the NGC model puller's image path. */
function cachedModel(spec: NimCacheSpec): string | undefined {
  if (spec.source?.hf?.modelName) return spec.source.hf.modelName;
  const puller = spec.source?.ngc?.modelPuller;
  if (puller) return puller.replace(/^nvcr\.io\/nim\//, '').replace(/:[^/]*$/, '');
  return spec.source?.dataStore?.modelName;
}

/**
 * NIMCache: creates its PVC (or adopts the named one), marks the weights as present on it, and reports
 * state Ready with `status.pvc` — the caching Job itself is not simulated.
 */
export class NimCacheController extends Controller {
  constructor(store: ObjectStore, private readonly clock: SimClock, private readonly events: EventRecorder) {
    super(store, { for: KEYS.nimCaches });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cache = this.store.get(KEYS.nimCaches, namespace, name);
    if (!cache || cache.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = (cache.spec ?? {}) as NimCacheSpec;
    const pvcSpec = spec.storage?.pvc ?? {};
    const pvcName = pvcSpec.name || `${name}-pvc`;
    const model = cachedModel(spec);
    let pvc = this.store.get(KEYS.pvcs, namespace, pvcName);
    if (!pvc && pvcSpec.create === false) return this.setStatus(cache, 'Failed', pvcName, `PersistentVolumeClaim ${pvcName} not found`);
    if (!pvc) {
      pvc = this.store.create(KEYS.pvcs, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: pvcName, namespace, ownerReferences: [ownerReference(cache)], annotations: model ? { [SIM_ANNOTATIONS.cachedModels]: model } : {} },
        spec: { accessModes: [pvcSpec.volumeAccessMode ?? 'ReadWriteOnce'], resources: { requests: { storage: pvcSpec.size ?? '50Gi' } }, ...(pvcSpec.storageClass ? { storageClassName: pvcSpec.storageClass } : {}), volumeMode: 'Filesystem' },
      });
      this.events.record({ involved: cache, type: 'Normal', reason: 'PVCCreated', message: `PersistentVolumeClaim ${pvcName} created`, component: 'nimcache-controller' });
    }
    this.setStatus(cache, 'Ready', pvcName, 'The Job to cache NIM has successfully completed');
  }

  private setStatus(cache: ReturnType<ObjectStore['get']> & object, state: string, pvc: string, message: string): void {
    const now = isoSeconds(this.clock.now());
    const previous = (cache.status as { conditions?: Array<{ type: string; lastTransitionTime: string; status: string }> } | undefined)?.conditions;
    const ready = state === 'Ready';
    const cond = (type: string, status: boolean, reason: string, msg: string) => {
      const before = previous?.find((c) => c.type === type);
      const s = status ? 'True' : 'False';
      return { type, status: s, reason, message: msg, lastTransitionTime: before?.status === s ? before.lastTransitionTime : now };
    };
    const status = {
      state,
      pvc,
      conditions: ready
        ? [cond('NIM_CACHE_PVC_CREATED', true, 'PVCCreated', 'The PVC has been created for caching NIM model'), cond('NIM_CACHE_JOB_COMPLETED', true, 'JobCompleted', message)]
        : [cond('NIM_CACHE_RECONCILE_FAILED', true, 'ReconcileFailed', message)],
    };
    if (JSON.stringify({ ...((cache.status as object) ?? {}), conditions: undefined }) === JSON.stringify({ ...status, conditions: undefined }) && JSON.stringify((cache.status as { conditions?: unknown })?.conditions) === JSON.stringify(status.conditions)) return;
    this.store.update(KEYS.nimCaches, { ...cache, status });
  }
}
