import type { KubeObject, ObjectStore, SimClock } from '../../store/types.js';
import { Controller } from '../controller.js';
import type { EventRecorder } from '../eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../storeKeys.js';
import { isoSeconds } from '../time.js';
import { splitKey } from '../workQueue.js';
import { isActivePod, ownedBy, podFromTemplate, randomSuffix } from './podFromTemplate.js';

const COMPONENT = 'job-controller';
/** The Job controller's pod-failure back-off: 10 s doubling, at most 6 min (pkg/controller/job). */
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

function phase(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

/**
 * batch/v1 Job with one completion and restartPolicy Never: one pod at a time (`<job>-<suffix>`, labelled
 * `batch.kubernetes.io/job-name` / `job-name` and the controller uid); a failed pod is replaced after the back-off
 * until `backoffLimit` (default 6) failures, then the Job fails with BackoffLimitExceeded; a pod that succeeds
 * completes it. Status: active, succeeded, failed, startTime, completionTime and the Complete/Failed condition — one
 * write per pod transition; the `ready` count (JobReadyPods) is left out, as the operator's NIMCache state
 * switch re-evaluates on every Job write and would flip between Failed and InProgress on it.
 */
export class JobController extends Controller {
  private readonly pendingRetry = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(store: ObjectStore, private readonly clock: SimClock, private readonly events: EventRecorder) {
    super(store, { for: KEYS.jobs, owns: [{ resource: KEYS.pods, ownerKind: 'Job' }] });
  }

  override stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    super.stop();
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.store.get(KEYS.jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp || job.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = job.spec as { backoffLimit?: number; template: Record<string, any> };
    const limit = spec.backoffLimit ?? 6;
    const pods = this.store.list(KEYS.pods, namespace).filter((p) => ownedBy(p, job));
    const active = pods.filter(isActivePod);
    const succeeded = pods.filter((p) => phase(p) === 'Succeeded').length;
    const failed = pods.filter((p) => phase(p) === 'Failed').length;
    const previous = (job.status ?? {}) as { startTime?: string; completionTime?: string; conditions?: unknown[] };
    const now = isoSeconds(this.clock.now());
    let conditions = previous.conditions;
    let completionTime = previous.completionTime;
    const finished = !!conditions?.length;
    if (!finished && succeeded > 0) {
      conditions = [{ type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now }];
      completionTime = now;
      this.events.record({ involved: job, type: 'Normal', reason: 'Completed', message: 'Job completed', component: COMPONENT });
    } else if (!finished && failed > limit && !active.length) {
      conditions = [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now }];
      this.events.record({ involved: job, type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', component: COMPONENT });
    } else if (!finished && !active.length && !this.pendingRetry.has(key)) {
      const delay = failed ? Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS) : 0;
      const create = () => {
        this.pendingRetry.delete(key);
        const current = this.store.get(KEYS.jobs, namespace, name);
        if (!current || current.metadata.uid !== job.metadata.uid) return;
        if (this.store.list(KEYS.pods, namespace).some((p) => ownedBy(p, current) && isActivePod(p))) return;
        const uid = current.metadata.uid ?? '';
        const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
        const template = { ...spec.template, spec: { ...spec.template.spec, restartPolicy: spec.template.spec?.restartPolicy ?? 'Never' } };
        const pod = this.store.create(KEYS.pods, podFromTemplate(current, template, `${name}-${randomSuffix()}`, labels));
        this.events.record({ involved: current, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
      };
      if (delay === 0) create();
      else {
        this.pendingRetry.add(key);
        const timer = this.clock.setTimeout(() => {
          this.timers.delete(timer);
          create();
          this.enqueue(namespace, name);
        }, delay);
        this.timers.add(timer);
      }
    }
    const current = this.store.list(KEYS.pods, namespace).filter((p) => ownedBy(p, job) && isActivePod(p));
    const status = {
      ...(current.length ? { active: current.length } : {}),
      ...(succeeded ? { succeeded } : {}),
      ...(failed ? { failed } : {}),
      startTime: previous.startTime ?? now,
      ...(completionTime ? { completionTime } : {}),
      ...(conditions ? { conditions } : {}),
      uncountedTerminatedPods: {},
    };
    if (JSON.stringify(job.status) !== JSON.stringify(status)) this.store.update(KEYS.jobs, { ...job, status });
  }
}
