import { randomBytes } from 'node:crypto';
import { parseQuantity } from '../../core/nimservice/quantity.js';
import type { KubeObject, ObjectStore, SimClock } from '../store/types.js';
import type { EventRecorder } from '../operator/eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../operator/storeKeys.js';
import { goDuration, isoSeconds } from '../operator/time.js';
import { backoffText, BACKOFF_RESET_AFTER_MS, pullBackoffMs, restartDelayMs } from './backoff.js';
import { planContainer, type ContainerPlan } from './containerPlan.js';
import type { LogBook } from './logBook.js';
import { buildScript, DOWNLOAD_BYTES_PER_SECOND, type Script } from './logScript.js';
import { connectionRefused, httpProbe, probePort, staticProbe, type ProbeResult } from './probeCheck.js';
import type { ContainerSpec, Probe } from './runtimeProfile.js';
import { imageRepository } from './runtimeProfile.js';
import { containerConfigError, imagePullError, resolvedEnv } from './secrets.js';
import { serverKindFor, type InferenceServerFactory, type RunningServer } from './serverFactory.js';

export interface KubeletDeps {
  store: ObjectStore;
  clock: SimClock;
  events: EventRecorder;
  logs: LogBook;
  serverFactory: InferenceServerFactory;
  /** Images present on each node. */
  imageCache: Map<string, Set<string>>;
  /** Bytes of a model already in a persistent cache: `<cache key>|<model>` → bytes. */
  downloads: Map<string, number>;
}

type State =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; containerID?: string; message?: string } };

interface ContainerRuntime {
  spec: ContainerSpec;
  init: boolean;
  instance: number;
  restartCount: number;
  crashes: number;
  pullFailures: number;
  configFailures: number;
  state: State;
  lastState: State | Record<string, never>;
  ready: boolean;
  started: boolean;
  containerID?: string;
  imageID?: string;
  startedAt?: number;
  plan?: ContainerPlan;
  script?: Script;
  upAt?: number;
  server?: RunningServer;
  probeFailures: { startup: number; readiness: number; liveness: number };
  readinessSuccesses: number;
  done: boolean;
}

interface Item {
  t: number;
  seq: number;
  fn: (t: number) => void;
}

/** Within this much of now a step counts as live (probes go over HTTP); older steps are a replayed history. */
const LIVE_WINDOW_MS = 2000;
const KUBELET = 'kubelet';
/** Real (not simulated) time a loopback probe may take: the simulated servers answer in milliseconds. */
const REAL_PROBE_TIMEOUT_MS = 2000;

