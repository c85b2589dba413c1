import type { KubeObject } from '../store/types.js';
import { isoSeconds } from '../operator/time.js';
import type { ContainerRuntime } from './containerRuntime.js';

/** What the kubelet knows of a pod when it writes the pod's status. */
export interface PodView {
  pod: KubeObject;
  node: KubeObject;
  containers: ContainerRuntime[];
  podIP: string;
  sandboxReady: boolean;
  initialized: boolean;
  startTime?: number;
  evicted?: { message: string; nodePressure: boolean };
  /** Simulated time of the step that changed it (a replayed history keeps its own times). */
  now: number;
}

function containerStatus(rt: ContainerRuntime): Record<string, unknown> {
  return {
    name: rt.spec.name,
    state: rt.state,
    lastState: rt.lastState,
    ready: rt.ready,
    restartCount: rt.restartCount,
    image: rt.spec.image,
    imageID: rt.imageID ?? '',
    ...(rt.containerID ? { containerID: rt.containerID } : {}),
    started: 'running' in rt.state ? rt.started : false,
  };
}

function podPhase(view: PodView, apps: ContainerRuntime[]): string {
  if (view.evicted) return 'Failed';
  if (apps.length && apps.every((c) => c.done)) return apps.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
  if (apps.some((c) => c.containerID)) return 'Running';
  return 'Pending';
}

function previousTransition(previous: { conditions?: Array<Record<string, unknown>> }, type: string): unknown {
  return previous.conditions?.find((c) => c.type === type)?.lastTransitionTime;
}

/** The pod's `status` as the kubelet's status manager writes it: phase, conditions, container statuses. */
export function composePodStatus(view: PodView): Record<string, unknown> {
  const { pod, evicted } = view;
  const previous = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
  const now = isoSeconds(view.now);
  const condition = (type: string, ok: boolean, reason?: string, message?: string) => {
    const before = previous.conditions?.find((c) => c.type === type);
    const status = ok ? 'True' : 'False';
    return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? before.lastTransitionTime : now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  const apps = view.containers.filter((c) => !c.init);
  const inits = view.containers.filter((c) => c.init);
  const allReady = apps.every((c) => c.ready) && !evicted;
  const notReady = apps.filter((c) => !c.ready).map((c) => c.spec.name);
  const notReadyMessage = notReady.length ? `containers with unready status: [${notReady.join(' ')}]` : undefined;
  const phase = podPhase(view, apps);
  const scheduled = previous.conditions?.find((c) => c.type === 'PodScheduled');
  const conditions = [
    condition('PodReadyToStartContainers', view.sandboxReady && !evicted),
    condition('Initialized', view.initialized, view.initialized ? undefined : 'ContainersNotInitialized', view.initialized ? undefined : `containers with incomplete status: [${inits.filter((c) => !c.done).map((c) => c.spec.name).join(' ')}]`),
    condition('Ready', allReady, allReady ? undefined : phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady', allReady || phase === 'Succeeded' ? undefined : notReadyMessage),
    condition('ContainersReady', allReady, allReady ? undefined : phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady', allReady || phase === 'Succeeded' ? undefined : notReadyMessage),
    ...(scheduled ? [scheduled] : []),
    // Only node-pressure evictions add it (eviction_manager.go passes no condition for local storage limits).
    ...(evicted?.nodePressure ? [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: previousTransition(previous, 'DisruptionTarget') ?? now, reason: 'TerminationByKubelet', message: evicted.message }] : []),
  ];
  const hostIP = (view.node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  return {
    phase,
    ...(evicted ? { reason: 'Evicted', message: evicted.message } : {}),
    conditions,
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(view.sandboxReady ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
    ...(view.startTime !== undefined ? { startTime: isoSeconds(view.startTime) } : {}),
    ...(inits.length ? { initContainerStatuses: inits.map(containerStatus) } : {}),
    containerStatuses: apps.map(containerStatus),
    qosClass: (pod.status as { qosClass?: string } | undefined)?.qosClass ?? 'BestEffort',
  };
}
