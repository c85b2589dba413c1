import type { KubeObject, ObjectStore, PodPortResolver, SimClock, StoreEvent } from '../store/types.js';
import { resourceKey } from '../store/types.js';
import type { EventRecorder } from '../operator/eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../operator/storeKeys.js';
import { parseDuration } from '../operator/time.js';
import { objectKey, WorkQueue } from '../operator/workQueue.js';
import { isReady } from '../scheduler/nodeFit.js';
import { LogBook } from './logBook.js';
import { PodRunner } from './podRunner.js';
import type { InferenceServerFactory } from './serverFactory.js';

export interface KubeletOptions {
  store: ObjectStore;
  clock: SimClock;
  events: EventRecorder;
  serverFactory: InferenceServerFactory;
  /** Pods first seen within this many real ms of start may replay a `sim.ies.dev/running-for` history. */
  historyWindowMs?: number;
}

/** The kubelets of every Ready node: run bound pods, keep their logs, and resolve their ports for port-forward. */
export class Kubelet implements PodPortResolver {
  readonly logs = new LogBook();
  private readonly runners = new Map<string, PodRunner>();
  private readonly imageCache = new Map<string, Set<string>>();
  private readonly downloads = new Map<string, number>();
  private readonly ipCounters = new Map<string, number>();
  private readonly queue = new WorkQueue((key) => this.sync(key));
  private readonly unsubscribe: () => void;
  private readonly startedReal = Date.now();

  constructor(private readonly options: KubeletOptions) {
    this.unsubscribe = options.store.subscribe((event) => this.onEvent(event));
    for (const pod of options.store.list(KEYS.pods)) this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name));
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    this.queue.stop();
    const runners = [...this.runners.values()];
    this.runners.clear();
    await Promise.all(runners.map((r) => r.stop()));
  }

  resolve(namespace: string, pod: string, port: number): { host: string; port: number } | undefined {
    const local = this.runners.get(objectKey(namespace, pod))?.resolve(port);
    return local === undefined ? undefined : { host: '127.0.0.1', port: local };
  }

  private onEvent(event: StoreEvent): void {
    const key = resourceKey(event.resource);
    if (key === KEYS.pods) {
      const podKey = objectKey(event.object.metadata.namespace, event.object.metadata.name);
      if (event.type === 'DELETED') return this.remove(podKey, event.object);
      if (!this.runners.has(podKey) && (event.object.spec as { nodeName?: string }).nodeName) this.queue.add(podKey);
    } else if (key === KEYS.nodes) {
      for (const pod of this.options.store.list(KEYS.pods)) if ((pod.spec as { nodeName?: string }).nodeName === event.object.metadata.name) this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name));
    }
  }

  private remove(podKey: string, pod: KubeObject): void {
    const runner = this.runners.get(podKey);
    if (!runner) return;
    this.runners.delete(podKey);
    void runner.stop();
    this.logs.removePod(pod.metadata.namespace ?? 'default', pod.metadata.name);
    this.options.events.forget(pod.metadata.uid);
  }

  private sync(podKey: string): void {
    if (this.runners.has(podKey)) return;
    const [namespace, name] = [podKey.slice(0, podKey.indexOf('/')), podKey.slice(podKey.indexOf('/') + 1)];
    const pod = this.options.store.get(KEYS.pods, namespace, name);
    if (!pod || pod.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (!nodeName || phase === 'Succeeded' || phase === 'Failed') return;
    const node = this.options.store.get(KEYS.nodes, undefined, nodeName);
    if (!node || !isReady(node)) return; // a NotReady node's kubelet is not there to run it
    const now = this.options.clock.now().getTime();
    const history = Date.now() - this.startedReal <= (this.options.historyWindowMs ?? 3000) ? parseDuration(pod.metadata.annotations?.[SIM_ANNOTATIONS.runningFor]) : undefined;
    const runner = new PodRunner(
      { store: this.options.store, clock: this.options.clock, events: this.options.events, logs: this.logs, serverFactory: this.options.serverFactory, imageCache: this.imageCache, downloads: this.downloads },
      pod,
      node,
      this.allocateIP(node),
      now - (history ?? 0),
    );
    this.runners.set(podKey, runner);
  }

  private allocateIP(node: KubeObject): string {
    const nodes = this.options.store.list(KEYS.nodes).map((n) => n.metadata.name);
    const index = Math.max(0, nodes.indexOf(node.metadata.name)) + 1;
    const next = (this.ipCounters.get(node.metadata.name) ?? 1) + 1;
    this.ipCounters.set(node.metadata.name, next);
    return `10.42.${index % 256}.${next % 254}`;
  }
}
