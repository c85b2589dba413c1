import type { KubeObject } from '../store/types.js';
import type { ContainerSpec, RuntimeKind } from './runtimeProfile.js';

export type SimServerKind = 'vllm-omni' | 'vllm-vlm' | 'nunchaku' | 'omega' | 'nim-llm';

/** What the kubelet asks for when a container's server comes up. */
export interface InferenceServerSpec {
  kind: SimServerKind;
  modelId: string;
  apiKey?: string;
  /** The port the container listens on inside the pod (the real server picks a free loopback port). */
  containerPort: number;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the simulated server behind a running container; undefined when there is none to start. */
export type InferenceServerFactory = (pod: KubeObject, container: ContainerSpec, spec: InferenceServerSpec) => Promise<RunningServer | undefined>;

export function serverKindFor(kind: RuntimeKind): SimServerKind | undefined {
  switch (kind) {
    case 'vllm-omni': return 'vllm-omni';
    case 'vllm': return 'vllm-vlm';
    case 'nim': return 'nim-llm';
    case 'nunchaku': return 'nunchaku';
    case 'omega': return 'omega';
    default: return undefined;
  }
}

/** The default: the inference-server simulators in src/sim/servers, on a free loopback port. */
export const defaultServerFactory: InferenceServerFactory = async (_pod, _container, spec) => {
  const servers = await import('../servers/index.js');
  const running = await servers.startInferenceServer(spec.kind, { modelId: spec.modelId, apiKey: spec.apiKey, port: 0, host: '127.0.0.1' });
  return { port: running.port, close: () => running.close() };
};
