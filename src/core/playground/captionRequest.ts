import type { CaptionDialect, PlaygroundTarget, PreparedRequest } from './types.js';

export const DEFAULT_CAPTION_SYSTEM = '/no_think';
export const DEFAULT_CAPTION_PROMPT = 'Caption the content of this image:';

export interface CaptionParams {
  /** Empty string leaves the system message out. */
  system: string;
  prompt: string;
  dialect: CaptionDialect;
  maxTokens: number;
  temperature: number;
  topP: number;
  stream: boolean;
}

export const DEFAULT_CAPTION_PARAMS: CaptionParams = {
  system: DEFAULT_CAPTION_SYSTEM,
  prompt: DEFAULT_CAPTION_PROMPT,
  dialect: 'image_url',
  maxTokens: 512,
  temperature: 1.0,
  topP: 1.0,
  stream: false,
};

/** `http://h:8000/v1` and `http://h:8000` both become `http://h:8000/v1/<path>`. */
export function v1Url(baseUrl: string, path: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '');
  return `${base.endsWith('/v1') ? base : `${base}/v1`}/${path.replace(/^\/+/, '')}`;
}

/** The server root: `http://h:8000/v1` → `http://h:8000`, for routes such as Nunchaku's `/edit-image`. */
export function rootUrl(baseUrl: string, path: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${base}/${path.replace(/^\/+/, '')}`;
}

/**
 * One caption request. `image` is a data URL (from prepareCaptionImage) or, for the `url` dialect, an http(s) URL.
 * - `image_url` (nv-ingest's request): system `[{type:"text",text}]`, user `[{type:"text"},{type:"image_url",image_url:{url}}]`.
 * - `image` (the Omega VLM server): user `[{type:"image",image},{type:"text"}]` — the image first, as Omega's guide does.
 * - `url`: the OpenAI part with a remote URL the server fetches itself.
 */
export function buildCaptionRequest(target: PlaygroundTarget, params: CaptionParams, image: string): PreparedRequest {
  const messages: unknown[] = [];
  if (params.system !== '') messages.push({ role: 'system', content: [{ type: 'text', text: params.system }] });
  const text = { type: 'text', text: params.prompt };
  const content = params.dialect === 'image'
    ? [{ type: 'image', image }, text]
    : [text, { type: 'image_url', image_url: { url: image } }];
  messages.push({ role: 'user', content });
  const body: Record<string, unknown> = {
    ...(target.model ? { model: target.model } : {}),
    messages,
    max_tokens: params.maxTokens,
    temperature: params.temperature,
    top_p: params.topP,
    stream: params.stream,
  };
  if (params.stream) body.stream_options = { include_usage: true };
  return {
    method: 'POST',
    url: v1Url(target.baseUrl, 'chat/completions'),
    headers: { 'content-type': 'application/json', ...(target.headers ?? {}) },
    body: { kind: 'json', value: body },
  };
}
