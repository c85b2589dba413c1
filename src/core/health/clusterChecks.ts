import type { PodLike } from '../cluster/kubeTypes.js';
import type { NimService } from '../kube/nimService.js';
import { check, type CheckResult } from './types.js';

/** What the cluster checks read; fetched by readClusterFacts (the endpoint snapshot) or built in tests. */
export interface ClusterFacts {
  resource: 'NIMService' | 'Service';
  namespace: string;
  name: string;
  /** null: looked up and not found; undefined: not a NIMService. */
  nimService?: NimService | null;
  pods: PodLike[];
  /** How the pods were selected, for the evidence (`app.kubernetes.io/name=…`). */
  podSelector: string;
  /** The cluster could not be read (auth, network): every cluster check fails with it. */
  error?: string;
  ms: number;
}

export const RESTART_WINDOW_MS = 15 * 60_000;

export function clusterChecks(facts: ClusterFacts, now: Date = new Date()): CheckResult[] {
  if (facts.error) {
    const detail = `cannot read the cluster: ${facts.error}`;
    return [check('nimservice-ready', 'fail', detail, facts.ms), check('pods-ready', 'skip', 'not checked', 0), check('restarts', 'skip', 'not checked', 0)];
  }
  const results: CheckResult[] = [];
  if (facts.resource === 'NIMService') results.push(nimServiceReady(facts));
  results.push(podsReady(facts), restarts(facts, now));
  return results;
}

function nimServiceReady(facts: ClusterFacts): CheckResult {
  const nim = facts.nimService;
  const id = `nimservice/${facts.name} -n ${facts.namespace}`;
  if (!nim) return check('nimservice-ready', 'fail', `${id} not found`, facts.ms);
  const conditions = nim.status?.conditions ?? [];
  const evidence = [`state=${nim.status?.state ?? '(none)'}`, ...conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`)];
  const ready = conditions.find((c) => c.type === 'Ready');
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed || nim.status?.state === 'Failed') return check('nimservice-ready', 'fail', `Failed${failed?.message ? `: ${failed.message}` : failed?.reason ? `: ${failed.reason}` : ''}`, facts.ms, evidence);
  if (ready?.status === 'True') return check('nimservice-ready', 'pass', `Ready${ready.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : ''}`, facts.ms, evidence);
  const why = ready?.message || ready?.reason || `state ${nim.status?.state ?? 'unknown'}`;
  return check('nimservice-ready', 'fail', `not Ready: ${why}`, facts.ms, evidence);
}

function podsReady(facts: ClusterFacts): CheckResult {
  const pods = facts.pods.filter((p) => !p.metadata?.name?.endsWith('-terminating'));
  if (!pods.length) return check('pods-ready', 'fail', `no pods match ${facts.podSelector} in ${facts.namespace}`, 0);
  const evidence = pods.map(podLine);
  const ready = pods.filter(isPodReady);
  const detail = `${ready.length}/${pods.length} pod(s) ready`;
  if (ready.length === pods.length) return check('pods-ready', 'pass', detail, 0, evidence);
  const waiting = pods.flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => Object.values(c.state ?? {}).find((s) => s?.reason)?.reason).filter(Boolean));
  return check('pods-ready', ready.length ? 'warn' : 'fail', `${detail}${waiting.length ? ` (${[...new Set(waiting)].join(', ')})` : ''}`, 0, evidence);
}

export function isPodReady(pod: PodLike): boolean {
  const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (condition) return condition.status === 'True';
  const statuses = pod.status?.containerStatuses ?? [];
  return pod.status?.phase === 'Running' && statuses.length > 0 && statuses.every((c) => c.ready);
}

function podLine(pod: PodLike): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const readyCount = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const reason = statuses.map((c) => Object.values(c.state ?? {}).find((s) => s?.reason)?.reason).find(Boolean);
  return `${pod.metadata?.name}: ${readyCount}/${statuses.length} ${reason ?? pod.status?.phase ?? ''} restarts=${restarts}`.trim();
}

function restarts(facts: ClusterFacts, now: Date): CheckResult {
  const evidence: string[] = [];
  let crashLoop: string | undefined;
  let recent = 0;
  let total = 0;
  let lastReason: string | undefined;
  for (const pod of facts.pods) {
    for (const c of pod.status?.containerStatuses ?? []) {
      total += c.restartCount ?? 0;
      const waiting = c.state?.waiting;
      const terminated = c.lastState?.terminated;
      if (waiting?.reason === 'CrashLoopBackOff') {
        crashLoop ??= `${pod.metadata?.name}/${c.name}: CrashLoopBackOff after ${c.restartCount ?? 0} restart(s)${terminated?.reason ? `, last exit ${terminated.exitCode ?? '?'} ${terminated.reason}` : ''}`;
      }
      const finished = terminated?.finishedAt ? new Date(terminated.finishedAt).getTime() : NaN;
      if ((c.restartCount ?? 0) > 0 && now.getTime() - finished <= RESTART_WINDOW_MS) {
        recent++;
        lastReason = terminated?.reason ?? lastReason;
        evidence.push(`${pod.metadata?.name}/${c.name}: restarted ${Math.max(0, Math.round((now.getTime() - finished) / 60000))} min ago (${terminated?.reason ?? 'unknown reason'}, exit ${terminated?.exitCode ?? '?'})`);
      }
    }
  }
  if (crashLoop) return check('restarts', 'fail', crashLoop, 0, evidence);
  if (recent) return check('restarts', 'warn', `${recent} container restart(s) in the last 15 min${lastReason ? ` (last: ${lastReason})` : ''}`, 0, evidence);
  return check('restarts', 'pass', `no restarts in the last 15 min${total ? ` (${total} earlier)` : ''}`, 0, evidence);
}
