import type { Dispatcher } from 'undici';
import { createDispatcher } from '../http/dispatcher.js';
import { Http1Pool } from '../http/http1Pool.js';
import { classifyHttpError, HttpRequestError } from '../http/errors.js';
import { Utf8ChunkDecoder } from '../http/utf8ChunkDecoder.js';
import { DEFAULT_PLAYGROUND_TIMEOUT_MS, MAX_STREAM_BYTES, wireRequest, type SendOptions, type StreamedResponse } from './transport.js';
import type { PlaygroundTarget, PreparedRequest } from './types.js';
import type { InFlightEntry, InFlightRequests } from '../bench/inFlightRequests.js';

const CONTENT = /"content"\s*:\s*"[^"]/;

interface Wire {
  target: PlaygroundTarget;
  origin: string;
  path: string;
  headers: Record<string, string>;
  /** The headers as undici's flat name/value list, to which a request id is appended. */
  flatHeaders: string[];
  body: Uint8Array | string;
}

/** The serialized request, kept with the prepared request it came from (a run sends the same ones again and again). */
const wires = new WeakMap<PreparedRequest, Wire>();

function wireOf(prepared: PreparedRequest, target: PlaygroundTarget): Wire {
  const cached = wires.get(prepared);
  if (cached && cached.target === target && prepared.body.kind === 'json') return cached;
  const wire = wireRequest(prepared, target);
  const { origin, path } = splitUrl(prepared.url);
  const built: Wire = { target, origin, path, headers: wire.headers, flatHeaders: Object.entries(wire.headers).flat(), body: wire.body };
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

export interface StreamingOptions extends SendOptions {
  /** The run's requests in flight: its deadline timer and cancel listener replace this request's own (`signal` is then the registry's). */
  inFlight?: InFlightRequests;
  /** Plain-HTTP requests go through this client instead of `dispatcher` (see Http1Pool). */
  plainHttp?: Http1Pool;
}

export type OnChunk = (text: string, elapsedMs: number) => void;

/**
 * One streamed request (a caption or chat completion with `stream: true`) for the playground and the load generator:
 * `onChunk` gets the decoded text of each chunk as it arrives, with the milliseconds since the start; the answer
 * resolves with the whole body, its status and headers, time to first byte and to the first chunk with content. The
 * deadline covers the whole exchange; failures are classified HttpRequestErrors. Built on undici's dispatch callbacks
 * rather than a response stream read through an async iterator: the load generator sends thousands of these a second,
 * and the stream machinery cost it about 40 % more CPU per request (profiled against autocannon). `requestId` is sent
 * as X-Request-Id (vLLM takes it as the request's id in its logs, so a slow or failed request can be found there).
 */
export function sendStreaming(prepared: PreparedRequest, target: PlaygroundTarget, options: StreamingOptions, onChunk: OnChunk, requestId?: string): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => new StreamExchange(prepared, target, options, onChunk, requestId, resolve, reject).start());
}

/**
 * One request's state and undici's handler callbacks in one object (one allocation instead of a closure per
 * callback: at hundreds of requests in flight, what each keeps alive is what the garbage collector copies).
 */
class StreamExchange implements InFlightEntry {
  readonly deadlineAt: number;
  private readonly started = performance.now();
  private readonly timeoutMs: number;
  private phase: 'connect' | 'headers' | 'body' = 'headers';
  private timedOut = false;
  private cancelled = false;
  private settled = false;
  private abortRequest?: (reason: Error) => void;
  private pending?: Error;
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private ttfbMs = 0;
  private firstChunkMs?: number;
  private body = '';
  private received = 0;
  private readonly decoder = new Utf8ChunkDecoder();
  private ownDispatcher?: Dispatcher;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly onSignal = () => this.cancel();

  constructor(
    private readonly prepared: PreparedRequest,
    private readonly target: PlaygroundTarget,
    private readonly options: StreamingOptions,
    private readonly onChunk: OnChunk,
    private readonly requestId: string | undefined,
    private readonly resolve: (response: StreamedResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PLAYGROUND_TIMEOUT_MS;
    this.deadlineAt = this.started + this.timeoutMs;
  }

  start(): void {
    const { options } = this;
    const signal = options.inFlight ? options.inFlight.signal : options.signal;
    if (signal?.aborted) {
      this.cancelled = true;
      this.finish(new Error('cancelled before start'));
      return;
    }
    if (options.inFlight) options.inFlight.add(this);
    else {
      this.timer = setTimeout(() => this.timeout(), this.timeoutMs);
      options.signal?.addEventListener('abort', this.onSignal, { once: true });
    }
    try {
      const wire = wireOf(this.prepared, this.target);
      const headers = this.requestId === undefined ? wire.headers : [...wire.flatHeaders, 'x-request-id', this.requestId];
      if (options.plainHttp && Http1Pool.serves(wire.origin)) {
        options.plainHttp.dispatch({ origin: wire.origin, path: wire.path, method: this.prepared.method, headers, body: wire.body }, this);
        return;
      }
      const dispatcher = options.dispatcher ?? (this.ownDispatcher = createDispatcher({ timeoutMs: this.timeoutMs }));
      dispatcher.dispatch({ origin: wire.origin, path: wire.path, method: this.prepared.method as Dispatcher.HttpMethod, headers, body: wire.body }, this as unknown as Dispatcher.DispatchHandler);
    } catch (error) {
      this.finish(error);
    }
  }

  timeout(): void {
    this.timedOut = true;
    this.stop(new Error(`timed out after ${this.timeoutMs} ms`));
  }

  cancel(): void {
    this.cancelled = true;
    this.stop(new Error('cancelled'));
  }

  onConnect(abortRequest: (reason: Error) => void): void {
    this.abortRequest = abortRequest;
    if (this.pending) abortRequest(this.pending);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.ttfbMs = this.elapsed();
    this.phase = 'body';
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.length;
    if (this.received > MAX_STREAM_BYTES) {
      this.stop(new HttpRequestError('too-large', `the stream from ${this.prepared.url} passed ${MAX_STREAM_BYTES / 1048576} MiB without finishing: is this really a chat-completions stream?`, this.prepared.url, undefined, this.elapsed()));
      return false;
    }
    const text = this.decoder.decode(chunk);
    if (this.firstChunkMs === undefined && CONTENT.test(text)) this.firstChunkMs = this.elapsed();
    this.body += text;
    if (this.status < 400) this.onChunk(text, this.elapsed());
    return true;
  }

  onComplete(): void {
    this.body += this.decoder.end();
    this.finish();
  }

  onError(error: Error): void {
    this.finish(error);
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }

  private stop(reason: Error): void {
    if (this.abortRequest) this.abortRequest(reason);
    else this.pending = reason;
  }

  private finish(error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const { options } = this;
    if (options.inFlight) options.inFlight.delete(this);
    else {
      clearTimeout(this.timer);
      options.signal?.removeEventListener('abort', this.onSignal);
    }
    if (this.ownDispatcher) void this.ownDispatcher.close().catch(() => {});
    if (error !== undefined) this.reject(classifyHttpError(error, { url: this.prepared.url, ms: this.elapsed(), timeoutMs: this.timeoutMs, cancelled: this.cancelled, timedOut: this.timedOut, phase: this.phase, viaProxy: options.viaProxy }));
    else this.resolve(new LazyHeadersResponse(this.status, this.rawHeaders, this.body, this.ttfbMs, this.firstChunkMs, this.elapsed()));
  }
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
