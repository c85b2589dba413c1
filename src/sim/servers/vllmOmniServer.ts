import { randomInt } from 'node:crypto';
import { bytesToBase64, ImageError, toDataUrl, type RgbaImage } from '../../core/image/index';
import { allImages, ChatRequestError, lastUserText, parseChatRequest } from './chat/chatRequest';
import { loadImageRef } from './chat/loadImageRef';
import { fastapiDetail, pythonReprOfErrors } from './errorShapes';
import { HttpError } from './http/httpError';
import { sendJson } from './http/respond';
import { startSimServer, type RequestContext } from './http/simServer';
import { diffusionEngineFor, withEngineLoad } from './engine/attachEngine';
import { diffuse } from './engine/diffuse';
import type { DiffusionEngine } from './engine/diffusionEngine';
import { parseSize, runEditJob, type OutputFormat } from './imageEdit/imageEditModel';
import { ServerMetrics } from './metrics';
import type { GenerationTiming, InferenceServerOptions, RunningInferenceServer } from './types';
import { metricsRoute, modelsRoute, timingOf, versionRoute, vllmDefinition, VllmErrors, vllmHealthRoute } from './vllmCommon';

export const DEFAULT_IMAGE_EDIT_MODEL = 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL';
const DEFAULT_STEPS = 50;
const MAX_UINT32 = 2 ** 32 - 1;

interface OmniContext {
  modelId: string;
  errors: VllmErrors;
  metrics: ServerMetrics;
  timing: GenerationTiming;
  engine?: DiffusionEngine;
}

/**
 * vLLM-omni serving an image-edit diffusion model (`vllm serve <model> --omni`): /v1/models, /health, /metrics,
 * POST /v1/images/edits (multipart, as in vllm-omni's edit_images), POST /v1/images/generations and the older
 * chat-completions diffusion form. Images are real PNGs, deterministically edited from (prompt, seed, steps).
 */
export function startVllmOmniServer(options: InferenceServerOptions = {}): Promise<RunningInferenceServer> {
  const modelId = options.modelId ?? DEFAULT_IMAGE_EDIT_MODEL;
  const metrics = new ServerMetrics(modelId);
  const omni: OmniContext = { modelId, errors: new VllmErrors(options.vllmErrorStyle ?? 'current'), metrics, timing: timingOf(options), engine: diffusionEngineFor(options, metrics) };
  return withEngineLoad(startSimServer(options, ({ warmup }) => vllmDefinition('vllm-omni', modelId, omni.errors, [
    vllmHealthRoute(() => warmup.isWarm()),
    metricsRoute('/metrics', omni.metrics),
    versionRoute('0.14.0'),
    modelsRoute('/v1/models', modelId, 'vllm-omni', 4096),
    { method: 'POST', path: '/v1/images/edits', handler: (ctx) => handleEdits(ctx, omni) },
    { method: 'POST', path: '/v1/images/generations', handler: (ctx) => handleGenerations(ctx, omni) },
    { method: 'POST', path: '/v1/chat/completions', handler: (ctx) => handleChatDiffusion(ctx, omni) },
  ])), omni.engine);
}

const detail = (status: number, message: string) => new HttpError(status, fastapiDetail(message));

