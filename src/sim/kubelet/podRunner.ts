import { randomBytes } from 'node:crypto';
import { parseQuantity } from '../../core/nimservice/quantity.js';
import type { KubeObject } from '../store/types.js';
import { KEYS } from '../operator/storeKeys.js';
import { isoSeconds } from '../operator/time.js';
import { backoffText, BACKOFF_RESET_AFTER_MS, pullBackoffMs, restartDelayMs } from './backoff.js';
import { planContainer } from './containerPlan.js';
import { newContainerRuntime, type ContainerRuntime } from './containerRuntime.js';
import { ensureImage, imageID } from './imagePull.js';
import { buildScript, DOWNLOAD_BYTES_PER_SECOND } from './logScript.js';
import type { KubeletDeps, PodContext } from './podContext.js';
import { composePodStatus } from './podStatus.js';
import { startProbes } from './probes.js';
import type { ContainerSpec } from './runtimeProfile.js';
import { containerConfigError, resolvedEnv } from './secrets.js';
import { serverKindFor } from './serverFactory.js';
import { Timeline } from './timeline.js';
import { cachedBytes, recordDownload, weightsCacheKey } from './weightsCache.js';

export type { KubeletDeps } from './podContext.js';

/** Within this much of now a step counts as live (probes go over HTTP); older steps are a replayed history. */
const LIVE_WINDOW_MS = 2000;
const KUBELET = 'kubelet';
/**
 * An evicted pod's containers get the shortest grace there is: the eviction manager asks for 0 s (local storage
 * limits) or 1 s (hard node-pressure thresholds) and the runtime manager raises it to its minimum of 2 s.
 */
const EVICTION_KILL_MS = 2000;

export interface Eviction {
  message: string;
  /** Node-pressure evictions carry a DisruptionTarget condition; local-storage-limit ones do not. */
  nodePressure: boolean;
}

/**
 * One pod on its node: image pulls, config errors, container starts with scripted logs, probes, restarts with
 * back-off, OOM kills and evictions — a discrete-event timeline in simulated time. Steps already in the past
 * (a pod that "has been running for 3h") are replayed at once with their own timestamps.
 */
export class PodRunner implements PodContext {
  private readonly timeline: Timeline;
  private readonly containers: ContainerRuntime[] = [];
  private evicted?: Eviction;
  private startTime?: number;
  private sandboxReady = false;
  private initialized = false;
  private dirty = true;
  /** Simulated time of the step being run (status timestamps use it, so a replayed history keeps its times). */
  private lastT = 0;

  constructor(readonly deps: KubeletDeps, private current: KubeObject, readonly node: KubeObject, readonly podIP: string, origin: number) {
    this.timeline = new Timeline(deps.clock, () => this.flushStatus());
    const spec = current.spec as { containers: ContainerSpec[]; initContainers?: ContainerSpec[] };
    for (const c of spec.initContainers ?? []) this.containers.push(newContainerRuntime(c, true));
    for (const c of spec.containers ?? []) this.containers.push(newContainerRuntime(c, false));
    this.timeline.at(origin, (t) => this.startSandbox(t));
    this.timeline.pump();
  }

  get pod(): KubeObject {
    return this.current;
  }

  get namespace(): string {
    return this.current.metadata.namespace ?? 'default';
  }

  get name(): string {
    return this.current.metadata.name;
  }

  /** Loopback port of the server answering `containerPort` of this pod, if one is up. */
  resolve(containerPort: number): number | undefined {
    for (const rt of this.containers) if (rt.server && rt.plan?.profile.port === containerPort) return rt.server.port;
    return undefined;
  }

  async stop(): Promise<void> {
    this.timeline.stop();
    await Promise.all(this.containers.map((rt) => this.closeServer(rt)));
  }

  /** Wake up now (e.g. a Secret appeared): retries happen on their own schedule, this only re-pumps. */
  poke(): void {
    this.timeline.pump();
  }

  // ---- the run loop, as the seams see it ----

  isLive(t: number): boolean {
    return this.deps.clock.now().getTime() - t <= Math.max(LIVE_WINDOW_MS, 50 * this.deps.clock.speed);
  }

  schedule(rt: ContainerRuntime, t: number, fn: (t: number) => void): void {
    const instance = rt.instance;
    this.timeline.at(t, () => this.step(rt, instance, t, fn));
  }

  resume(rt: ContainerRuntime, instance: number, t: number, fn: (t: number) => void): void {
    if (this.timeline.isStopped || rt.instance !== instance) return;
    this.timeline.at(this.deps.clock.now().getTime(), () => this.step(rt, instance, t, fn));
    this.timeline.pump();
  }

  private step(rt: ContainerRuntime, instance: number, t: number, fn: (t: number) => void): void {
    this.lastT = t;
    if (rt.instance === instance && !this.evicted) fn(t);
    this.dirty = true;
  }

