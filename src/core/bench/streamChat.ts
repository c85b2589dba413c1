import { describeUnexpectedBody } from '../http/bodySummary.js';
import { ChatStreamAccumulator } from '../playground/captionResponse.js';
import { parseErrorBody } from '../playground/errorBody.js';
import { networkError, type SendOptions } from '../playground/transport.js';
import { sendStreaming, type StreamingOptions } from '../playground/streamedRequest.js';
import type { InFlightRequests } from './inFlightRequests.js';
import type { PlaygroundError, PlaygroundTarget, PreparedRequest } from '../playground/types.js';

export interface StreamTiming {
  ok: boolean;
  error?: PlaygroundError;
  /** From send to the end of the stream. */
  e2eMs: number;
  /** Until the first chunk that carried content. */
  ttftMs?: number;
  /** Gaps between content-bearing chunks. */
  itlMs: number[];
  /** The server's usage.completion_tokens, else the content-bearing events counted. */
  outputTokens: number;
  tokensFrom: 'usage' | 'stream';
}

/**
 * Sends one streamed chat-completions request (a caption with its image, or plain text) with the playground's wire
 * request, error classification and SSE accumulator, timing every chunk with content on the request's own clock.
 * Never throws for HTTP or network failures; an answer that is not an SSE stream is a failure, not a fast response.
 */
export async function streamChat(request: PreparedRequest, target: PlaygroundTarget, options: StreamingOptions, requestId?: string): Promise<StreamTiming> {
  const acc = new ChatStreamAccumulator();
  const itlMs: number[] = [];
  let ttftMs: number | undefined;
  let last = 0;
  const started = performance.now();
  try {
    const response = await sendStreaming(request, target, options, (text, elapsedMs) => {
      if (!acc.push(text)) return;
      if (ttftMs === undefined) ttftMs = elapsedMs;
      else itlMs.push(elapsedMs - last);
      last = elapsedMs;
    }, requestId);
    acc.finish();
    const timing: StreamTiming = { ok: true, e2eMs: response.totalMs, ttftMs, itlMs, outputTokens: acc.completionTokens ?? acc.chunks, tokensFrom: acc.completionTokens !== undefined ? 'usage' : 'stream' };
    if (response.status >= 400) timing.error = parseErrorBody(response.status, response.body);
    else if (acc.error) timing.error = { ...parseErrorBody(response.status, JSON.stringify(acc.error)), status: undefined, shape: 'unexpected' };
    else if (!acc.done && !acc.text) {
      const message = /^data:/m.test(response.body) ? 'the stream ended without content or [DONE]: is this an SSE chat-completions endpoint?' : `not an SSE stream: ${describeUnexpectedBody(response.status, response.body, response.headers['content-type'])}`;
      timing.error = { status: response.status, message, shape: 'unexpected', fields: [] };
    }
    if (timing.error) timing.ok = false;
    return timing;
  } catch (error) {
    return { ok: false, error: networkError(error), e2eMs: Math.round((performance.now() - started) * 10) / 10, itlMs, outputTokens: acc.chunks, tokensFrom: 'stream' };
  }
}
