import type { EventFacts } from '../doctor/clusterFacts.js';
import type { PodLike } from '../cluster/kubeTypes.js';
import type { DownloadProgress } from './downloadProgress.js';
import type { NimService } from '../kube/nimService.js';

export type LaunchPhase = 'submitted' | 'scheduling' | 'pulling-image' | 'downloading-weights' | 'starting-server' | 'ready' | 'failed';

export const PHASE_TITLES: Record<LaunchPhase, string> = {
  submitted: 'Waiting for the operator',
  scheduling: 'Scheduling',
  'pulling-image': 'Pulling image',
  'downloading-weights': 'Downloading weights',
  'starting-server': 'Starting server',
  ready: 'Ready',
  failed: 'Failed',
};

export interface PhaseState {
  phase: LaunchPhase;
  /** One line: why this phase, e.g. the FailedScheduling message or `model-00002-of-00004.safetensors 2.46G/4.92G`. */
  detail: string;
  /** 0..1 while downloading. */
  progress?: number;
  /** The phase cannot finish by itself (e.g. no free GPU): the wait gives up after a grace period. */
  blocked?: boolean;
}

export interface PhaseInput {
  nim: NimService | undefined;
  pods: PodLike[];
  /** Events of the NIMService, its Deployment and pods, oldest first. */
  events: EventFacts[];
  /** The last download bar seen in the main container's log, and whether the server has started loading since. */
  download?: DownloadProgress;
  serverStarting?: boolean;
}

const FATAL_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'ErrImageNeverPull', 'RunContainerError']);
const PULLING_WAITING = new Set(['ContainerCreating', 'PodInitializing']);

function isReady(nim: NimService | undefined): boolean {
  return nim?.status?.state === 'Ready' || Boolean(nim?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

/** Where a launch stands, from the NIMService, its pods, their events and the log: the furthest-behind pod decides. */
export function launchPhase(input: PhaseInput): PhaseState {
  const { nim, pods } = input;
  if (isReady(nim)) return { phase: 'ready', detail: nim?.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? 'NIMService is Ready' };
  if (nim?.status?.state === 'Failed') {
    const failed = nim.status.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    return { phase: 'failed', detail: `NIMService Failed${failed?.reason ? ` (${failed.reason})` : ''}${failed?.message ? `: ${failed.message}` : ''}` };
  }
  const live = pods.filter((p) => p.status?.phase !== 'Succeeded');
  for (const pod of live) {
    if (pod.status?.reason === 'Evicted' || pod.status?.phase === 'Failed') {
      return { phase: 'failed', detail: `pod ${pod.metadata?.name} ${pod.status?.reason ?? 'Failed'}: ${pod.status?.message ?? ''}`.trim() };
    }
    for (const c of pod.status?.containerStatuses ?? []) {
      const waiting = c.state?.waiting;
      if (waiting?.reason && FATAL_WAITING.has(waiting.reason)) {
        return { phase: 'failed', detail: `pod ${pod.metadata?.name} container ${c.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` };
      }
    }
  }
  if (!live.length) return { phase: 'submitted', detail: nim ? 'waiting for the operator to create the Deployment and pods' : 'waiting for the NIMService to appear' };
  const unscheduled = live.find((p) => !p.spec?.nodeName);
  if (unscheduled) {
    const failedScheduling = [...input.events].reverse().find((e) => e.reason === 'FailedScheduling' && (!e.involvedObject?.name || e.involvedObject.name === unscheduled.metadata?.name));
    return failedScheduling
      ? { phase: 'scheduling', detail: failedScheduling.message ?? 'FailedScheduling', blocked: true }
      : { phase: 'scheduling', detail: `pod ${unscheduled.metadata?.name} waits for a node` };
  }
  const creating = live.find((p) => (p.status?.containerStatuses ?? []).length === 0 || p.status?.containerStatuses?.some((c) => PULLING_WAITING.has(c.state?.waiting?.reason ?? '')));
  if (creating) {
    const pulling = [...input.events].reverse().find((e) => e.reason === 'Pulling' && e.involvedObject?.name === creating.metadata?.name);
    return { phase: 'pulling-image', detail: pulling?.message ?? `pod ${creating.metadata?.name} is being created` };
  }
  if (input.download && !input.serverStarting && input.download.fraction < 1) {
    const d = input.download;
    return { phase: 'downloading-weights', detail: `${Math.round(d.fraction * 100)}%${d.file ? ` ${d.file}` : ''}${d.bytes ? ` ${d.bytes}` : ''}`, progress: d.fraction };
  }
  const readyPods = live.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  return { phase: 'starting-server', detail: `${readyPods}/${live.length} pod(s) ready; waiting for the readiness probe` };
}