  event(t: number, type: 'Normal' | 'Warning', reason: string, message: string, rt?: ContainerRuntime): void {
    this.deps.events.record({
      involved: this.current,
      fieldPath: rt ? `spec.${rt.init ? 'initContainers' : 'containers'}{${rt.spec.name}}` : undefined,
      type, reason, message, component: KUBELET, host: this.node.metadata.name, at: new Date(t),
    });
  }

  // ---- lifecycle ----

  private startSandbox(t: number): void {
    this.lastT = t;
    this.startTime = t;
    this.sandboxReady = true;
    this.dirty = true;
    const inits = this.containers.filter((c) => c.init);
    if (inits.length) this.schedule(inits[0], t + 1000, (tt) => ensureImage(this, inits[0], tt));
    else this.startApps(t + 1000);
  }

  private startApps(t: number): void {
    this.initialized = true;
    for (const rt of this.containers.filter((c) => !c.init)) this.schedule(rt, t, (tt) => ensureImage(this, rt, tt));
  }

  createContainer(rt: ContainerRuntime, t: number): void {
    const configError = containerConfigError(this.deps.store, this.namespace, rt.spec);
    if (configError) {
      rt.configFailures++;
      this.event(t, 'Warning', 'Failed', `Error: ${configError}`, rt);
      rt.state = { waiting: { reason: 'CreateContainerConfigError', message: configError } };
      this.schedule(rt, t + Math.min(pullBackoffMs(rt.configFailures), 60_000), (tt) => ensureImage(this, rt, tt));
      return;
    }
    rt.configFailures = 0;
    rt.imageID ??= imageID(rt.spec.image ?? '');
    rt.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    rt.instance++;
    rt.startedAt = t;
    rt.ready = false;
    rt.started = false;
    rt.upAt = undefined;
    rt.probeFailures = { startup: 0, readiness: 0, liveness: 0 };
    rt.readinessSuccesses = 0;
    this.event(t, 'Normal', 'Created', `Created container: ${rt.spec.name}`, rt);
    this.event(t, 'Normal', 'Started', `Started container ${rt.spec.name}`, rt);
    rt.state = { running: { startedAt: isoSeconds(t) } };
    this.deps.logs.startInstance(this.namespace, this.name, rt.spec.name);
    if (rt.init) {
      this.schedule(rt, t + 3000, (tt) => this.exit(rt, tt, 0, 'Completed'));
      return;
    }
    this.runProcess(rt, t);
    startProbes(this, rt, t);
  }

