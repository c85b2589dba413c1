import { handleCaptionChat } from './chat/captionChat';
import { fastapiDetail } from './errorShapes';
import { fastapiDefinition } from './fastapiCommon';
import { HttpError } from './http/httpError';
import { sendJson } from './http/respond';
import { startSimServer } from './http/simServer';
import { batchingEngineFor, withEngineLoad } from './engine/attachEngine';
import { ServerMetrics } from './metrics';
import type { InferenceServerOptions, RunningInferenceServer } from './types';
import { timingOf } from './vllmCommon';

export const DEFAULT_OMEGA_MODEL = 'omega';

export interface OmegaServerOptions extends InferenceServerOptions {
  gpuCount?: number;
  maxImagesPerRequest?: number;
}

/** The Omega VLM server: a JSON /health with queues, batch and VLM config, and chat completions in both image dialects. */
export function startOmegaServer(options: OmegaServerOptions = {}): Promise<RunningInferenceServer> {
  const modelId = options.modelId ?? DEFAULT_OMEGA_MODEL;
  const gpuCount = options.gpuCount ?? 1;
  const maxImages = options.maxImagesPerRequest ?? 10;
  const metrics = new ServerMetrics(modelId);
  const timing = timingOf(options);
  const engine = batchingEngineFor(options, metrics);
  return withEngineLoad(startSimServer(options, ({ warmup }) => fastapiDefinition('omega', modelId, [
    {
      method: 'GET', path: '/health', public: true, duringWarmup: true,
      handler: ({ res }) => {
        const ready = warmup.isWarm();
        const queues = Array.from({ length: gpuCount }, (_, i) => (i === 0 ? metrics.runningRequests : 0));
        sendJson(res, ready ? 200 : 503, {
          model_path: `/models/${modelId}`,
          devices: Array.from({ length: gpuCount }, (_, i) => `cuda:${i}`),
          device_names: Array.from({ length: gpuCount }, () => 'NVIDIA A100-SXM4-80GB'),
          visible_cuda_devices: gpuCount,
          queues,
          ready,
          startup_ok: ready,
          startup_error: null,
          overloaded: metrics.runningRequests >= 128,
          max_queue_size: 128,
          dtype: 'torch.bfloat16',
          attn: 'flash_attention_2',
          batch: { max_batch_size: 2, batch_timeout_ms: 10 },
          vlm_config: { max_model_length: 8192, max_image_size: 1024, max_images_per_request: maxImages, allow_remote_images: true },
        });
      },
    },
    {
      method: 'POST', path: '/v1/chat/completions',
      handler: (ctx) => handleCaptionChat(ctx, {
        modelId, timing, metrics, engine, allowBareBase64: true, maxImagesPerRequest: maxImages, defaultMaxTokens: 512,
        badRequest: (message) => new HttpError(400, fastapiDetail(message)),
        extraFields: (elapsed) => ({ latency_seconds: Math.round(elapsed * 1000) / 1000 }),
      }),
    },
  ], ['/health'])), engine);
}