async function handleEdits(ctx: RequestContext, omni: OmniContext): Promise<void> {
  const contentType = String(ctx.req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(contentType)) {
    throw omni.errors.badRequest(`/v1/images/edits expects multipart/form-data (got ${contentType || 'no content-type'}); send fields with curl -F image=@in.png -F prompt=…`);
  }
  const form = await ctx.form();
  const field = (name: string) => form.fields.get(name)?.[0];
  const prompt = field('prompt');
  if (prompt === undefined) {
    throw omni.errors.badRequest(pythonReprOfErrors([{ type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: null }]), 'prompt');
  }
  if (form.fields.has('image') || form.fields.has('image[]')) {
    throw omni.errors.badRequest("Field 'image' must be an uploaded file (curl -F image=@in.png); send URLs or data URLs in 'url' instead", 'image');
  }
  const n = intField(omni, field('n'), 'n', 1, 1, 10);
  const steps = intField(omni, field('num_inference_steps'), 'num_inference_steps', DEFAULT_STEPS, 1, 1000);
  const seed = intField(omni, field('seed'), 'seed', randomInt(0, MAX_UINT32), 0, MAX_UINT32);
  const model = field('model');
  if (model !== undefined && model !== omni.modelId) {
    throw detail(400, `Model mismatch: request specifies '${model}' but server is running '${omni.modelId}'.`);
  }
  const outputFormat = chooseOutputFormat(field('output_format'));
  if ((field('response_format') ?? 'b64_json') !== 'b64_json') throw detail(400, "Only response_format 'b64_json' is supported now.");
  if (/^(true|1|yes|on)$/i.test(field('stream') ?? '')) throw detail(400, 'stream=true is only supported for multi-stage image editing pipelines.');

  const sources = [...(form.files.get('image') ?? []), ...(form.files.get('image[]') ?? [])];
  const urls = [...(form.fields.get('url') ?? []), ...(form.fields.get('url[]') ?? [])];
  if (sources.length === 0 && urls.length === 0) throw detail(422, "Field 'image' or 'url' is required");
  const inputs: RgbaImage[] = [];
  try {
    for (const file of sources) inputs.push((await loadImageRef({ dialect: 'image_url', value: toDataUrl(file.bytes) }, { allowBareBase64: false, allowRemote: false })).image);
    for (const url of urls) inputs.push((await loadImageRef({ dialect: 'image_url', value: url }, { allowBareBase64: false, allowRemote: true })).image);
  } catch (error) {
    if (error instanceof ImageError) throw detail(400, `Failed to load input image: ${error.message}`);
    throw error;
  }
  let size: { width: number; height: number } | undefined;
  try {
    size = parseSize(field('size'));
  } catch (error) {
    throw detail(400, (error as Error).message);
  }
  await respondImages(ctx, omni, { inputs, prompt, negativePrompt: field('negative_prompt'), seed, steps, n, outputFormat, ...size });
}

async function handleGenerations(ctx: RequestContext, omni: OmniContext): Promise<void> {
  const body = (await ctx.json()) as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw omni.errors.badRequest('request body must be a JSON object');
  if (typeof body.prompt !== 'string') throw omni.errors.badRequest(pythonReprOfErrors([{ type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: null }]), 'prompt');
  if (body.model !== undefined && body.model !== omni.modelId) throw detail(400, `Model mismatch: request specifies '${String(body.model)}' but server is running '${omni.modelId}'.`);
  if ((body.response_format ?? 'b64_json') !== 'b64_json') throw detail(400, "Only response_format 'b64_json' is supported now.");
  let size;
  try {
    size = parseSize(typeof body.size === 'string' ? body.size : undefined) ?? { width: 1024, height: 1024 };
  } catch (error) {
    throw detail(400, (error as Error).message);
  }
  await respondImages(ctx, omni, {
    inputs: [], prompt: body.prompt, negativePrompt: typeof body.negative_prompt === 'string' ? body.negative_prompt : undefined,
    seed: intField(omni, body.seed, 'seed', randomInt(0, MAX_UINT32), 0, MAX_UINT32),
    steps: intField(omni, body.num_inference_steps, 'num_inference_steps', DEFAULT_STEPS, 1, 1000),
    n: intField(omni, body.n, 'n', 1, 1, 10), outputFormat: 'png', ...size,
  });
}

async function respondImages(ctx: RequestContext, omni: OmniContext, job: Parameters<typeof runEditJob>[0]): Promise<void> {
  const finish = omni.metrics.start();
  try {
    await diffuse(omni.engine, omni.timing, job);
    const output = runEditJob(job);
    sendJson(ctx.res, 200, {
      created: Math.floor(Date.now() / 1000),
      data: output.images.map((bytes) => ({ b64_json: bytesToBase64(bytes), url: null, revised_prompt: null })),
      output_format: job.outputFormat,
      size: `${output.width}x${output.height}`,
      cot_output: null,
      metrics: null,
    });
  } finally {
    finish({ promptTokens: job.prompt.split(/\s+/).length, generationTokens: 0 });
  }
}