const IMAGE_BYTES: Array<[RegExp, number]> = [
  [/vllm-omni/, 14.6e9],
  [/vllm/, 9.8e9],
  [/^nvcr\.io\/nim\//, 16.2e9],
  [/nunchaku|omega/, 11.4e9],
];
const PULL_BYTES_PER_SECOND = 150e6;

function imageBytes(image: string): number {
  return IMAGE_BYTES.find(([re]) => re.test(image))?.[1] ?? 1.2e9;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function imageID(image: string): string {
  const repo = imageRepository(image);
  const qualified = repo.includes('/') && /[.:]/.test(repo.split('/')[0]) ? repo : `docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
  return `${qualified}@sha256:${hex(32)}`;
}

/**
 * One pod on its node: image pulls, config errors, container starts with scripted logs, probes, restarts with
 * back-off, OOM kills and evictions — a discrete-event timeline in simulated time. Steps already in the past
 * (a pod that "has been running for 3h") are replayed at once with their own timestamps.
 */
export class PodRunner {
  private readonly queue: Item[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly containers: ContainerRuntime[] = [];
  private stopped = false;
  private evicted?: { message: string };
  private podIP: string;
  private startTime?: number;
  private sandboxReady = false;
  private initialized = false;
  private dirty = true;
  private pumping = false;

  constructor(private readonly deps: KubeletDeps, private pod: KubeObject, private readonly node: KubeObject, ip: string, origin: number) {
    this.podIP = ip;
    const spec = pod.spec as { containers: ContainerSpec[]; initContainers?: ContainerSpec[] };
    for (const c of spec.initContainers ?? []) this.containers.push(this.runtime(c, true));
    for (const c of spec.containers ?? []) this.containers.push(this.runtime(c, false));
    this.at(origin, (t) => this.startSandbox(t));
    this.pump();
  }

  get namespace(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  get name(): string {
    return this.pod.metadata.name;
  }

  private runtime(spec: ContainerSpec, init: boolean): ContainerRuntime {
    return {
      spec, init, instance: 0, restartCount: 0, crashes: 0, pullFailures: 0, configFailures: 0,
      state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } }, lastState: {},
      ready: false, started: false, probeFailures: { startup: 0, readiness: 0, liveness: 0 }, readinessSuccesses: 0, done: false,
    };
  }

  /** Loopback port of the server answering `containerPort` of this pod, if one is up. */
  resolve(containerPort: number): number | undefined {
    for (const rt of this.containers) if (rt.server && rt.plan?.profile.port === containerPort) return rt.server.port;
    return undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(this.containers.map((rt) => this.closeServer(rt)));
  }

  // ---- timeline ----

  private at(t: number, fn: (t: number) => void): void {
    if (this.stopped) return;
    const item = { t, seq: this.seq++, fn };
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].t > t || (this.queue[i - 1].t === t && this.queue[i - 1].seq > item.seq))) i--;
    this.queue.splice(i, 0, item);
  }

  /** Runs every due step in time order, writes the pod status once, and arms one timer for the next step. */
  private pump(): void {
    if (this.stopped || this.pumping) return;
    this.pumping = true;
    try {
      const now = this.deps.clock.now().getTime();
      while (this.queue.length && this.queue[0].t <= now && !this.stopped) {
        const item = this.queue.shift()!;
        item.fn(item.t);
      }
    } finally {
      this.pumping = false;
    }
    if (this.stopped) return;
    this.flushStatus();
    if (this.timer) clearTimeout(this.timer);
    const next = this.queue[0];
    if (next) {
      this.timer = this.deps.clock.setTimeout(() => this.pump(), next.t - this.deps.clock.now().getTime());
      this.timer.unref?.();
    }
  }

  /** Simulated time of the step being run (status timestamps use it, so a replayed history keeps its times). */
  private lastT = 0;

  private isLive(t: number): boolean {
    return this.deps.clock.now().getTime() - t <= Math.max(LIVE_WINDOW_MS, 50 * this.deps.clock.speed);
  }

  private guard(rt: ContainerRuntime, fn: (t: number) => void): (t: number) => void {
    const instance = rt.instance;
    return (t) => {
      if (rt.instance === instance && !this.evicted) fn(t);
    };
  }

  private schedule(rt: ContainerRuntime, t: number, fn: (t: number) => void): void {
    const guarded = this.guard(rt, fn);
    this.at(t, () => {
      this.lastT = t;
      guarded(t);
      this.dirty = true;
    });
  }

  // ---- lifecycle ----

  private startSandbox(t: number): void {
    this.lastT = t;
    this.startTime = t;
    this.sandboxReady = true;
    this.dirty = true;
    const inits = this.containers.filter((c) => c.init);
    if (inits.length) this.schedule(inits[0], t + 1000, (tt) => this.ensureImage(inits[0], tt));
    else this.startApps(t + 1000);
  }

  private startApps(t: number): void {
    this.initialized = true;
    for (const rt of this.containers.filter((c) => !c.init)) this.schedule(rt, t, (tt) => this.ensureImage(rt, tt));
  }

  private event(t: number, type: 'Normal' | 'Warning', reason: string, message: string, rt?: ContainerRuntime): void {
    this.deps.events.record({
      involved: this.pod,
      fieldPath: rt ? `spec.${rt.init ? 'initContainers' : 'containers'}{${rt.spec.name}}` : undefined,
      type, reason, message, component: KUBELET, host: this.node.metadata.name, at: new Date(t),
    });
  }

  private ensureImage(rt: ContainerRuntime, t: number): void {
    const image = rt.spec.image ?? '';
    const cache = this.deps.imageCache.get(this.node.metadata.name) ?? new Set<string>();
    this.deps.imageCache.set(this.node.metadata.name, cache);
    const policy = (rt.spec as { imagePullPolicy?: string }).imagePullPolicy ?? (/:latest$|^[^:]*$/.test(image) ? 'Always' : 'IfNotPresent');
    if (cache.has(image) && policy !== 'Always') {
      this.event(t, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, rt);
      return this.createContainer(rt, t);
    }
    this.event(t, 'Normal', 'Pulling', `Pulling image "${image}"`, rt);
    const refusal = imagePullError(this.deps.store, this.pod, image);
    if (refusal) {
      this.schedule(rt, t + 1500, (tt) => {
        rt.pullFailures++;
        this.event(tt, 'Warning', 'Failed', `Failed to pull image "${image}": ${refusal}`, rt);
        this.event(tt, 'Warning', 'Failed', 'Error: ErrImagePull', rt);
        rt.state = { waiting: { reason: 'ErrImagePull', message: `failed to pull image "${image}": ${refusal}` } };
        this.schedule(rt, tt + 1000, (t2) => {
          this.event(t2, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, rt);
          this.event(t2, 'Warning', 'Failed', 'Error: ImagePullBackOff', rt);
          rt.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${refusal}` } };
        });
        this.schedule(rt, tt + pullBackoffMs(rt.pullFailures), (t2) => this.ensureImage(rt, t2));
      });
      return;
    }
    const pullMs = cache.has(image) ? 600 : (imageBytes(image) / PULL_BYTES_PER_SECOND) * 1000;
    this.schedule(rt, t + pullMs, (tt) => {
      cache.add(image);
      rt.pullFailures = 0;
      this.event(tt, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(pullMs)} including waiting). Image size: ${Math.round(imageBytes(image))} bytes.`, rt);
      this.createContainer(rt, tt);
    });
  }

  private createContainer(rt: ContainerRuntime, t: number): void {
    const configError = containerConfigError(this.deps.store, this.namespace, rt.spec);
    if (configError) {
      rt.configFailures++;
      this.event(t, 'Warning', 'Failed', `Error: ${configError}`, rt);
      rt.state = { waiting: { reason: 'CreateContainerConfigError', message: configError } };
      this.schedule(rt, t + Math.min(pullBackoffMs(rt.configFailures), 60_000), (tt) => this.ensureImage(rt, tt));
      return;
    }
    rt.configFailures = 0;
    rt.imageID ??= imageID(rt.spec.image ?? '');
    rt.containerID = `containerd://${hex(32)}`;
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
    const env = resolvedEnv(this.deps.store, this.namespace, rt.spec);
    const nodeEphemeral = parseQuantity((this.node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable?.['ephemeral-storage']) ?? 200e9;
    const plan = planContainer({ pod: this.pod, container: rt.spec, env, nodeEphemeralBytes: nodeEphemeral });
    rt.plan = plan;
    const cacheKey = this.cacheKey(rt, plan);
    const cached = plan.model ? this.cachedBytes(cacheKey, plan.model.id, plan.model.bytes) : 0;
    const script = buildScript({ plan, start: t + 500, cachedBytes: cached });
    rt.script = script;
    for (const line of script.lines) this.schedule(rt, line.at, () => this.deps.logs.append(this.namespace, this.name, rt.spec.name, { time: new Date(line.at), text: line.text }));
    if (script.end.kind === 'exit') {
      const end = script.end;
      this.schedule(rt, end.at, (tt) => this.exit(rt, tt, end.exitCode, end.reason));
    } else if (script.end.kind === 'up') {
      const up = script.end.at;
      this.schedule(rt, up, (tt) => this.serverUp(rt, tt));
    }
    if (script.download && plan.weights.kind === 'ephemeral' && script.download.totalBytes > plan.weights.limitBytes) {
      const dl = script.download;
      const fillAt = dl.start + ((plan.weights.limitBytes - dl.fromBytes) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
      const message = plan.weights.evictionMessage;
      // The eviction manager notices on its next 10 s housekeeping pass.
      this.schedule(rt, fillAt + 10_000 - (fillAt % 10_000), (tt) => this.evict(tt, message));
    }
    this.startProbes(rt, t);
  }

  private cacheKey(rt: ContainerRuntime, plan: ContainerPlan): string {
    if (plan.weights.kind === 'persistent') return plan.weights.key;
    return `layer:${this.pod.metadata.uid}/${rt.spec.name}/${rt.instance}`;
  }

  private cachedBytes(cacheKey: string, model: string, total: number): number {
    if (cacheKey.startsWith('pvc:')) {
      const [namespace, claim] = cacheKey.slice(4).split('/');
      const pvc = this.deps.store.get(KEYS.pvcs, namespace, claim);
      const models = (pvc?.metadata.annotations?.[SIM_ANNOTATIONS.cachedModels] ?? '').split(',').map((s) => s.trim());
      if (models.includes(model)) return total;
    }
    return Math.min(total, this.deps.downloads.get(`${cacheKey}|${model}`) ?? 0);
  }

  /** Remember how much of the download reached a persistent cache before the process ended. */
  private recordDownload(rt: ContainerRuntime, t: number): void {
    const plan = rt.plan;
    const dl = rt.script?.download;
    if (!plan?.model || !dl || plan.weights.kind !== 'persistent') return;
    const bytes = t >= dl.end ? dl.totalBytes : Math.max(dl.fromBytes, dl.fromBytes + ((t - dl.start) / 1000) * DOWNLOAD_BYTES_PER_SECOND);
    const key = `${plan.weights.key}|${plan.model.id}`;
    this.deps.downloads.set(key, Math.max(this.deps.downloads.get(key) ?? 0, Math.min(bytes, dl.totalBytes)));
    if (bytes >= dl.totalBytes && plan.weights.key.startsWith('pvc:')) this.markPvcCached(plan.weights.key.slice(4), plan.model.id);
  }

  private markPvcCached(claimKey: string, model: string): void {
    const [namespace, claim] = claimKey.split('/');
    const pvc = this.deps.store.get(KEYS.pvcs, namespace, claim);
    if (!pvc) return;
    const models = new Set((pvc.metadata.annotations?.[SIM_ANNOTATIONS.cachedModels] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    if (models.has(model)) return;
    models.add(model);
    try {
      this.deps.store.update(KEYS.pvcs, { ...pvc, metadata: { ...pvc.metadata, resourceVersion: undefined, annotations: { ...(pvc.metadata.annotations ?? {}), [SIM_ANNOTATIONS.cachedModels]: [...models].join(',') } } });
    } catch {
      // The PVC went away meanwhile; nothing to remember.
    }
  }

  private serverUp(rt: ContainerRuntime, t: number): void {
    rt.upAt = t;
    this.recordDownload(rt, t);
    const plan = rt.plan!;
    const kind = serverKindFor(plan.profile.kind);
    if (!kind || !plan.profile.servedModel) return;
    const instance = rt.instance;
    this.deps
      .serverFactory(this.pod, rt.spec, { kind, modelId: plan.profile.servedModel, apiKey: plan.profile.apiKey, containerPort: plan.profile.port })
      .then(async (server) => {
        if (!server) return;
        if (this.stopped || rt.instance !== instance || this.evicted) return void (await server.close());
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

  private exit(rt: ContainerRuntime, t: number, exitCode: number, reason: string): void {
    this.recordDownload(rt, t);
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
      if (exitCode === 0 && next?.init) this.schedule(next, t + 500, (tt) => this.ensureImage(next, tt));
      else if (exitCode === 0) this.startApps(t + 500);
      return;
    }
    const policy = (this.pod.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
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
      this.ensureImage(rt, tt);
    };
    if (delay === 0) {
      this.schedule(rt, t + 1000, restart);
      return;
    }
    this.schedule(rt, t + 1000, (tt) => {
      rt.lastState = terminated;
      rt.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoffText(delay)} restarting failed container=${rt.spec.name} pod=${this.name}_${this.namespace}(${this.pod.metadata.uid})` } };
      this.event(tt, 'Warning', 'BackOff', `Back-off restarting failed container ${rt.spec.name} in pod ${this.name}_${this.namespace}(${this.pod.metadata.uid})`, rt);
      this.schedule(rt, t + delay, (t2) => {
        rt.lastState = terminated;
        rt.restartCount++;
        this.ensureImage(rt, t2);
      });
    });
  }

  private evict(t: number, message: string): void {
    this.event(t, 'Warning', 'Evicted', message);
    for (const rt of this.containers) {
      if (!('running' in rt.state)) continue;
      this.event(t, 'Normal', 'Killing', `Stopping container ${rt.spec.name}`, rt);
      rt.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: isoSeconds(rt.startedAt ?? t), finishedAt: isoSeconds(t), containerID: rt.containerID } };
      rt.ready = false;
      rt.instance++;
      this.deps.logs.endInstance(this.namespace, this.name, rt.spec.name);
      void this.closeServer(rt);
    }
    this.evicted = { message };
    this.dirty = true;
    this.queue.length = 0;
  }

  // ---- probes ----

  private startProbes(rt: ContainerRuntime, t: number): void {
    const { startupProbe } = rt.spec;
    if (startupProbe) this.schedule(rt, t + (startupProbe.initialDelaySeconds ?? 0) * 1000, (tt) => this.probe(rt, 'startup', startupProbe, tt));
    else this.afterStarted(rt, t);
  }

  private afterStarted(rt: ContainerRuntime, t: number): void {
    rt.started = true;
    const { readinessProbe, livenessProbe } = rt.spec;
    if (readinessProbe) this.schedule(rt, Math.max(t, (rt.startedAt ?? t) + (readinessProbe.initialDelaySeconds ?? 0) * 1000), (tt) => this.probe(rt, 'readiness', readinessProbe, tt));
    else rt.ready = true;
    if (livenessProbe) this.schedule(rt, Math.max(t, (rt.startedAt ?? t) + (livenessProbe.initialDelaySeconds ?? 0) * 1000), (tt) => this.probe(rt, 'liveness', livenessProbe, tt));
  }

  private probe(rt: ContainerRuntime, which: 'startup' | 'readiness' | 'liveness', probe: Probe, t: number): void {
    const result = this.evaluate(rt, probe, t);
    if (result instanceof Promise) {
      const instance = rt.instance;
      void result.then((r) => {
        if (this.stopped || rt.instance !== instance) return;
        this.at(this.deps.clock.now().getTime(), () => {
          this.lastT = t;
          this.guard(rt, (tt) => this.onProbeResult(rt, which, probe, tt, r))(t);
          this.dirty = true;
        });
        this.pump();
      });
      return;
    }
    this.onProbeResult(rt, which, probe, t, result);
  }

  private evaluate(rt: ContainerRuntime, probe: Probe, t: number): ProbeResult | Promise<ProbeResult> {
    const plan = rt.plan!;
    const port = probePort(probe, rt.spec.ports) ?? plan.profile.port;
    if (plan.profile.kind === 'generic') return { ok: true };
    if (rt.upAt === undefined || port !== plan.profile.port) return connectionRefused(probe, this.podIP, port);
    if (probe.httpGet && rt.server && this.isLive(t)) return httpProbe(probe, rt.server.port, this.podIP, port, REAL_PROBE_TIMEOUT_MS);
    return staticProbe(probe, plan.profile.kind);
  }

  private accessLog(rt: ContainerRuntime, probe: Probe, t: number, result: ProbeResult): void {
    const kind = rt.plan?.profile.kind;
    if (!probe.httpGet || rt.upAt === undefined || result.status === undefined) return;
    const path = probe.httpGet.path ?? '/';
    const reason = result.status === 200 ? ' OK' : result.status === 404 ? ' Not Found' : '';
    const nodeIP = (this.node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.42.0.1';
    let text: string | undefined;
    if (kind === 'vllm' || kind === 'vllm-omni') text = `(APIServer pid=1) INFO:     ${nodeIP}:${40000 + (t / 1000) % 20000 | 0} - "GET ${path} HTTP/1.1" ${result.status}${reason}`;
    else if (kind === 'nim') text = `INFO ${new Date(t).toISOString().replace('T', ' ').replace('Z', '')} httptools_impl.py:481] ${nodeIP}:${40000 + (t / 1000) % 20000 | 0} - "GET ${path} HTTP/1.1" ${result.status}`;
    if (text) this.deps.logs.append(this.namespace, this.name, rt.spec.name, { time: new Date(t), text });
  }

  private onProbeResult(rt: ContainerRuntime, which: 'startup' | 'readiness' | 'liveness', probe: Probe, t: number, result: ProbeResult): void {
    this.accessLog(rt, probe, t, result);
    const period = (probe.periodSeconds ?? 10) * 1000;
    const threshold = probe.failureThreshold ?? 3;
    const label = which === 'startup' ? 'Startup' : which === 'readiness' ? 'Readiness' : 'Liveness';
    if (result.ok) {
      rt.probeFailures[which] = 0;
      if (which === 'startup') return this.afterStarted(rt, t);
      if (which === 'readiness' && ++rt.readinessSuccesses >= (probe.successThreshold ?? 1)) rt.ready = true;
      this.schedule(rt, t + period, (tt) => this.probe(rt, which, probe, tt));
      return;
    }
    rt.probeFailures[which]++;
    rt.readinessSuccesses = 0;
    this.event(t, 'Warning', 'Unhealthy', `${label} probe failed: ${result.message}`, rt);
    if (which === 'readiness') {
      if (rt.probeFailures.readiness >= threshold) rt.ready = false;
      this.schedule(rt, t + period, (tt) => this.probe(rt, which, probe, tt));
      return;
    }
    if (rt.probeFailures[which] >= threshold) {
      this.event(t, 'Normal', 'Killing', `Container ${rt.spec.name} failed ${which} probe, will be restarted`, rt);
      // The server honours SIGTERM within the grace period: exit 143, not a SIGKILL.
      this.schedule(rt, t + 1000, (tt) => this.exit(rt, tt, 143, 'Error'));
      return;
    }
    this.schedule(rt, t + period, (tt) => this.probe(rt, which, probe, tt));
  }

  // ---- status ----

  private flushStatus(): void {
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    const current = this.deps.store.get(KEYS.pods, this.namespace, this.name);
    if (!current || current.metadata.uid !== this.pod.metadata.uid) return;
    this.pod = current;
    const status = this.composeStatus(current);
    if (JSON.stringify(status) === JSON.stringify(current.status)) return;
    try {
      this.deps.store.update(KEYS.pods, { ...current, status });
    } catch {
      this.dirty = true;
    }
  }

  private containerStatus(rt: ContainerRuntime): Record<string, unknown> {
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

  private composeStatus(pod: KubeObject): Record<string, unknown> {
    const previous = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
    const now = isoSeconds(this.lastT || this.deps.clock.now().getTime());
    const condition = (type: string, ok: boolean, reason?: string, message?: string) => {
      const before = previous.conditions?.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      return { type, status, lastProbeTime: null, lastTransitionTime: before?.status === status ? before.lastTransitionTime : now, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
    };
    const apps = this.containers.filter((c) => !c.init);
    const inits = this.containers.filter((c) => c.init);
    const allReady = apps.every((c) => c.ready) && !this.evicted;
    const notReady = apps.filter((c) => !c.ready).map((c) => c.spec.name);
    const notReadyMessage = notReady.length ? `containers with unready status: [${notReady.join(' ')}]` : undefined;
    let phase = 'Pending';
    if (this.evicted) phase = 'Failed';
    else if (apps.length && apps.every((c) => c.done)) phase = apps.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
    else if (apps.some((c) => c.containerID)) phase = 'Running';
    const scheduled = previous.conditions?.find((c) => c.type === 'PodScheduled');
    const conditions = [
      condition('PodReadyToStartContainers', this.sandboxReady && !this.evicted),
      condition('Initialized', this.initialized, this.initialized ? undefined : 'ContainersNotInitialized', this.initialized ? undefined : `containers with incomplete status: [${inits.filter((c) => !c.done).map((c) => c.spec.name).join(' ')}]`),
      condition('Ready', allReady, allReady ? undefined : phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady', allReady || phase === 'Succeeded' ? undefined : notReadyMessage),
      condition('ContainersReady', allReady, allReady ? undefined : phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady', allReady || phase === 'Succeeded' ? undefined : notReadyMessage),
      ...(scheduled ? [scheduled] : []),
      ...(this.evicted ? [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'TerminationByKubelet', message: this.evicted.message.trim() }] : []),
    ];
    const hostIP = (this.node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    return {
      phase,
      ...(this.evicted ? { reason: 'Evicted', message: this.evicted.message } : {}),
      conditions,
      ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
      ...(this.sandboxReady ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      ...(this.startTime !== undefined ? { startTime: isoSeconds(this.startTime) } : {}),
      ...(inits.length ? { initContainerStatuses: inits.map((c) => this.containerStatus(c)) } : {}),
      containerStatuses: apps.map((c) => this.containerStatus(c)),
      qosClass: (pod.status as { qosClass?: string } | undefined)?.qosClass ?? 'BestEffort',
    };
  }

  /** Wake up now (e.g. a Secret appeared): retries happen on their own schedule, this only re-pumps. */
  poke(): void {
    this.pump();
  }
}
