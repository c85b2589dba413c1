import type { KubeObject, ObjectStore } from '../../store/types.js';
import { Controller } from '../controller.js';
import type { EventRecorder } from '../eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../storeKeys.js';
import { splitKey } from '../workQueue.js';
import { isoSeconds } from '../time.js';
import { ownedBy, templateHash } from './podFromTemplate.js';
import { ownerReference } from '../nimService/renderNimService.js';

interface RsStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
}

/**
 * Deployment → ReplicaSets, rolling like the real controller with one replica (maxSurge rounds up to 1,
 * maxUnavailable down to 0): the new ReplicaSet scales up first and old ones scale to 0 only once the new
 * pods are available — so a rollout on a full GPU pool waits, as it does in a real cluster.
 */
export class DeploymentController extends Controller {
  constructor(store: ObjectStore, private readonly events: EventRecorder, private readonly now: () => Date) {
    super(store, { for: KEYS.deployments, owns: [{ resource: KEYS.replicaSets, ownerKind: 'Deployment' }] });
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const deployment = this.store.get(KEYS.deployments, namespace, name);
    if (!deployment || deployment.metadata.deletionTimestamp || deployment.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = deployment.spec as { replicas?: number; template: Record<string, any>; selector?: { matchLabels?: Record<string, string> } };
    const desired = spec.replicas ?? 1;
    const hash = templateHash(spec.template);
    const owned = this.store.list(KEYS.replicaSets, namespace).filter((rs) => ownedBy(rs, deployment));
    let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const revision = 1 + Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
    if (!current) {
      current = this.store.create(KEYS.replicaSets, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels: { ...(spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
          annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': String(desired) },
          ownerReferences: [ownerReference(deployment)],
        },
        spec: {
          replicas: desired,
          selector: { matchLabels: { ...(spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...spec.template, metadata: { ...(spec.template.metadata ?? {}), labels: { ...(spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash } } },
        },
        status: { replicas: 0 },
      });
      this.events.record({ involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${current.metadata.name} from 0 to ${desired}`, component: 'deployment-controller' });
    } else if ((current.spec as { replicas?: number }).replicas !== desired) {
      const from = (current.spec as { replicas?: number }).replicas ?? 0;
      this.store.update(KEYS.replicaSets, { ...current, spec: { ...(current.spec as object), replicas: desired } });
      this.events.record({ involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${desired > from ? 'up' : 'down'} replica set ${current.metadata.name} from ${from} to ${desired}`, component: 'deployment-controller' });
      current = this.store.get(KEYS.replicaSets, namespace, current.metadata.name)!;
    }
    const currentStatus = (current.status ?? {}) as RsStatus;
    const newAvailable = (currentStatus.availableReplicas ?? 0) >= desired;
    for (const old of owned) {
      if (old.metadata.uid === current.metadata.uid) continue;
      const oldReplicas = (old.spec as { replicas?: number }).replicas ?? 0;
      if (oldReplicas > 0 && (newAvailable || desired === 0)) {
        this.store.update(KEYS.replicaSets, { ...old, spec: { ...(old.spec as object), replicas: 0 } });
        this.events.record({ involved: deployment, type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled down replica set ${old.metadata.name} from ${oldReplicas} to 0`, component: 'deployment-controller' });
      }
    }
    this.writeStatus(deployment, current, this.store.list(KEYS.replicaSets, namespace).filter((rs) => ownedBy(rs, deployment)), desired);
  }

  private writeStatus(deployment: KubeObject, current: KubeObject, all: KubeObject[], desired: number): void {
    const sum = (f: (s: RsStatus) => number | undefined) => all.reduce((n, rs) => n + (f((rs.status ?? {}) as RsStatus) ?? 0), 0);
    const cur = (current.status ?? {}) as RsStatus;
    const available = sum((s) => s.availableReplicas);
    const replicas = sum((s) => s.replicas);
    const now = isoSeconds(this.now());
    const previous = (deployment.status ?? {}) as { conditions?: Array<Record<string, string>> };
    const condition = (type: string, status: string, reason: string, message: string) => {
      const before = previous.conditions?.find((c) => c.type === type);
      const transition = before && before.status === status ? before.lastTransitionTime : now;
      return { type, status, reason, message, lastUpdateTime: before && before.reason === reason ? before.lastUpdateTime : now, lastTransitionTime: transition };
    };
    const rolledOut = (cur.availableReplicas ?? 0) >= desired && replicas === (cur.replicas ?? 0);
    const status = {
      observedGeneration: deployment.metadata.generation,
      replicas,
      updatedReplicas: cur.replicas ?? 0,
      readyReplicas: sum((s) => s.readyReplicas),
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions: [
        available >= desired
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        rolledOut
          ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${current.metadata.name}" has successfully progressed.`)
          : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${current.metadata.name}" is progressing.`),
      ],
    };
    if (JSON.stringify(stripTimes(deployment.status)) === JSON.stringify(stripTimes(status))) return;
    this.store.update(KEYS.deployments, { ...deployment, status });
  }
}

function stripTimes(status: unknown): unknown {
  return JSON.parse(JSON.stringify(status ?? {}, (k, v) => (k === 'lastUpdateTime' || k === 'lastTransitionTime' ? undefined : v)));
}