/** The chat form of vllm-omni's image-to-image example: image_url in, message content [{type:"image_url"}] out. */
async function handleChatDiffusion(ctx: RequestContext, omni: OmniContext): Promise<void> {
  let chat;
  try {
    chat = parseChatRequest(await ctx.json());
  } catch (error) {
    if (error instanceof ChatRequestError) throw omni.errors.badRequest(error.message, error.param);
    throw error;
  }
  if (chat.model && chat.model !== omni.modelId) throw omni.errors.unknownModel(chat.model);
  const extra = { ...chat.raw, ...(typeof chat.raw.extra_body === 'object' && chat.raw.extra_body ? chat.raw.extra_body as Record<string, unknown> : {}) };
  const inputs: RgbaImage[] = [];
  try {
    for (const ref of allImages(chat)) inputs.push((await loadImageRef(ref, { allowBareBase64: true, allowRemote: true })).image);
  } catch (error) {
    if (error instanceof ImageError) throw omni.errors.badRequest(error.message, 'messages');
    throw error;
  }
  const width = extra.width === undefined ? undefined : intField(omni, extra.width, 'width', 0, 1, 8192);
  const height = extra.height === undefined ? undefined : intField(omni, extra.height, 'height', 0, 1, 8192);
  const job = {
    inputs, prompt: lastUserText(chat), negativePrompt: typeof extra.negative_prompt === 'string' ? extra.negative_prompt : undefined,
    seed: intField(omni, extra.seed, 'seed', randomInt(0, MAX_UINT32), 0, MAX_UINT32),
    steps: intField(omni, extra.num_inference_steps, 'num_inference_steps', DEFAULT_STEPS, 1, 1000),
    n: intField(omni, extra.num_outputs_per_prompt, 'num_outputs_per_prompt', 1, 1, 10),
    outputFormat: 'png' as const,
    width: width ?? (height && inputs[0] ? inputs[0].width : undefined),
    height: height ?? (width && inputs[0] ? inputs[0].height : undefined),
  };
  const finish = omni.metrics.start();
  try {
    await diffuse(omni.engine, omni.timing, job);
    const output = runEditJob(job);
    sendJson(ctx.res, 200, {
      id: `chatcmpl-${Date.now().toString(16)}${randomInt(0, 1 << 30).toString(16)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: omni.modelId,
      choices: [{
        index: 0,
        message: { role: 'assistant', content: output.images.map((bytes) => ({ type: 'image_url', image_url: { url: toDataUrl(bytes) } })) },
        logprobs: null,
        finish_reason: 'stop',
        stop_reason: null,
      }],
      usage: { prompt_tokens: job.prompt.split(/\s+/).length, completion_tokens: 0, total_tokens: job.prompt.split(/\s+/).length },
    });
  } finally {
    finish({ generationTokens: 0 });
  }
}

function chooseOutputFormat(value: string | undefined): OutputFormat {
  const format = (value ?? 'png').toLowerCase();
  if (format === 'png') return 'png';
  if (format === 'jpg' || format === 'jpeg') return 'jpeg';
  if (format === 'webp') throw detail(400, "output_format 'webp' is not available in the simulator; use png or jpeg");
  throw detail(400, `Invalid output_format '${value}'. Supported: png, jpg, jpeg, webp.`);
}

/** Integer form/JSON field; a bad value is the 400 vLLM gives for a pydantic int_parsing / range error. */
function intField(omni: OmniContext, raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN;
  if (!Number.isInteger(value)) {
    throw omni.errors.badRequest(pythonReprOfErrors([{ type: 'int_parsing', loc: ['body', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: String(raw) }]), name);
  }
  if (value < min || value > max) throw omni.errors.badRequest(`${name} must be between ${min} and ${max}, got ${value}`, name);
  return value;
}
