import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { resourceKey } from '../store/types.js';
import type { EventRecorder } from './eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from './storeKeys.js';
import { objectKey, splitKey, WorkQueue } from './workQueue.js';

/**
 * Dynamic provisioning in one step: a PVC binds to a fresh volume of its StorageClass (or the default one).
 * A claim naming a StorageClass that does not exist stays Pending with the provisioner's event.
 */
export class PvcBinder {
  private readonly queue = new WorkQueue((key) => this.reconcile(key));
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ObjectStore, private readonly events: EventRecorder) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    for (const pvc of store.list(KEYS.pvcs)) this.queue.add(objectKey(pvc.metadata.namespace, pvc.metadata.name));
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(event: StoreEvent): void {
    const key = resourceKey(event.resource);
    if (key === KEYS.pvcs && event.type !== 'DELETED') this.queue.add(objectKey(event.object.metadata.namespace, event.object.metadata.name));
    if (key === KEYS.storageClasses) for (const pvc of this.store.list(KEYS.pvcs)) this.queue.add(objectKey(pvc.metadata.namespace, pvc.metadata.name));
  }

  private defaultClass(): KubeObject | undefined {
    return this.store.list(KEYS.storageClasses).find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const pvc = this.store.get(KEYS.pvcs, namespace, name);
    if (!pvc || pvc.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    if ((pvc.status as { phase?: string } | undefined)?.phase === 'Bound') return;
    const spec = pvc.spec as { storageClassName?: string; resources?: { requests?: { storage?: string } }; accessModes?: string[] };
    const className = spec.storageClassName ?? this.defaultClass()?.metadata.name;
    if (!className || !this.store.get(KEYS.storageClasses, undefined, className)) {
      if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Pending') this.store.update(KEYS.pvcs, { ...pvc, status: { phase: 'Pending' } });
      this.events.record({ involved: pvc, type: 'Warning', reason: 'ProvisioningFailed', message: className ? `storageclass.storage.k8s.io "${className}" not found` : 'no persistent volumes available for this claim and no storage class is set', component: 'persistentvolume-controller' });
      return;
    }
    const volume = `pvc-${pvc.metadata.uid}`;
    this.store.update(KEYS.pvcs, {
      ...pvc,
      metadata: { ...pvc.metadata, annotations: { ...(pvc.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' } },
      spec: { ...spec, storageClassName: className, volumeName: volume },
      status: { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: spec.resources?.requests?.storage ?? '1Gi' } },
    });
  }
}
