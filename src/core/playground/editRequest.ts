import { bytesToBase64, ImageError } from '../image/index.js';
import { rootUrl, v1Url } from './captionRequest.js';
import { mediaTypeOf, sniffPlaygroundImage } from './imageFormat.js';
import type { EditTransport, MultipartPart, PlaygroundTarget, PreparedRequest } from './types.js';

export interface EditParams {
  transport: EditTransport;
  prompt: string;
  negativePrompt?: string;
  /** `num_inference_steps`. */
  steps?: number;
  guidanceScale?: number;
  trueCfgScale?: number;
  /** Absent = the server picks one (and "Reproduce" cannot). */
  seed?: number;
  /** `WxH` or `auto`. */
  size?: string;
  n?: number;
  /** Nunchaku only: 64 or 128. */
  rank?: 64 | 128;
}

export interface EditInputImage {
  name: string;
  bytes: Uint8Array;
}

export const NUNCHAKU_DEFAULTS = { negativePrompt: '', steps: 8, trueCfgScale: 1.0, rank: 128 as const };

export function buildEditRequest(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[]): PreparedRequest {
  if (images.length === 0) throw new ImageError('add an input image to edit');
  switch (params.transport) {
    case 'omni': return buildOmniEdit(target, params, images);
    case 'chat': return buildChatEdit(target, params, images);
    case 'nunchaku': return buildNunchakuEdit(target, params, images);
  }
}

function mediaTypeFor(bytes: Uint8Array): string {
  const format = sniffPlaygroundImage(bytes);
  if (!format) throw new ImageError('input image is not PNG, JPEG or WebP');
  return mediaTypeOf(format);
}

/**
 * vLLM-omni `POST /v1/images/edits`, multipart/form-data (OpenAI images.edit): `image` repeated as files,
 * `prompt`, then only the optional fields that are set; `response_format=b64_json`.
 */
export function buildOmniEdit(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[]): PreparedRequest {
  const parts: MultipartPart[] = [];
  const field = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') parts.push({ name, value: String(value) });
  };
  field('model', target.model);
  field('prompt', params.prompt);
  for (const image of images) parts.push({ name: 'image', filename: image.name, contentType: mediaTypeFor(image.bytes), bytes: image.bytes });
  field('negative_prompt', params.negativePrompt);
  field('n', params.n);
  field('size', params.size);
  field('num_inference_steps', params.steps);
  field('guidance_scale', params.guidanceScale);
  field('true_cfg_scale', params.trueCfgScale);
  field('seed', params.seed);
  field('response_format', 'b64_json');
  return { method: 'POST', url: v1Url(target.baseUrl, 'images/edits'), headers: { ...(target.headers ?? {}) }, body: { kind: 'multipart', parts } };
}

/**
 * The chat-completions diffusion form (vllm-omni's image-to-image example): the prompt and the images as
 * `image_url` data URLs in one user message; diffusion settings in `extra_body`.
 */
export function buildChatEdit(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[]): PreparedRequest {
  const content: unknown[] = [{ type: 'text', text: params.prompt }];
  for (const image of images) content.push({ type: 'image_url', image_url: { url: `data:${mediaTypeFor(image.bytes)};base64,${bytesToBase64(image.bytes)}` } });
  const extra: Record<string, unknown> = {};
  if (params.negativePrompt) extra.negative_prompt = params.negativePrompt;
  if (params.steps !== undefined) extra.num_inference_steps = params.steps;
  if (params.guidanceScale !== undefined) extra.guidance_scale = params.guidanceScale;
  if (params.trueCfgScale !== undefined) extra.true_cfg_scale = params.trueCfgScale;
  if (params.seed !== undefined) extra.seed = params.seed;
  const size = parseSize(params.size);
  if (size) Object.assign(extra, size);
  if (params.n !== undefined && params.n !== 1) extra.num_outputs_per_prompt = params.n;
  const body: Record<string, unknown> = { ...(target.model ? { model: target.model } : {}), messages: [{ role: 'user', content }] };
  if (Object.keys(extra).length) body.extra_body = extra;
  return { method: 'POST', url: v1Url(target.baseUrl, 'chat/completions'), headers: { 'content-type': 'application/json', ...(target.headers ?? {}) }, body: { kind: 'json', value: body } };
}

/**
 * The Nunchaku Qwen-Image-Edit API's `POST /edit-image`: exactly `{image, prompt, negative_prompt, num_inference_steps,
 * true_cfg_scale, seed, rank}` with the image as bare base64 and `seed: null` when unset. One image only.
 */
export function buildNunchakuEdit(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[]): PreparedRequest {
  if (images.length > 1) throw new ImageError('Nunchaku /edit-image takes one image; remove the others or use the vLLM-omni transport');
  const body = {
    image: bytesToBase64(images[0].bytes),
    prompt: params.prompt,
    negative_prompt: params.negativePrompt ?? NUNCHAKU_DEFAULTS.negativePrompt,
    num_inference_steps: params.steps ?? NUNCHAKU_DEFAULTS.steps,
    true_cfg_scale: params.trueCfgScale ?? NUNCHAKU_DEFAULTS.trueCfgScale,
    seed: params.seed ?? null,
    rank: params.rank ?? NUNCHAKU_DEFAULTS.rank,
  };
  return { method: 'POST', url: rootUrl(target.baseUrl, 'edit-image'), headers: { 'content-type': 'application/json', ...(target.headers ?? {}) }, body: { kind: 'json', value: body } };
}

/** `1024x768` → {width, height}; `auto` or empty → undefined; anything else throws with the accepted form. */
export function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  if (!size || size.trim() === '' || size.trim() === 'auto') return undefined;
  const match = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(size.trim());
  if (!match) throw new ImageError(`size ${JSON.stringify(size)}: use WIDTHxHEIGHT (e.g. 1024x1024) or auto`);
  return { width: Number(match[1]), height: Number(match[2]) };
}
