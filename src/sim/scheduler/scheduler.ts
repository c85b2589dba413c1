import type { KubeObject, ObjectStore, SimClock, StoreEvent } from '../store/types.js';
import { resourceKey } from '../store/types.js';
import type { EventRecorder } from '../operator/eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../operator/storeKeys.js';
import { isoSeconds } from '../operator/time.js';
import { allocatable, fitErrorMessage, podRequests, rejectNode, type NodeRejection, type Usage } from './nodeFit.js';

const SCHEDULER = 'default-scheduler';
/** Unschedulable pods are retried on every cluster change, and at least this often (kube-scheduler: 5 min). */
const FLUSH_INTERVAL_MS = 5 * 60_000;

function holdsResources(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !!(pod.spec as { nodeName?: string }).nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

function isPendingUnbound(pod: KubeObject): boolean {
  const spec = pod.spec as { nodeName?: string; schedulerName?: string };
  const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
  return !spec.nodeName && phase === 'Pending' && !pod.metadata.deletionTimestamp && (spec.schedulerName ?? SCHEDULER) === SCHEDULER && !pod.metadata.annotations?.[SIM_ANNOTATIONS.static];
}

/** Resources held on each node by bound, unfinished pods. */
export function nodeUsage(pods: readonly KubeObject[]): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  for (const pod of pods) {
    if (!holdsResources(pod)) continue;
    const node = (pod.spec as { nodeName: string }).nodeName;
    let used = usage.get(node);
    if (!used) usage.set(node, (used = new Map()));
    for (const [resource, amount] of podRequests(pod)) used.set(resource, (used.get(resource) ?? 0) + amount);
  }
  return usage;
}

/**
 * Binds pending pods to nodes by their requests (nvidia.com/gpu, MIG slices, cpu, memory), nodeSelector /
 * affinity, taints and cordons; when nothing fits, writes PodScheduled=False and a FailedScheduling event,
 * and tries again whenever a pod finishes or goes, or a node changes.
 */
export class Scheduler {
  private readonly unsubscribe: () => void;
  private scheduled = false;
  private stopped = false;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly store: ObjectStore, private readonly clock: SimClock, private readonly events: EventRecorder) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    this.kick();
    this.armFlush();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private armFlush(): void {
    this.flushTimer = this.clock.setTimeout(() => {
      if (this.stopped) return;
      this.kick();
      this.armFlush();
    }, FLUSH_INTERVAL_MS);
    this.flushTimer.unref?.();
  }

  private onEvent(event: StoreEvent): void {
    const key = resourceKey(event.resource);
    if (key === KEYS.nodes || key === KEYS.pvcs) return this.kick();
    if (key !== KEYS.pods) return;
    const pod = event.object;
    const freed = event.type === 'DELETED' || (event.previous && holdsResources(event.previous) && !holdsResources(pod));
    if (freed || (event.type !== 'DELETED' && isPendingUnbound(pod) && !(event.previous && isPendingUnbound(event.previous)))) this.kick();
  }

  private kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.stopped) this.schedulePending();
    });
  }

  /** One pass over every pending pod, oldest first, with usage updated as pods are bound. */
  schedulePending(): void {
    const pods = this.store.list(KEYS.pods);
    const pending = pods.filter(isPendingUnbound).sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    if (!pending.length) return;
    const nodes = this.store.list(KEYS.nodes);
    const usage = nodeUsage(pods);
    for (const pod of pending) {
      const missingClaim = this.missingClaim(pod);
      if (missingClaim) {
        this.unschedulable(pod, fitErrorMessage(nodes.length, [], `persistentvolumeclaim "${missingClaim}" not found`));
        continue;
      }
      const rejections: NodeRejection[] = [];
      let best: { node: KubeObject; score: number } | undefined;
      for (const node of nodes) {
        const rejection = rejectNode(pod, node, usage.get(node.metadata.name));
        if (rejection) {
          rejections.push(rejection);
          continue;
        }
        const score = this.score(pod, node, usage.get(node.metadata.name));
        if (!best || score > best.score) best = { node, score };
      }
      if (!best) {
        this.unschedulable(pod, nodes.length ? fitErrorMessage(nodes.length, rejections) : 'no nodes available to schedule pods');
        continue;
      }
      this.bind(pod, best.node);
      let used = usage.get(best.node.metadata.name);
      if (!used) usage.set(best.node.metadata.name, (used = new Map()));
      for (const [resource, amount] of podRequests(pod)) used.set(resource, (used.get(resource) ?? 0) + amount);
    }
  }

  private missingClaim(pod: KubeObject): string | undefined {
    const volumes = ((pod.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> }).volumes) ?? [];
    for (const v of volumes) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim && !this.store.get(KEYS.pvcs, pod.metadata.namespace, claim)) return claim;
    }
    return undefined;
  }

  /** LeastAllocated on the scarce resources the pod asks for; ties go to the first node by name. */
  private score(pod: KubeObject, node: KubeObject, used: Usage | undefined): number {
    let score = 0;
    for (const [resource] of podRequests(pod)) {
      const total = allocatable(node, resource);
      if (total > 0) score += (total - (used?.get(resource) ?? 0)) / total;
    }
    return score;
  }

  private bind(pod: KubeObject, node: KubeObject): void {
    const now = isoSeconds(this.clock.now());
    const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
    const conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }];
    this.store.update(KEYS.pods, { ...pod, spec: { ...(pod.spec as object), nodeName: node.metadata.name }, status: { ...status, conditions } });
    this.events.record({ involved: pod, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, component: SCHEDULER });
  }

  private unschedulable(pod: KubeObject, message: string): void {
    const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
    const previous = status.conditions?.find((c) => c.type === 'PodScheduled');
    if (!(previous?.status === 'False' && previous.message === message)) {
      const conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: isoSeconds(this.clock.now()) },
      ];
      this.store.update(KEYS.pods, { ...pod, status: { ...status, phase: 'Pending', conditions } });
    }
    this.events.record({ involved: pod, type: 'Warning', reason: 'FailedScheduling', message, component: SCHEDULER });
  }
}
