import { handleCaptionChat } from './chat/captionChat';
import { sendJson } from './http/respond';
import { startSimServer } from './http/simServer';
import { batchingEngineFor, withEngineLoad } from './engine/attachEngine';
import { ServerMetrics } from './metrics';
import type { InferenceServerOptions, RunningInferenceServer } from './types';
import { metricsRoute, modelsRoute, timingOf, vllmDefinition, VllmErrors } from './vllmCommon';

export const DEFAULT_NIM_MODEL = 'meta/llama-3.1-8b-instruct';

/** A NIM LLM container: NIM's /v1/health/{ready,live}, /v1/models, /v1/metrics, text chat completions. */
export function startNimLlmServer(options: InferenceServerOptions = {}): Promise<RunningInferenceServer> {
  const modelId = options.modelId ?? DEFAULT_NIM_MODEL;
  const errors = new VllmErrors(options.vllmErrorStyle ?? 'current');
  const metrics = new ServerMetrics(modelId, 64, 'nim');
  const timing = timingOf(options);
  const engine = batchingEngineFor(options, metrics);
  if (engine) metrics.setMaxRunning(engine.options.maxNumSeqs);
  return withEngineLoad(startSimServer(options, ({ warmup }) => {
    const definition = vllmDefinition('nim-llm', modelId, errors, [
      {
        method: 'GET', path: '/v1/health/ready', public: true, duringWarmup: true,
        handler: ({ res }) => warmup.isWarm()
          ? sendJson(res, 200, { object: 'health.response', message: 'Service is ready.' })
          : sendJson(res, 503, { object: 'health.response', message: 'Service is not ready.' }),
      },
      { method: 'GET', path: '/v1/health/live', public: true, duringWarmup: true, handler: ({ res }) => sendJson(res, 200, { object: 'health.response', message: 'Service is live.' }) },
      metricsRoute('/v1/metrics', metrics),
      modelsRoute('/v1/models', modelId, 'system', 131072),
      {
        method: 'POST', path: '/v1/chat/completions',
        handler: (ctx) => handleCaptionChat(ctx, {
          modelId, timing, metrics, engine, unknownModel: errors.unknownModel, badRequest: errors.badRequest, allowBareBase64: false, maxImagesPerRequest: 0,
        }),
      },
    ]);
    // Probes and the operator's model check carry no key.
    return { ...definition, requiresAuth: (path) => path.startsWith('/v1') && !path.startsWith('/v1/health/') };
  }), engine);
}
