import type { InferenceServerFactory } from '../kubelet/serverFactory.js';
import type { EngineLoad, InferenceServerKind, InferenceServerOptions } from '../servers/types.js';
import type { KubeObject } from '../store/types.js';

/**
 * On a pod template (a NIMService's `spec.annotations`, a Deployment's template): the engine model the simulated
 * server behind the pod runs, as JSON — `{"engine":{"maxNumSeqs":16,…}}` for chat and caption servers,
 * `{"diffusion":{"maxBatch":2,…}}` for image-edit servers (see src/sim/servers/engine).
 */
export const ENGINE_ANNOTATION = 'sim.ies.dev/engine';

export interface ServedPod {
  kind: InferenceServerKind;
  container: string;
  load?: () => EngineLoad;
}

/** Starts the simulated server of each running container with the engine its pod asks for, and remembers which pod runs what. */
export class EngineRegistry {
  private readonly byPod = new Map<string, ServedPod>();

  readonly factory: InferenceServerFactory = async (pod, container, spec) => {
    const { startInferenceServer } = await import('../servers/index.js');
    const running = await startInferenceServer(spec.kind, { modelId: spec.modelId, apiKey: spec.apiKey, port: 0, host: '127.0.0.1', ...engineOptionsOf(pod) });
    const key = keyOf(pod.metadata.namespace ?? 'default', pod.metadata.name);
    const served: ServedPod = { kind: spec.kind, container: container.name, load: running.load };
    this.byPod.set(key, served);
    return {
      port: running.port,
      close: async () => {
        if (this.byPod.get(key) === served) this.byPod.delete(key);
        await running.close();
      },
    };
  };

  lookup(namespace: string, pod: string): ServedPod | undefined {
    return this.byPod.get(keyOf(namespace, pod));
  }
}

const keyOf = (namespace: string, pod: string) => `${namespace}/${pod}`;

/** The annotation's engine settings; a value that is not JSON of that shape is ignored (the server keeps its fixed timing). */
export function engineOptionsOf(pod: KubeObject): Pick<InferenceServerOptions, 'engine' | 'diffusion'> {
  const raw = pod.metadata.annotations?.[ENGINE_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const pick = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
    return { engine: pick(parsed.engine) as InferenceServerOptions['engine'], diffusion: pick(parsed.diffusion) as InferenceServerOptions['diffusion'] };
  } catch {
    return {};
  }
}
