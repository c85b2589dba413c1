import { createClock } from '../../src/sim/clock.js';
import { defaultStorageClass, namespace, node, opaqueSecret, pullSecret, type NodeShape } from '../../src/sim/fixtures/builders.js';
import { qwenImageEdit } from '../../src/sim/fixtures/demo.js';
import { createClusterStore, KEYS, startClusterControllers, type ClusterControllers, type InferenceServerFactory } from '../../src/sim/operator/index.js';
import type { MemoryStore } from '../../src/sim/store/memoryStore.js';
import type { KubeObject, SimClock } from '../../src/sim/store/types.js';

export interface TestCluster {
  store: MemoryStore;
  clock: SimClock;
  controllers: ClusterControllers;
  stop(): Promise<void>;
}

export const NS = 'osmo-nims';

export function gpuNode(name: string, gpus: number, extra: Partial<NodeShape> = {}): KubeObject {
  return node({ name, pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: `10.0.1.${gpus + name.length}`, ...extra }, '2025-01-01T00:00:00Z');
}

/**
 * The image-edit recipe's namespace as tests need it: the default storage class, the NGC and Hugging Face Secrets,
 * a Secret without the key preflight looks for, and the nvcr.io pull secret.
 */
export function seedRecipeNamespace(store: MemoryStore, ns: string = NS): void {
  store.create(KEYS.namespaces, namespace(ns));
  store.create(KEYS.storageClasses, defaultStorageClass('standard'));
  store.create(KEYS.secrets, opaqueSecret(ns, 'ngc-api-secret', { NGC_API_KEY: 'nvapi-FAKE' }));
  store.create(KEYS.secrets, opaqueSecret(ns, 'hf-token-secret', { HF_TOKEN: 'hf_FAKE' }));
  store.create(KEYS.secrets, opaqueSecret(ns, 'no-key-secret', { OTHER: 'x' }));
  store.create(KEYS.secrets, pullSecret(ns, 'nvcr-pull-secret', 'nvcr.io'));
}

/** A small cluster (one 8-GPU node unless given), the image-edit recipe's namespace and Secrets, controllers running. */
export function startTestCluster(options: { speed?: number; nodes?: KubeObject[]; serverFactory?: InferenceServerFactory } = {}): TestCluster {
  const clock = createClock(options.speed ?? 2000);
  const store = createClusterStore(clock);
  seedRecipeNamespace(store);
  for (const n of options.nodes ?? [gpuNode('gpu-0', 8)]) store.create(KEYS.nodes, n);
  const controllers = startClusterControllers({ store, clock, serverFactory: options.serverFactory });
  return { store, clock, controllers, stop: () => controllers.stop() };
}

export function nimService(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: NS }, spec };
}

export const NIM_CACHE_IMAGE = 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4';
export const NIM_CACHE_PROFILE = 'tensorrt_llm-h100-bf16-tp1-throughput';

/** A NIMCache of the Llama 3.1 8B NIM in `namespace` with one profile and a 50Gi PVC; `ngc`, `pvc` and `spec` add or replace fields. */
export function nimCacheObject(name: string, overrides: { namespace?: string; ngc?: Record<string, unknown>; pvc?: Record<string, unknown>; spec?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'apps.nvidia.com/v1alpha1',
    kind: 'NIMCache',
    metadata: { name, namespace: overrides.namespace ?? NS },
    spec: {
      source: { ngc: { modelPuller: NIM_CACHE_IMAGE, pullSecret: 'nvcr-pull-secret', authSecret: 'ngc-api-secret', model: { profiles: [NIM_CACHE_PROFILE] }, ...overrides.ngc } },
      storage: { pvc: { create: true, size: '50Gi', volumeAccessMode: 'ReadWriteOnce', ...overrides.pvc } },
      ...overrides.spec,
    },
  };
}

export function imageEditSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const spec = qwenImageEdit(overrides);
  delete spec.nodeSelector;
  return spec;
}

/** Polls (real time) until `check` returns a value, or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export function podsOf(store: MemoryStore, app: string): KubeObject[] {
  return store.list(KEYS.pods, NS).filter((p) => p.metadata.labels?.app === app);
}

export function eventsFor(store: MemoryStore, name: string): Array<{ type: string; reason: string; message: string; count: number }> {
  return store.list(KEYS.events, NS).filter((e) => (e.involvedObject as { name: string }).name === name) as never;
}

export type ContainerStatus = {
  name: string;
  restartCount: number;
  ready: boolean;
  state: { waiting?: { reason: string; message?: string }; running?: object; terminated?: { exitCode: number; reason: string } };
  lastState: { terminated?: { exitCode: number; reason: string; startedAt: string; finishedAt: string } };
};

export function containerStatus(pod: KubeObject | undefined): ContainerStatus | undefined {
  return (pod?.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses?.[0];
}

/** A factory that starts nothing: probes then judge from the runtime's known routes. */
export const noServers: InferenceServerFactory = async () => undefined;
