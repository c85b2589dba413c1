import type { EventRecorder } from '../operator/eventRecorder.js';
import type { KubeObject, ObjectStore, SimClock } from '../store/types.js';
import type { ContainerRuntime } from './containerRuntime.js';
import type { LogBook } from './logBook.js';
import type { InferenceServerFactory } from './serverFactory.js';

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

/** What the seams of a pod's run (image pull, probes) see of the pod runner. */
export interface PodContext {
  readonly deps: KubeletDeps;
  readonly pod: KubeObject;
  readonly node: KubeObject;
  readonly podIP: string;
  readonly namespace: string;
  readonly name: string;
  /** Runs `fn` at simulated time `t` if `rt` is still the same instance then. */
  schedule(rt: ContainerRuntime, t: number, fn: (t: number) => void): void;
  /** Runs `fn` (as of simulated `t`) now that an answer that took real time arrived, if `rt` is still `instance`. */
  resume(rt: ContainerRuntime, instance: number, t: number, fn: (t: number) => void): void;
  /** Whether a step at `t` happens now (probes go over HTTP) rather than in a replayed history. */
  isLive(t: number): boolean;
  event(t: number, type: 'Normal' | 'Warning', reason: string, message: string, rt?: ContainerRuntime): void;
  /** The image is on the node: create and start the container. */
  createContainer(rt: ContainerRuntime, t: number): void;
  /** The container's process ended. */
  exit(rt: ContainerRuntime, t: number, exitCode: number, reason: string): void;
}
