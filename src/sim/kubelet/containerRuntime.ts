import type { ContainerPlan } from './containerPlan.js';
import type { Script } from './logScript.js';
import type { ContainerSpec } from './runtimeProfile.js';
import type { RunningServer } from './serverFactory.js';

/** A container's state as the API reports it (`state` / `lastState`). */
export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; containerID?: string; message?: string } };

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

/** What the kubelet knows of one container of a pod across its restarts. */
export interface ContainerRuntime {
  spec: ContainerSpec;
  init: boolean;
  /** Bumped on every start and stop: steps scheduled for an older instance are dropped. */
  instance: number;
  restartCount: number;
  crashes: number;
  pullFailures: number;
  configFailures: number;
  state: ContainerState;
  lastState: ContainerState | Record<string, never>;
  ready: boolean;
  started: boolean;
  containerID?: string;
  imageID?: string;
  startedAt?: number;
  plan?: ContainerPlan;
  script?: Script;
  upAt?: number;
  server?: RunningServer;
  probeFailures: Record<ProbeKind, number>;
  readinessSuccesses: number;
  done: boolean;
}

export function newContainerRuntime(spec: ContainerSpec, init: boolean): ContainerRuntime {
  return {
    spec, init, instance: 0, restartCount: 0, crashes: 0, pullFailures: 0, configFailures: 0,
    state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } }, lastState: {},
    ready: false, started: false, probeFailures: { startup: 0, readiness: 0, liveness: 0 }, readinessSuccesses: 0, done: false,
  };
}
