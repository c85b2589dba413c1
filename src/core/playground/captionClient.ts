import { responseText } from '../http/index.js';
import { redactSecrets, StreamRedactor } from '../security/redact.js';
import { describeUnexpectedBody } from '../http/bodySummary.js';
import { prepareCaptionImage, type CaptionImageOptions, type PreparedCaptionImage } from './captionImage.js';
import { buildCaptionRequest, type CaptionParams } from './captionRequest.js';
import { ChatStreamAccumulator, parseCaptionResponse } from './captionResponse.js';
import { parseErrorBody } from './errorBody.js';
import { describeRequest, describeResponse } from './rawExchange.js';
import { answerJson } from './answerJson.js';
import { MAX_STREAM_BYTES, networkError, sendPrepared, type SendOptions } from './transport.js';
import { sendStreaming } from './streamedRequest.js';
import type { PlaygroundError, PlaygroundTarget, PreparedRequest } from './types.js';

/** The image to caption: bytes (pre-scaled here for the base64 dialects) or, for the `url` dialect, an http(s) URL. */
export type CaptionImageInput = { bytes: Uint8Array } | { url: string };

export interface ExchangeInfo {
  rawRequest: string;
  rawResponse?: string;
  status?: number;
  latencyMs: number;
}

export type CaptionOutcome = ExchangeInfo & (
  | { ok: true; text: string; ttftMs?: number; tokensPerSecond?: number; completionTokens?: number; image?: PreparedCaptionImage }
  | { ok: false; error: PlaygroundError; image?: PreparedCaptionImage }
);

export interface CaptionRunOptions extends SendOptions {
  image?: CaptionImageOptions;
  /** Live text while streaming. */
  onDelta?: (added: string, soFar: string) => void;
  /** Reuse an image already prepared (Repeat N times pre-scales once). */
  prepared?: PreparedCaptionImage;
}

export function captionRequestFor(target: PlaygroundTarget, params: CaptionParams, input: CaptionImageInput, options: Pick<CaptionRunOptions, 'image' | 'prepared'> = {}): { request: PreparedRequest; image?: PreparedCaptionImage } {
  if ('url' in input) {
    if (params.dialect !== 'url' && params.dialect !== 'image') throw new Error('an image URL needs the "url" (or Omega "image") dialect');
    return { request: buildCaptionRequest(target, params, input.url) };
  }
  if (params.dialect === 'url') throw new Error('the "url" dialect sends an http(s) URL: enter one, or pick the image_url dialect for a local image');
  const image = options.prepared ?? prepareCaptionImage(input.bytes, options.image);
  return { request: buildCaptionRequest(target, params, image.dataUrl), image };
}

/** Sends one caption request and reads `choices[*].message.content` (or the stream's deltas). Never throws for HTTP or
 * network failures. A server that echoes the API key back has it replaced by *** in everything returned. */
export async function runCaption(target: PlaygroundTarget, params: CaptionParams, input: CaptionImageInput, options: CaptionRunOptions = {}): Promise<CaptionOutcome> {
  return redactSecrets(await sendCaption(target, params, input, options), [target.apiKey]);
}

async function sendCaption(target: PlaygroundTarget, params: CaptionParams, input: CaptionImageInput, options: CaptionRunOptions): Promise<CaptionOutcome> {
  const { request, image } = captionRequestFor(target, params, input, options);
  const rawRequest = describeRequest(request, Boolean(target.apiKey));
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    if (params.stream) {
      const acc = new ChatStreamAccumulator();
      // A server that echoes the key could split it across two deltas: shown text goes through one redactor.
      const redactor = new StreamRedactor([target.apiKey]);
      let shown = '';
      const show = (safe: string) => {
        if (!safe) return;
        shown += safe;
        options.onDelta?.(safe, shown);
      };
      const response = await sendStreaming(request, target, options, (chunk) => {
        const added = acc.push(chunk);
        if (added) show(redactor.push(added));
      });
      acc.finish();
      show(redactor.end());
      const rawResponse = describeResponse(response.status, response.headers, response.body);
      const info = { rawRequest, rawResponse, status: response.status, latencyMs: latency(), image };
      if (response.status >= 400) return { ...info, ok: false, error: parseErrorBody(response.status, response.body) };
      if (acc.error) return { ...info, ok: false, error: parseErrorBody(response.status, JSON.stringify(acc.error)) };
      if (!acc.done && !acc.text) {
        const message = /^data:/m.test(response.body) ? 'the stream ended without content or [DONE]: is this an SSE chat-completions endpoint?' : `not an SSE stream: ${describeUnexpectedBody(response.status, response.body, response.headers['content-type'])}`;
        return { ...info, ok: false, error: { message, shape: 'unexpected', fields: [] } };
      }
      const tokens = acc.completionTokens ?? acc.chunks;
      const ttft = response.firstChunkMs;
      const decodeMs = ttft !== undefined ? response.totalMs - ttft : undefined;
      const tokensPerSecond = decodeMs && decodeMs > 0 && tokens > 1 ? Math.round(((tokens - 1) / decodeMs) * 1000 * 10) / 10 : undefined;
      return { ...info, ok: true, text: acc.text, ttftMs: ttft, tokensPerSecond, completionTokens: acc.completionTokens };
    }
    const response = await sendPrepared(request, target, { ...options, maxBodyBytes: options.maxBodyBytes ?? MAX_STREAM_BYTES });
    const text = responseText(response);
    const info = { rawRequest, rawResponse: describeResponse(response.status, response.headers, text, response.truncated), status: response.status, latencyMs: latency(), image };
    const answer = answerJson(response, text);
    if ('error' in answer) return { ...info, ok: false, error: answer.error };
    const json = answer.json;
    let parsed;
    try {
      parsed = parseCaptionResponse(json);
    } catch (error) {
      return { ...info, ok: false, error: { status: response.status, message: `unexpected answer: ${(error as Error).message}`, shape: 'unexpected', fields: [] } };
    }
    const tokensPerSecond = parsed.completionTokens && response.totalMs > 0 ? Math.round((parsed.completionTokens / response.totalMs) * 1000 * 10) / 10 : undefined;
    return { ...info, ok: true, text: parsed.text, completionTokens: parsed.completionTokens, tokensPerSecond };
  } catch (error) {
    return { rawRequest, latencyMs: latency(), image, ok: false, error: networkError(error) };
  }
}
