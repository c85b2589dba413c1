import { handleCaptionChat } from './chat/captionChat';
import { startSimServer } from './http/simServer';
import { batchingEngineFor, withEngineLoad } from './engine/attachEngine';
import { ServerMetrics } from './metrics';
import type { InferenceServerOptions, RunningInferenceServer } from './types';
import { metricsRoute, modelsRoute, timingOf, versionRoute, vllmDefinition, VllmErrors, vllmHealthRoute } from './vllmCommon';

export const DEFAULT_VLM_MODEL = 'nvidia/nemotron-nano-12b-v2-vl';

/**
 * vLLM serving a captioning VLM (Nemotron Nano 12B v2 VL, as nv-ingest calls it): /v1/models, /health, /metrics, /version, /v1/chat/completions.
 * Like real vLLM it has no /v1/health/* routes (404), which is what breaks NIM's default probes.
 */
export function startVllmVlmServer(options: InferenceServerOptions = {}): Promise<RunningInferenceServer> {
  const modelId = options.modelId ?? DEFAULT_VLM_MODEL;
  const errors = new VllmErrors(options.vllmErrorStyle ?? 'current');
  const metrics = new ServerMetrics(modelId);
  const timing = timingOf(options);
  const engine = batchingEngineFor(options, metrics);
  return withEngineLoad(startSimServer(options, ({ warmup }) => vllmDefinition('vllm-vlm', modelId, errors, [
    vllmHealthRoute(() => warmup.isWarm()),
    metricsRoute('/metrics', metrics),
    versionRoute('0.11.0'),
    modelsRoute('/v1/models', modelId, 'vllm', 32768),
    {
      method: 'POST',
      path: '/v1/chat/completions',
      handler: (ctx) => handleCaptionChat(ctx, {
        modelId, timing, metrics, engine, unknownModel: errors.unknownModel, badRequest: errors.badRequest, allowBareBase64: false,
      }),
    },
  ])), engine);
}
