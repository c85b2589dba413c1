import { request, type Dispatcher } from 'undici';
import { DEFAULT_TIMEOUT_MS } from './dispatcher.js';
import { classifyHttpError, HttpRequestError } from './errors.js';
import { startDeadline } from './deadline.js';
import { bodyExcerpt, clip } from './bodySummary.js';

export interface HttpRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH';
  headers?: Record<string, string>;
  body?: string | Uint8Array | Buffer;
  /** The caller's cancellation (a closed report, a stopped poller, Ctrl-C). */
  signal?: AbortSignal;
  /** From createDispatcher; absent means a fresh default Agent per call would be wasteful, so pass one. */
  dispatcher?: Dispatcher;
  /** Deadline for the whole exchange (connect + headers + body). */
  timeoutMs?: number;
  /** The body is cut here and `truncated` set; default 32 MiB. */
  maxBodyBytes?: number;
  /** Only for error classification: the dispatcher goes through a proxy. */
  viaProxy?: boolean;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  /** Until the response headers arrived. */
  ttfbMs: number;
  /** Until the (possibly capped) body was read. */
  totalMs: number;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * One HTTP exchange through an explicit dispatcher, with a deadline and cancellation. Resolves for every HTTP status;
 * rejects only with HttpRequestError (refused, timeout, TLS, DNS, reset, cancelled…).
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const deadline = startDeadline(timeoutMs, options.signal);
  const elapsed = deadline.elapsed;

  let phase: 'connect' | 'headers' | 'body' = 'connect';
  try {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new HttpRequestError('invalid-url', `not a URL: ${JSON.stringify(url.slice(0, 200))}`, '(invalid URL)', 'ERR_INVALID_URL', 0);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new HttpRequestError('invalid-url', `unsupported scheme ${parsed.protocol} in ${url}; use http:// or https://`, url, 'ERR_INVALID_URL', 0);
    }
    if (deadline.cancelled) throw new Error('cancelled before start');
    phase = 'headers';
    const response = await request(parsed, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      signal: deadline.signal,
      dispatcher: options.dispatcher,
    });
    const ttfbMs = elapsed();
    phase = 'body';
    const { body, truncated } = await readCapped(response.body, maxBytes);
    return {
      url,
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body,
      truncated,
      ttfbMs,
      totalMs: elapsed(),
    };
  } catch (error) {
    throw classifyHttpError(error, { url, ms: elapsed(), timeoutMs, cancelled: deadline.cancelled, timedOut: deadline.timedOut, phase, viaProxy: options.viaProxy });
  } finally {
    deadline.dispose();
  }
}

async function readCapped(stream: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      stream.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function responseText(response: Pick<HttpResponse, 'body'>): string {
  return response.body.toString('utf8');
}

/** Parsed JSON body, or undefined when the body is not JSON (a proxy's HTML page, an empty 200). */
export function responseJson(response: Pick<HttpResponse, 'body'>): unknown {
  const text = responseText(response).trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The server's error message from vLLM (both styles), FastAPI `detail`, NIM, or a plain-text body; cut to 300 chars. */
export function errorMessageOf(response: Pick<HttpResponse, 'body'>): string | undefined {
  const json = responseJson(response) as Record<string, unknown> | undefined;
  const pick = (): string | undefined => {
    if (!json || typeof json !== 'object') return bodyExcerpt(responseText(response)) || undefined;
    const err = json.error as Record<string, unknown> | string | undefined;
    if (err && typeof err === 'object' && typeof err.message === 'string') return err.message;
    if (typeof err === 'string') return err;
    if (typeof json.message === 'string') return json.message;
    if (typeof json.detail === 'string') return json.detail;
    if (Array.isArray(json.detail)) return json.detail.map((d) => `${(d?.loc ?? []).join('.')}: ${d?.msg ?? ''}`).join('; ');
    return undefined;
  };
  const message = pick();
  return message === undefined ? undefined : clip(message, 300);
}
