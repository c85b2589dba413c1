import type { ContainerLogSource, ObjectStore, PodPortResolver, SimClock } from '../store/types.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { defaultServerFactory, type InferenceServerFactory } from '../kubelet/serverFactory.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { EventRecorder } from './eventRecorder.js';
import { NimCacheController } from './nimCacheController.js';
import { NimServiceController } from './nimService/nimServiceController.js';
import { PvcBinder } from './pvcBinder.js';
import { DeploymentController } from './workloads/deploymentController.js';
import { JobController } from './workloads/jobController.js';
import { ReplicaSetController } from './workloads/replicaSetController.js';
import { StatefulSetController } from './workloads/statefulSetController.js';

export interface ClusterControllersOptions {
  store: ObjectStore;
  clock: SimClock;
  /** Starts the simulated server behind each running inference container; default: src/sim/servers. */
  serverFactory?: InferenceServerFactory;
}

export interface ClusterControllers {
  logs: ContainerLogSource;
  ports: PodPortResolver;
  stop(): Promise<void>;
}

function clusterIPAllocator(): () => string {
  let next = 10;
  return () => {
    next++;
    return `10.96.${Math.floor(next / 250) % 256}.${(next % 250) + 1}`;
  };
}

/**
 * The cluster's control loops in one call: NIM Operator (NIMService, NIMCache), Deployment / ReplicaSet /
 * StatefulSet / Job controllers, PVC binding, the scheduler and the kubelets. Objects annotated
 * `sim.ies.dev/static` (the large fixture) are left as they are.
 */
export function startClusterControllers(options: ClusterControllersOptions): ClusterControllers {
  const { store, clock } = options;
  const events = new EventRecorder(store, clock);
  const kubelet = new Kubelet({ store, clock, events, serverFactory: options.serverFactory ?? defaultServerFactory });
  const stoppables: Array<{ stop(): void | Promise<void> }> = [
    new PvcBinder(store, events),
    new NimCacheController(store, clock, events),
    new NimServiceController({ store, clock, events, ports: kubelet, clusterIP: clusterIPAllocator() }),
    new DeploymentController(store, events, () => clock.now()),
    new ReplicaSetController(store, events),
    new StatefulSetController(store, events),
    new JobController(store, clock, events),
    new Scheduler(store, clock, events),
    kubelet,
  ];
  return {
    logs: kubelet.logs,
    ports: kubelet,
    stop: async () => {
      for (const s of [...stoppables].reverse()) await s.stop();
    },
  };
}

export type { InferenceServerFactory, InferenceServerSpec, RunningServer } from '../kubelet/serverFactory.js';
export { createClusterStore } from './clusterStore.js';
export { renderDeployment, renderService, renderPvc, renderPodTemplate } from './nimService/renderNimService.js';
export { KEYS, SIM_ANNOTATIONS } from './storeKeys.js';
import { loadFixture, type FixtureName } from '../fixtures/index.js';
export { loadFixture, FIXTURE_NAMES, type FixtureName, type FixtureOptions } from '../fixtures/index.js';

/** `startSimulator({ seed: seedFixture })`: loads the fixture named in the simulator options. */
export function seedFixture(ctx: { store: ObjectStore; clock: SimClock; fixture: FixtureName }): void {
  loadFixture(ctx.store, ctx.fixture, { now: ctx.clock.now() });
}

/** `startSimulator({ controllers: [clusterControllersPlugin] })`: runs the controllers and hands logs / ports to the API server. */
export function clusterControllersPlugin(ctx: { store: ObjectStore; clock: SimClock; setLogSource(source: ContainerLogSource): void; setPortResolver(resolver: PodPortResolver): void }): { dispose(): Promise<void> } {
  const controllers = startClusterControllers({ store: ctx.store, clock: ctx.clock });
  ctx.setLogSource(controllers.logs);
  ctx.setPortResolver(controllers.ports);
  return { dispose: () => controllers.stop() };
}
