import type { KubeObject, ObjectStore } from '../../store/types.js';
import { Controller } from '../controller.js';
import type { EventRecorder } from '../eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../storeKeys.js';
import { splitKey } from '../workQueue.js';
import { isActivePod, isPodReady, ownedBy, podFromTemplate, randomSuffix } from './podFromTemplate.js';

/** ReplicaSet → pods: keeps `spec.replicas` active pods (evicted / failed ones stay as they are and are replaced). */
export class ReplicaSetController extends Controller {
  constructor(store: ObjectStore, private readonly events: EventRecorder) {
    super(store, { for: KEYS.replicaSets, owns: [{ resource: KEYS.pods, ownerKind: 'ReplicaSet' }] });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.store.get(KEYS.replicaSets, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp || rs.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = rs.spec as { replicas?: number; template: Record<string, any> };
    const desired = spec.replicas ?? 1;
    const pods = this.store.list(KEYS.pods, namespace).filter((p) => ownedBy(p, rs));
    const active = pods.filter(isActivePod);
    for (let i = active.length; i < desired; i++) {
      const pod = this.store.create(KEYS.pods, podFromTemplate(rs, spec.template, `${name}-${randomSuffix()}`));
      active.push(pod);
      this.events.record({ involved: rs, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: 'replicaset-controller' });
    }
    if (active.length > desired) {
      // Delete the least useful first: unscheduled, then not ready, then the youngest.
      const rank = (p: KubeObject) => ((p.spec as { nodeName?: string }).nodeName ? 1 : 0) + (isPodReady(p) ? 2 : 0);
      const victims = [...active].sort((a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))).slice(0, active.length - desired);
      for (const victim of victims) {
        this.store.delete(KEYS.pods, namespace, victim.metadata.name);
        active.splice(active.indexOf(victim), 1);
        this.events.record({ involved: rs, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${victim.metadata.name}`, component: 'replicaset-controller' });
      }
    }
    const ready = active.filter(isPodReady).length;
    const status = { replicas: active.length, fullyLabeledReplicas: active.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation };
    if (JSON.stringify(rs.status) !== JSON.stringify(status)) this.store.update(KEYS.replicaSets, { ...rs, status });
  }
}
