import { randomInt, randomUUID } from 'node:crypto';
import { bytesToBase64, ImageError } from '../../core/image/index';
import { loadImageRef } from './chat/loadImageRef';
import { fastapiDetail, fastapiValidation } from './errorShapes';
import { fastapiDefinition } from './fastapiCommon';
import { HttpError } from './http/httpError';
import { sendJson } from './http/respond';
import { startSimServer, type RequestContext } from './http/simServer';
import { diffusionEngineFor, withEngineLoad } from './engine/attachEngine';
import { diffuse } from './engine/diffuse';
import type { DiffusionEngine } from './engine/diffusionEngine';
import { runEditJob } from './imageEdit/imageEditModel';
import { validateEditRequest } from './nunchakuValidation';
import type { GenerationTiming, InferenceServerOptions, RunningInferenceServer } from './types';
import { timingOf } from './vllmCommon';

export const DEFAULT_NUNCHAKU_MODEL = 'nunchaku-tech/nunchaku-qwen-image-edit';

interface ModelConfig {
  steps: 4 | 8;
  rank: 64 | 128;
  cpu_offload: boolean;
}

/** The Nunchaku Qwen-Image-Edit API (FastAPI): /health, POST /edit-image, /model-info, /model-config. */
export function startNunchakuServer(options: InferenceServerOptions = {}): Promise<RunningInferenceServer> {
  const modelId = options.modelId ?? DEFAULT_NUNCHAKU_MODEL;
  const timing = timingOf(options);
  const engine = diffusionEngineFor(options);
  const startedAt = Date.now();
  const config: ModelConfig = { steps: 8, rank: 128, cpu_offload: false };
  const modelInfo = () => ({ model_name: modelId, model_version: 'lightningv1.0', steps: config.steps, rank: config.rank, precision: 'int4', cpu_offload: config.cpu_offload });

  return withEngineLoad(startSimServer(options, ({ warmup }) => {
    const requireModel = () => {
      if (!warmup.isWarm()) throw new HttpError(503, fastapiDetail('Model is still loading; retry shortly'));
    };
    return fastapiDefinition('nunchaku', modelId, [
      {
        method: 'GET', path: '/health', public: true, duringWarmup: true,
        handler: ({ res }) => sendJson(res, 200, {
          status: warmup.isWarm() ? 'healthy' : 'loading',
          model_loaded: warmup.isWarm(),
          gpu_available: true,
          memory_usage: config.rank === 128 ? '4.2GB' : '3.5GB',
          uptime: Math.round((Date.now() - startedAt) / 100) / 10,
        }),
      },
      { method: 'GET', path: '/model-info', duringWarmup: true, handler: ({ res }) => { requireModel(); sendJson(res, 200, modelInfo()); } },
      {
        method: 'POST', path: '/model-config', duringWarmup: true,
        handler: async (ctx) => {
          requireModel();
          const body = (await ctx.json()) as Record<string, unknown> | null;
          const errors = [];
          if (body === null || typeof body !== 'object' || Array.isArray(body)) {
            throw new HttpError(422, fastapiValidation([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }]));
          }
          if (body.steps !== undefined && body.steps !== 4 && body.steps !== 8) errors.push({ type: 'literal_error', loc: ['body', 'steps'], msg: 'Input should be 4 or 8', input: body.steps });
          if (body.rank !== undefined && body.rank !== 64 && body.rank !== 128) errors.push({ type: 'literal_error', loc: ['body', 'rank'], msg: 'Input should be 64 or 128', input: body.rank });
          if (body.cpu_offload !== undefined && typeof body.cpu_offload !== 'boolean') errors.push({ type: 'bool_type', loc: ['body', 'cpu_offload'], msg: 'Input should be a valid boolean', input: body.cpu_offload });
          if (errors.length) throw new HttpError(422, fastapiValidation(errors));
          if (body.steps !== undefined) config.steps = body.steps as 4 | 8;
          if (body.rank !== undefined) config.rank = body.rank as 64 | 128;
          if (body.cpu_offload !== undefined) config.cpu_offload = body.cpu_offload as boolean;
          sendJson(ctx.res, 200, { success: true, message: 'Model configuration updated', model_info: modelInfo() });
        },
      },
      { method: 'POST', path: '/edit-image', duringWarmup: true, handler: async (ctx) => { requireModel(); await editImage(ctx, config, timing, engine); } },
    ], ['/health']);
  }), engine);
}

async function editImage(ctx: RequestContext, config: ModelConfig, timing: GenerationTiming, engine: DiffusionEngine | undefined): Promise<void> {
  const begun = performance.now();
  const { value: request, errors } = validateEditRequest(await ctx.json());
  if (!request) throw new HttpError(422, fastapiValidation(errors.map((e) => (e.type === 'missing' ? { ...e, input: summarise(e.input) } : e))));
  let input;
  try {
    input = (await loadImageRef({ dialect: 'image', value: request.image }, { allowBareBase64: true, allowRemote: true })).image;
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    throw new HttpError(400, { error: 'Invalid image', detail: error.message, timestamp: new Date().toISOString(), request_id: randomUUID() });
  }
  await diffuse(engine, timing, { steps: request.num_inference_steps, inputs: [input], n: 1 });
  const seed = request.seed ?? randomInt(0, 2 ** 32 - 1);
  const [png] = runEditJob({ inputs: [input], prompt: request.prompt, negativePrompt: request.negative_prompt, seed, steps: request.num_inference_steps, n: 1, outputFormat: 'png' }).images;
  sendJson(ctx.res, 200, {
    success: true,
    edited_image: bytesToBase64(png),
    processing_time: Math.round((performance.now() - begun) / 10) / 100,
    model_info: { steps: request.num_inference_steps, rank: request.rank, model_version: 'lightningv1.0', seed, cpu_offload: config.cpu_offload },
  });
}

/** FastAPI echoes the whole body as `input` of a missing-field error; cut the base64 so error bodies stay small. */
function summarise(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' && v.length > 64 ? `${v.slice(0, 61)}...` : v]));
}
