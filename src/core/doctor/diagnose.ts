import type { ContainerStatusFacts, EventFacts, PodFacts } from './clusterFacts.js';
import { StreamingDoctor } from './streamingDoctor.js';
import type { Finding } from './types.js';

export interface DiagnoseInput {
  /** In the order to read them; put a previous container's log before the current one. */
  logs?: Array<{ source: string; lines: readonly string[] }>;
  /** Pods: the pod-level reason (Evicted + message) and every container's state and last state. */
  pods?: PodFacts[];
  /** Container statuses on their own, when the pod object is not at hand. */
  containerStatuses?: Array<ContainerStatusFacts & { pod?: string }>;
  /** Events of the pod and its owners; only Warning events count. */
  events?: EventFacts[];
}

/** Findings over saved logs, statuses and events: the batch form of StreamingDoctor, same results. */
export function diagnose(input: DiagnoseInput): Finding[] {
  const doctor = new StreamingDoctor();
  for (const log of input.logs ?? []) doctor.feedLines(log.lines, log.source);
  for (const pod of input.pods ?? []) doctor.feedPod(pod);
  for (const status of input.containerStatuses ?? []) doctor.feedContainerStatus(status, status.pod);
  for (const event of input.events ?? []) doctor.feedEvent(event);
  return doctor.findings();
}
