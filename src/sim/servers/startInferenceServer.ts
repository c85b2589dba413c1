import { startNimLlmServer } from './nimLlmServer';
import { startNunchakuServer } from './nunchakuServer';
import { startOmegaServer, type OmegaServerOptions } from './omegaServer';
import type { InferenceServerKind, InferenceServerOptions, RunningInferenceServer } from './types';
import { startVllmOmniServer } from './vllmOmniServer';
import { startVllmVlmServer } from './vllmVlmServer';

export const INFERENCE_SERVER_KINDS: readonly InferenceServerKind[] = ['vllm-omni', 'vllm-vlm', 'nunchaku', 'omega', 'nim-llm'];

/** Starts the simulated server of one kind on loopback. */
export function startInferenceServer(kind: InferenceServerKind, options: InferenceServerOptions | OmegaServerOptions = {}): Promise<RunningInferenceServer> {
  switch (kind) {
    case 'vllm-omni': return startVllmOmniServer(options);
    case 'vllm-vlm': return startVllmVlmServer(options);
    case 'nunchaku': return startNunchakuServer(options);
    case 'omega': return startOmegaServer(options);
    case 'nim-llm': return startNimLlmServer(options);
    default:
      return Promise.reject(new Error(`unknown inference server kind ${JSON.stringify(kind)}; expected one of ${INFERENCE_SERVER_KINDS.join(', ')}`));
  }
}