  /** The container's process: its scripted log lines, how it ends (exits, or serves), and the disk it fills. */
  private runProcess(rt: ContainerRuntime, t: number): void {
    const env = resolvedEnv(this.deps.store, this.namespace, rt.spec);
    const nodeEphemeral = parseQuantity((this.node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable?.['ephemeral-storage']) ?? 200e9;
    const claimBytes = (claim: string) => {
      const pvc = this.deps.store.get(KEYS.pvcs, this.namespace, claim);
      const size = (pvc?.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage ?? (pvc?.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
      return parseQuantity(size);
    };
    const plan = planContainer({ pod: this.current, container: rt.spec, env, nodeEphemeralBytes: nodeEphemeral, claimBytes });
    rt.plan = plan;
    const cacheKey = weightsCacheKey(this.current, rt, plan);
    const cached = plan.model ? cachedBytes(this.deps, cacheKey, plan.model.id, plan.model.bytes) : 0;
    const script = buildScript({ plan, start: t + 500, cachedBytes: cached });
    rt.script = script;
    for (const line of script.lines) this.schedule(rt, line.at, () => this.deps.logs.append(this.namespace, this.name, rt.spec.name, { time: new Date(line.at), text: line.text }));
    if (script.end.kind === 'exit') {
      const end = script.end;
      this.schedule(rt, end.at, (tt) => this.exit(rt, tt, end.exitCode, end.reason));
    } else if (script.end.kind === 'up') {
      this.schedule(rt, script.end.at, (tt) => this.serverUp(rt, tt));
    }
    if (script.download && plan.weights.kind === 'ephemeral' && script.download.totalBytes > plan.weights.limitBytes) {
      const dl = script.download;
      const fillAt = dl.start + ((plan.weights.limitBytes - dl.fromBytes) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
      const eviction = { message: plan.weights.evictionMessage, nodePressure: plan.weights.nodePressure };
      // The eviction manager notices on its next 10 s housekeeping pass.
      this.schedule(rt, fillAt + 10_000 - (fillAt % 10_000), (tt) => this.evict(tt, eviction));
    }
  }

  private serverUp(rt: ContainerRuntime, t: number): void {
    rt.upAt = t;
    recordDownload(this.deps, rt, t);
    const plan = rt.plan!;
    const kind = serverKindFor(plan.profile.kind);
    if (!kind || !plan.profile.servedModel) return;
    const instance = rt.instance;
    this.deps
      .serverFactory(this.current, rt.spec, { kind, modelId: plan.profile.servedModel, apiKey: plan.profile.apiKey, containerPort: plan.profile.port })
      .then(async (server) => {
        if (!server) return;
        if (this.timeline.isStopped || rt.instance !== instance || this.evicted) return void (await server.close());
        rt.server = server;
      })
      .catch(() => {
        // No simulated server for this container: probes fall back to the runtime's known routes.
      });
  }

  private async closeServer(rt: ContainerRuntime): Promise<void> {
    const server = rt.server;
    rt.server = undefined;
    await server?.close().catch(() => {});
  }

  exit(rt: ContainerRuntime, t: number, exitCode: number, reason: string): void {
    recordDownload(this.deps, rt, t);
    void this.closeServer(rt);
    const ranFor = t - (rt.startedAt ?? t);
    rt.lastState = {};
    rt.state = { terminated: { exitCode, reason, startedAt: isoSeconds(rt.startedAt ?? t), finishedAt: isoSeconds(t), containerID: rt.containerID } };
    rt.ready = false;
    rt.instance++; // cancels this instance's pending lines and probes
    this.deps.logs.endInstance(this.namespace, this.name, rt.spec.name);
    if (rt.init) {
      rt.done = exitCode === 0;
      const next = this.containers[this.containers.indexOf(rt) + 1];
      if (exitCode === 0 && next?.init) this.schedule(next, t + 500, (tt) => ensureImage(this, next, tt));
      else if (exitCode === 0) this.startApps(t + 500);
      return;
    }
    const policy = (this.current.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
      rt.done = true;
      return;
    }
    rt.crashes = ranFor >= BACKOFF_RESET_AFTER_MS ? 1 : rt.crashes + 1;
    const delay = restartDelayMs(rt.crashes);
    const terminated = rt.state;
    const restart = (tt: number) => {
      rt.lastState = terminated;
      rt.restartCount++;
      ensureImage(this, rt, tt);
    };
    if (delay === 0) {
      this.schedule(rt, t + 1000, restart);
      return;
    }
    this.schedule(rt, t + 1000, (tt) => {
      rt.lastState = terminated;
      rt.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoffText(delay)} restarting failed container=${rt.spec.name} pod=${this.name}_${this.namespace}(${this.current.metadata.uid})` } };
      this.event(tt, 'Warning', 'BackOff', `Back-off restarting failed container ${rt.spec.name} in pod ${this.name}_${this.namespace}(${this.current.metadata.uid})`, rt);
      this.schedule(rt, t + delay, restart);
    });
  }

  /**
   * The eviction manager (pkg/kubelet/eviction): a Warning `Evicted` event and the pod Failed with reason Evicted
   * and the message, its containers still as they were (`kubectl get pods` says Evicted); then the containers
   * are killed (`Killing`: Stopping container) and the status that follows names them terminated, exit 137,
   * reason Error — from then on kubectl's STATUS column shows the container's reason, `Error`, while the pod's
   * reason stays Evicted. Nothing more happens to the pod: its owner replaces it.
   */
  private evict(t: number, eviction: Eviction): void {
    this.event(t, 'Warning', 'Evicted', eviction.message);
    this.evicted = eviction;
    this.dirty = true;
    this.timeline.clear();
    this.flushStatus(); // written before the kill begins, as the status manager does
    const running = this.containers.filter((rt) => 'running' in rt.state);
    for (const rt of running) {
      this.event(t, 'Normal', 'Killing', `Stopping container ${rt.spec.name}`, rt);
      rt.instance++; // its lines, probes and server answers stop here
    }
    this.timeline.at(t + EVICTION_KILL_MS, (tt) => {
      this.lastT = tt;
      for (const rt of running) {
        rt.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: isoSeconds(rt.startedAt ?? tt), finishedAt: isoSeconds(tt), containerID: rt.containerID } };
        rt.ready = false;
        this.deps.logs.endInstance(this.namespace, this.name, rt.spec.name);
        void this.closeServer(rt);
      }
      this.dirty = true;
    });
  }

  // ---- status ----

  private flushStatus(): void {
    if (!this.dirty || this.timeline.isStopped) return;
    this.dirty = false;
    const stored = this.deps.store.get(KEYS.pods, this.namespace, this.name);
    if (!stored || stored.metadata.uid !== this.current.metadata.uid) return;
    this.current = stored;
    const status = composePodStatus({
      pod: stored, node: this.node, containers: this.containers, podIP: this.podIP, sandboxReady: this.sandboxReady,
      initialized: this.initialized, startTime: this.startTime, evicted: this.evicted, now: this.lastT || this.deps.clock.now().getTime(),
    });
    if (JSON.stringify(status) === JSON.stringify(stored.status)) return;
    try {
      this.deps.store.update(KEYS.pods, { ...stored, status });
    } catch {
      this.dirty = true;
    }
  }
}
