import type { ObjectStore } from '../../store/types.js';
import { Controller } from '../controller.js';
import type { EventRecorder } from '../eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../storeKeys.js';
import { splitKey } from '../workQueue.js';
import { isActivePod, isPodReady, ownedBy, podFromTemplate, templateHash } from './podFromTemplate.js';

/** StatefulSet → pods `<name>-0…n-1`; a pod of an older template revision is replaced (highest ordinal first). */
export class StatefulSetController extends Controller {
  constructor(store: ObjectStore, private readonly events: EventRecorder) {
    super(store, { for: KEYS.statefulSets, owns: [{ resource: KEYS.pods, ownerKind: 'StatefulSet' }] });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const sts = this.store.get(KEYS.statefulSets, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp || sts.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = sts.spec as { replicas?: number; template: Record<string, any> };
    const desired = spec.replicas ?? 1;
    const revision = `${name}-${templateHash(spec.template)}`;
    const pods = this.store.list(KEYS.pods, namespace).filter((p) => ownedBy(p, sts));
    for (let i = 0; i < desired; i++) {
      const podName = `${name}-${i}`;
      const existing = pods.find((p) => p.metadata.name === podName);
      if (existing && (existing.metadata.labels?.['controller-revision-hash'] !== revision || !isActivePod(existing))) {
        this.store.delete(KEYS.pods, namespace, podName);
        this.events.record({ involved: sts, type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${podName} in StatefulSet ${name} successful`, component: 'statefulset-controller' });
        return; // one at a time; the DELETED event brings us back
      }
      if (!existing) {
        this.store.create(KEYS.pods, podFromTemplate(sts, spec.template, podName, { 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) }));
        this.events.record({ involved: sts, type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${podName} in StatefulSet ${name} successful`, component: 'statefulset-controller' });
      }
    }
    for (const extra of pods.filter((p) => Number(p.metadata.name.slice(name.length + 1)) >= desired)) this.store.delete(KEYS.pods, namespace, extra.metadata.name);
    const current = this.store.list(KEYS.pods, namespace).filter((p) => ownedBy(p, sts) && isActivePod(p));
    const ready = current.filter(isPodReady).length;
    const status = { observedGeneration: sts.metadata.generation, replicas: current.length, readyReplicas: ready, currentReplicas: current.length, updatedReplicas: current.length, availableReplicas: ready, currentRevision: revision, updateRevision: revision };
    if (JSON.stringify(sts.status) !== JSON.stringify(status)) this.store.update(KEYS.statefulSets, { ...sts, status });
  }
}
