import type { Dispatcher } from 'undici';
import { HttpRequestError, httpRequest, type HttpResponse } from '../http/index.js';
import { encodeMultipart, newBoundary } from './multipart.js';
import type { PlaygroundError, PlaygroundTarget, PreparedRequest } from './types.js';

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

/** A network failure (no HTTP answer) as a playground error. */
export function networkError(error: unknown): PlaygroundError {
  if (error instanceof HttpRequestError) return { message: error.message, shape: 'network', kind: error.kind, fields: [] };
  return { message: (error as Error)?.message ?? String(error), shape: 'unexpected', fields: [] };
}
