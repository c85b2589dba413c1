import type { KubeObject, ObjectStore } from '../store/types.js';
import { Controller } from './controller.js';
import type { EventRecorder } from './eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from './storeKeys.js';
import { objectKey, splitKey } from './workQueue.js';

/**
 * Dynamic provisioning in one step: a PVC binds to a fresh volume of its StorageClass (or the default one).
 * A claim naming a StorageClass that does not exist stays Pending with the provisioner's event.
 */
export class PvcBinder extends Controller {
  constructor(store: ObjectStore, private readonly events: EventRecorder) {
    // A StorageClass appearing (or becoming the default) may let every Pending claim bind.
    super(store, { for: KEYS.pvcs, watches: [{ resource: KEYS.storageClasses, map: () => store.list(KEYS.pvcs).map((pvc) => objectKey(pvc.metadata.namespace, pvc.metadata.name)) }] });
  }

  private defaultClass(): KubeObject | undefined {
    return this.store.list(KEYS.storageClasses).find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  }

  protected reconcile(key: string): void {
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
