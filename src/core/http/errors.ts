export type HttpFailureKind = 'refused' | 'timeout' | 'tls' | 'dns' | 'reset' | 'cancelled' | 'proxy' | 'invalid-url' | 'too-large' | 'other';

/** A request that got no HTTP answer, with a message that says what happened and what to try. */
export class HttpRequestError extends Error {
  override readonly name = 'HttpRequestError';
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    /** The URL without credentials or query string. */
    readonly url: string,
    /** The underlying error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, DEPTH_ZERO_SELF_SIGNED_CERT…). */
    readonly code: string | undefined,
    readonly ms: number,
  ) {
    super(message);
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_TLS_HANDSHAKE_TIMEOUT',
]);

/** Strips user:password and the query string so that an error message never carries a token. */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    // AggregateError from happy-eyeballs (IPv4 + IPv6 both refused).
    if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...codesOf(inner));
  }
  return codes;
}

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.message === 'string') parts.push(e.message);
  }
  return parts.join(' / ');
}

export interface ClassifyContext {
  url: string;
  ms: number;
  timeoutMs: number;
  /** The caller's own signal aborted (as opposed to our deadline). */
  cancelled: boolean;
  timedOut: boolean;
  phase: 'connect' | 'headers' | 'body';
  viaProxy?: boolean;
}

/** Turns undici / Node network errors into one of a few kinds with a message a user can act on. */
export function classifyHttpError(error: unknown, ctx: ClassifyContext): HttpRequestError {
  if (error instanceof HttpRequestError) return error;
  const url = redactUrl(ctx.url);
  const host = hostOf(ctx.url);
  const codes = codesOf(error);
  const code = codes[0];
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  const make = (kind: HttpFailureKind, message: string) => new HttpRequestError(kind, message, url, code, ctx.ms);

  if (ctx.cancelled) return make('cancelled', `request to ${url} was cancelled`);
  if (ctx.timedOut || has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')) {
    const waiting = has('UND_ERR_CONNECT_TIMEOUT') || ctx.phase === 'connect' ? 'to connect' : ctx.phase === 'body' ? 'for the rest of the response body' : 'for response headers';
    return make('timeout', `timed out after ${ctx.timeoutMs} ms waiting ${waiting} from ${url}`);
  }
  if (has('ECONNREFUSED')) return make('refused', `connection refused by ${host}: nothing listens there — is the server running, the port right, the port-forward up?`);
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) {
    const inCluster = /\.svc(\.cluster\.local)?$/.test(new URL(ctx.url).hostname);
    return make('dns', `cannot resolve host ${new URL(ctx.url).hostname}${inCluster ? ': an in-cluster name; reach it through a port-forward' : ''}`);
  }
  const tlsCode = codes.find((c) => TLS_CODES.has(c) || c.startsWith('ERR_TLS') || c.startsWith('ERR_SSL'));
  if (tlsCode) {
    const untrusted = /SELF_SIGNED|UNABLE_TO|UNTRUSTED/.test(tlsCode);
    const hint = untrusted ? ' — set the endpoint\'s CA file to the CA that signed it (or, for a throwaway test endpoint only, allow insecure TLS)'
      : tlsCode === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ' — the certificate does not name this host' : '';
    return make('tls', `TLS handshake with ${host} failed (${tlsCode})${hint}`);
  }
  if (has('UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNABORTED')) {
    return make('reset', `connection to ${host} was closed ${ctx.phase === 'body' ? 'mid-response' : 'before a response'} (${code})`);
  }
  if (ctx.viaProxy && /proxy/i.test(messagesOf(error))) return make('proxy', `proxy error reaching ${url}: ${messagesOf(error)}`);
  if (has('ERR_INVALID_URL', 'UND_ERR_INVALID_ARG')) return make('invalid-url', `invalid request to ${url}: ${messagesOf(error)}`);
  return make('other', `request to ${url} failed: ${messagesOf(error) || String(error)}`);
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return url;
  }
}
