import { v1Url } from '../playground/captionRequest.js';
import { captionRequestFor } from '../playground/captionClient.js';
import { DEFAULT_CAPTION_PARAMS } from '../playground/captionRequest.js';
import { runEdit } from '../playground/editClient.js';
import type { SendOptions } from '../playground/transport.js';
import type { EditTransport, PlaygroundTarget, PreparedRequest } from '../playground/types.js';
import { classifyFailure } from './classifyFailure.js';
import type { BenchDataset } from './dataset.js';
import type { InFlightRequests } from './inFlightRequests.js';
import type { Http1Pool } from '../http/http1Pool.js';
import { streamChat } from './streamChat.js';
import type { BenchMode, RequestSample } from './types.js';

export interface SendSettings {
  mode: BenchMode;
  target: PlaygroundTarget;
  dataset: BenchDataset;
  maxTokens: number;
  /** Edit modes: `num_inference_steps` (absent: the server's default). */
  steps?: number;
  /** Edit modes: output size `WxH`. */
  size?: string;
  /** `inFlight`: the run's deadlines and cancel listener for its streamed requests (its signal is `signal`). */
  send: SendOptions & { inFlight?: InFlightRequests; plainHttp?: Http1Pool };
}

/** A plain-text streamed chat request: one user message of the dataset's prompt, usage requested in the stream. */
export function textChatRequest(target: PlaygroundTarget, prompt: string, maxTokens: number): PreparedRequest {
  return {
    method: 'POST',
    url: v1Url(target.baseUrl, 'chat/completions'),
    headers: { 'content-type': 'application/json', ...(target.headers ?? {}) },
    body: { kind: 'json', value: { ...(target.model ? { model: target.model } : {}), messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens, stream: true, stream_options: { include_usage: true } } },
  };
}

/**
 * Sends the `index`-th request of a level (prompt and image picked round-robin from the dataset) and measures it.
 * Undefined when the request was cancelled: a cancelled request is not a measurement.
 */
export async function sendOne(settings: SendSettings, index: number, requestId?: string): Promise<RequestSample | undefined> {
  const sentAt = Date.now();
  const { dataset, target } = settings;
  const prompt = dataset.prompts[index % dataset.prompts.length];
  const image = dataset.images.length ? dataset.images[index % dataset.images.length] : undefined;
  if (settings.mode === 'caption' || settings.mode === 'chat') {
    const request = preparedFor(settings, prompt, image, () => settings.mode === 'chat'
      ? textChatRequest(target, prompt, settings.maxTokens)
      : captionRequestFor(target, { ...DEFAULT_CAPTION_PARAMS, prompt, maxTokens: settings.maxTokens, stream: true }, { bytes: image!.bytes }, { prepared: image!.caption }).request);
    const timing = await streamChat(request, target, settings.send, requestId);
    const failure = timing.error ? classifyFailure(timing.error) : undefined;
    if (timing.error && !failure) return undefined;
    const tokens = timing.outputTokens;
    const sample: RequestSample = { index, requestId, sentAt, ok: timing.ok, e2eMs: timing.e2eMs, itlMs: timing.itlMs, outputTokens: tokens, tokensFrom: timing.tokensFrom };
    if (timing.ttftMs !== undefined) {
      sample.ttftMs = timing.ttftMs;
      if (timing.ok && tokens > 1) sample.tpotMs = round((timing.e2eMs - timing.ttftMs) / (tokens - 1));
    }
    if (failure) sample.error = { ...failure, message: timing.error!.message };
    return sample;
  }
  const transport = settings.mode.slice('edit-'.length) as EditTransport;
  const started = performance.now();
  const outcome = await runEdit(target, { transport, prompt, steps: settings.steps, size: settings.size, seed: index }, [{ name: image!.name, bytes: image!.bytes }], settings.send);
  const e2eMs = round(performance.now() - started);
  if (outcome.ok) return { index, sentAt, ok: true, e2eMs, images: outcome.result.images.length };
  const failure = classifyFailure(outcome.error);
  if (!failure) return undefined;
  return { index, sentAt, ok: false, e2eMs, error: { ...failure, message: outcome.error.message } };
}

const MAX_CACHED_REQUESTS = 256;
const preparedCache = new WeakMap<SendSettings, Map<string, PreparedRequest>>();

/**
 * The same prompt and image make the same request: built once per run (a caption request carries a ~180 KB image),
 * so the load generator spends its time sending, not rebuilding. At most 256 are kept; past that, built each time.
 */
function preparedFor(settings: SendSettings, prompt: string, image: BenchDataset['images'][number] | undefined, build: () => PreparedRequest): PreparedRequest {
  let cache = preparedCache.get(settings);
  if (!cache) preparedCache.set(settings, (cache = new Map()));
  const key = image ? `${image.name}\0${prompt}` : prompt;
  const cached = cache.get(key);
  if (cached) return cached;
  const request = build();
  if (cache.size < MAX_CACHED_REQUESTS) cache.set(key, request);
  return request;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
