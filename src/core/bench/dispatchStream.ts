import type { Dispatcher } from 'undici';
import { createDispatcher } from '../http/dispatcher.js';
import { classifyHttpError, HttpRequestError } from '../http/errors.js';
import { Utf8ChunkDecoder } from '../http/utf8ChunkDecoder.js';
import { DEFAULT_PLAYGROUND_TIMEOUT_MS, MAX_STREAM_BYTES, wireRequest, type SendOptions, type StreamedResponse } from '../playground/transport.js';
import type { PlaygroundTarget, PreparedRequest } from '../playground/types.js';
import type { InFlightEntry, InFlightRequests } from './inFlightRequests.js';

const CONTENT = /"content"\s*:\s*"[^"]/;

interface Wire {
  target: PlaygroundTarget;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** The serialized request, kept with the prepared request it came from (a run sends the same ones again and again). */
const wires = new WeakMap<PreparedRequest, Wire>();

function wireOf(prepared: PreparedRequest, target: PlaygroundTarget): Wire {
  const cached = wires.get(prepared);
  if (cached && cached.target === target && prepared.body.kind === 'json') return cached;
  const wire = wireRequest(prepared, target);
  const { origin, path } = splitUrl(prepared.url);
  const built: Wire = { target, origin, path, headers: wire.headers, body: wire.body };
  // A multipart body has a fresh boundary each time; only JSON bodies are reused.
  if (prepared.body.kind === 'json') wires.set(prepared, built);
  return built;
}

let lastSplit: { url: string; origin: string; path: string } | undefined;

/** A run sends every request to the same URL: parsed once, not per request. */
function splitUrl(href: string): { origin: string; path: string } {
  if (lastSplit?.url !== href) {
    const url = new URL(href);
    lastSplit = { url: href, origin: url.origin, path: `${url.pathname}${url.search}` };
  }
  return lastSplit;
}

/**
 * The playground's sendStreaming (same wire request, same limits, same classified errors) on undici's dispatch
 * callbacks instead of a response stream read through an async iterator: the load generator sends thousands of
 * these a second, and the stream machinery cost it about 40 % more CPU per request (profiled against autocannon).
 */
export interface DispatchStreamingOptions extends SendOptions {
  onChunk: (text: string, elapsedMs: number) => void;
  /** The run's requests in flight: its deadline timer and cancel listener replace this request's own (`signal` is then the registry's). */
  inFlight?: InFlightRequests;
}

export function dispatchStreaming(prepared: PreparedRequest, target: PlaygroundTarget, options: DispatchStreamingOptions): Promise<StreamedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLAYGROUND_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve, reject) => {
    let phase: 'connect' | 'headers' | 'body' = 'headers';
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let abort: ((reason: Error) => void) | undefined;
    let pending: Error | undefined;
    let status = 0;
    let rawHeaders: Buffer[] = [];
    let ttfbMs = 0;
    let firstChunkMs: number | undefined;
    let body = '';
    let received = 0;
    const decoder = new Utf8ChunkDecoder();
    const ownDispatcher = options.dispatcher ? undefined : createDispatcher({ timeoutMs });
    const dispatcher: Dispatcher = options.dispatcher ?? ownDispatcher!;

    let timer: ReturnType<typeof setTimeout> | undefined;
    let registered: InFlightEntry | undefined;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (registered) options.inFlight!.delete(registered);
      else {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onCancel);
      }
      if (ownDispatcher) void ownDispatcher.close().catch(() => {});
      if (error !== undefined) reject(classifyHttpError(error, { url: prepared.url, ms: elapsed(), timeoutMs, cancelled, timedOut, phase, viaProxy: options.viaProxy }));
      else resolve(new LazyHeadersResponse(status, rawHeaders, body, ttfbMs, firstChunkMs, elapsed()));
    };
    const stop = (reason: Error) => {
      if (abort) abort(reason);
      else pending = reason;
    };
    const onCancel = () => {
      cancelled = true;
      stop(new Error('cancelled'));
    };
    const onTimeout = () => {
      timedOut = true;
      stop(new Error(`timed out after ${timeoutMs} ms`));
    };
    const signal = options.inFlight ? options.inFlight.signal : options.signal;
    if (signal?.aborted) {
      cancelled = true;
      finish(new Error('cancelled before start'));
      return;
    }
    if (options.inFlight) {
      registered = { deadlineAt: started + timeoutMs, timeout: onTimeout, cancel: onCancel };
      options.inFlight.add(registered);
    } else {
      timer = setTimeout(onTimeout, timeoutMs);
      options.signal?.addEventListener('abort', onCancel, { once: true });
    }

    try {
      const wire = wireOf(prepared, target);
      dispatcher.dispatch({ origin: wire.origin, path: wire.path, method: prepared.method as Dispatcher.HttpMethod, headers: wire.headers, body: wire.body }, {
        onConnect(abortRequest: (reason: Error) => void) {
          abort = abortRequest;
          if (pending) abortRequest(pending);
        },
        onHeaders(statusCode: number, raw: Buffer[]) {
          status = statusCode;
          ttfbMs = elapsed();
          phase = 'body';
          rawHeaders = raw;
          return true;
        },
        onData(chunk: Buffer) {
          received += chunk.length;
          if (received > MAX_STREAM_BYTES) {
            stop(new HttpRequestError('too-large', `the stream from ${prepared.url} passed ${MAX_STREAM_BYTES / 1048576} MiB without finishing: is this really a chat-completions stream?`, prepared.url, undefined, elapsed()));
            return false;
          }
          const text = decoder.decode(chunk);
          if (firstChunkMs === undefined && CONTENT.test(text)) firstChunkMs = elapsed();
          body += text;
          if (status < 400) options.onChunk(text, elapsed());
          return true;
        },
        onComplete() {
          body += decoder.end();
          finish();
        },
        onError(error: Error) {
          finish(error);
        },
      } as unknown as Dispatcher.DispatchHandler);
    } catch (error) {
      finish(error);
    }
  });
}

/** Header names and values are decoded only if someone reads them (a load test reads them only on failures). */
class LazyHeadersResponse implements StreamedResponse {
  private decoded?: Record<string, string>;

  constructor(readonly status: number, private readonly rawHeaders: Buffer[], readonly body: string, readonly ttfbMs: number, readonly firstChunkMs: number | undefined, readonly totalMs: number) {}

  get headers(): Record<string, string> {
    if (!this.decoded) {
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
        const name = this.rawHeaders[i].toString('latin1').toLowerCase();
        const value = this.rawHeaders[i + 1].toString('latin1');
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      this.decoded = headers;
    }
    return this.decoded;
  }
}
