import { request, type Dispatcher } from 'undici';
import { classifyHttpError, HttpRequestError, httpRequest, type HttpResponse } from '../http/index.js';
import { encodeMultipart, newBoundary } from './multipart.js';
import type { PlaygroundError, PlaygroundTarget, PreparedRequest } from './types.js';
import { startDeadline } from '../http/deadline.js';

export interface SendOptions {
  /** From createDispatcher (CA file, insecure TLS, proxy); never the global one. */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Whole-exchange deadline; default 120 s (nv-ingest's caption timeout). */
  timeoutMs?: number;
  viaProxy?: boolean;
  /** Body cap for buffered answers; default 256 MiB (an edit answer carries several base64 images). */
  maxBodyBytes?: number;
}

export const DEFAULT_PLAYGROUND_TIMEOUT_MS = 120_000;
/** A caption stream is kilobytes; a server that streams past this is broken, and the text is kept in memory. */
export const MAX_STREAM_BYTES = 16 * 1024 * 1024;

/** Body bytes and headers (Authorization from the target's key) for the wire. */
export function wireRequest(prepared: PreparedRequest, target: Pick<PlaygroundTarget, 'apiKey'>): { headers: Record<string, string>; body: Uint8Array | string } {
  const headers: Record<string, string> = { ...prepared.headers };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  if (prepared.body.kind === 'json') return { headers, body: JSON.stringify(prepared.body.value) };
  const boundary = newBoundary();
  headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  return { headers, body: encodeMultipart(prepared.body.parts, boundary) };
}

/** One buffered exchange through the shared HTTP layer. Rejects only with HttpRequestError. */
export function sendPrepared(prepared: PreparedRequest, target: PlaygroundTarget, options: SendOptions = {}): Promise<HttpResponse> {
  const wire = wireRequest(prepared, target);
  return httpRequest(prepared.url, {
    method: prepared.method, headers: wire.headers, body: wire.body, dispatcher: options.dispatcher, signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_PLAYGROUND_TIMEOUT_MS, viaProxy: options.viaProxy, maxBodyBytes: options.maxBodyBytes ?? 256 * 1024 * 1024,
  });
}

export interface StreamedResponse {
  status: number;
  headers: Record<string, string>;
  /** The whole body as received (SSE text, or the error body). */
  body: string;
  ttfbMs: number;
  /** Until the first chunk with content (time to first token). */
  firstChunkMs?: number;
  totalMs: number;
}

/**
 * A streamed exchange (SSE): `onChunk` sees the body text as it arrives. Same deadline, cancellation and error
 * classification as httpRequest; undici's `request` with an explicit dispatcher, never the global one.
 */
export async function sendStreaming(prepared: PreparedRequest, target: PlaygroundTarget, options: SendOptions & { onChunk: (text: string, elapsedMs: number) => void }): Promise<StreamedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLAYGROUND_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, options.signal);
  const elapsed = deadline.elapsed;
  let phase: 'connect' | 'headers' | 'body' = 'headers';
  try {
    if (deadline.cancelled) throw new Error('cancelled before start');
    const wire = wireRequest(prepared, target);
    const response = await request(prepared.url, {
      method: prepared.method, headers: wire.headers, body: wire.body, signal: deadline.signal, dispatcher: options.dispatcher,
    });
    const ttfbMs = elapsed();
    phase = 'body';
    const decoder = new TextDecoder();
    let body = '';
    let firstChunkMs: number | undefined;
    let received = 0;
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      if (received > MAX_STREAM_BYTES) {
        response.body.destroy();
        throw new HttpRequestError('too-large', `the stream from ${prepared.url} passed ${MAX_STREAM_BYTES / 1048576} MiB without finishing: is this really a chat-completions stream?`, prepared.url, undefined, elapsed());
      }
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (firstChunkMs === undefined && /"content"\s*:\s*"[^"]/.test(text)) firstChunkMs = elapsed();
      body += text;
      if (response.statusCode < 400) options.onChunk(text, elapsed());
    }
    body += decoder.decode();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return { status: response.statusCode, headers, body, ttfbMs, firstChunkMs, totalMs: elapsed() };
  } catch (error) {
    throw classifyHttpError(error, { url: prepared.url, ms: elapsed(), timeoutMs, cancelled: deadline.cancelled, timedOut: deadline.timedOut, phase, viaProxy: options.viaProxy });
  } finally {
    deadline.dispose();
  }
}

/** A network failure (no HTTP answer) as a playground error. */
export function networkError(error: unknown): PlaygroundError {
  if (error instanceof HttpRequestError) return { message: error.message, shape: 'network', kind: error.kind, fields: [] };
  return { message: (error as Error)?.message ?? String(error), shape: 'unexpected', fields: [] };
}
