import { startClusterControllers } from '../operator/index.js';
import { startDcgmExporterServer, type RunningDcgmExporter } from '../servers/dcgm/dcgmExporterServer.js';
import type { ContainerLogSource, KubeObject, ObjectStore, PodPortResolver, SimClock } from '../store/types.js';
import { DCGM_NAMESPACE, DCGM_PORT, dcgmNamespace, dcgmPod, dcgmService } from './dcgmExporterObjects.js';
import { EngineRegistry } from './engineRegistry.js';
import { gpuCountOf, gpusOfNode } from './gpuInventory.js';

/** Clusters with more GPU nodes than this (the `large` fixture) get no exporter: one loopback server per node would not scale. */
const MAX_EXPORTER_NODES = 64;

interface PluginContext {
  store: ObjectStore;
  clock: SimClock;
  setLogSource(source: ContainerLogSource): void;
  setPortResolver(resolver: PodPortResolver): void;
}

/**
 * The GPU lab's control loops: the cluster controllers, with each inference server started with the engine model its
 * pod asks for (`sim.ies.dev/engine`), and the GPU Operator's dcgm-exporter — a pod per GPU node behind the Service
 * `gpu-operator/nvidia-dcgm-exporter`, reachable through port-forward on 9400, reporting the engines' load.
 */
export async function gpuLabControllersPlugin(ctx: PluginContext): Promise<{ dispose(): Promise<void> }> {
  const engines = new EngineRegistry();
  const controllers = startClusterControllers({ store: ctx.store, clock: ctx.clock, serverFactory: engines.factory });
  const exporters = new Map<string, RunningDcgmExporter>();
  try {
    const nodes = ctx.store.list('nodes').filter((n) => gpuCountOf(n) > 0);
    if (nodes.length > 0 && nodes.length <= MAX_EXPORTER_NODES) {
      const startedAt = ctx.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      createIfMissing(ctx.store, 'namespaces', dcgmNamespace());
      createIfMissing(ctx.store, 'services', dcgmService());
      for (const node of nodes) {
        const ready = !isNotReady(node);
        const pod = createIfMissing(ctx.store, 'pods', dcgmPod(node, ready, startedAt));
        if (!ready) continue;
        const nodeName = node.metadata.name;
        exporters.set(pod.metadata.name, await startDcgmExporterServer(() => {
          const current = ctx.store.get('nodes', undefined, nodeName);
          return current ? gpusOfNode(ctx.store, current, engines) : [];
        }));
      }
    }
  } catch (error) {
    for (const e of exporters.values()) await e.close();
    await controllers.stop();
    throw error;
  }
  ctx.setLogSource(controllers.logs);
  ctx.setPortResolver({
    resolve: (namespace, pod, port) => {
      const exporter = namespace === DCGM_NAMESPACE && port === DCGM_PORT ? exporters.get(pod) : undefined;
      return exporter ? { host: '127.0.0.1', port: exporter.port } : controllers.ports.resolve(namespace, pod, port);
    },
  });
  return {
    dispose: async () => {
      for (const e of exporters.values()) await e.close();
      await controllers.stop();
    },
  };
}

function isNotReady(node: KubeObject): boolean {
  const conditions = (node as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status !== 'True');
}

function createIfMissing(store: ObjectStore, key: string, object: KubeObject): KubeObject {
  return store.get(key, object.metadata.namespace, object.metadata.name) ?? store.create(key, object);
}
