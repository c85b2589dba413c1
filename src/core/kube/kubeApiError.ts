/** Why a request to the API server failed, in the terms the explorer shows as an error node with an action. */
export type KubeErrorKind = 'unreachable' | 'unauthorized' | 'forbidden' | 'notFound' | 'gone' | 'config' | 'other';

export class KubeApiError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly status?: number,
    /** The Kubernetes Status reason, e.g. `Forbidden`, `Expired`, `NotFound`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export function kindOfStatus(status: number): KubeErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 410) return 'gone';
  return 'other';
}

/** A Status body (JSON) or plain text from the server, as an error with the server's own message. */
export function errorFromResponse(status: number, body: string, what: string): KubeApiError {
  let message = body.trim().slice(0, 300);
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(body) as { message?: string; reason?: string };
    message = parsed.message ?? message;
    reason = parsed.reason;
  } catch {
    // not a Status object: keep the text
  }
  return new KubeApiError(kindOfStatus(status), `${what}: ${status}${message ? ` ${message}` : ''}`, status, reason);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** Network-level failures (refused, DNS, TLS) become `unreachable`; a failing exec/OIDC plugin becomes `unauthorized`. */
export function errorFromException(error: unknown, server: string): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const e = error as { code?: string; message?: string };
  if (e.code && (NETWORK_CODES.has(e.code) || /CERT|TLS|SSL/.test(e.code))) return new KubeApiError('unreachable', `cannot reach ${server}: ${e.code}${e.message ? ` (${e.message})` : ''}`);
  return new KubeApiError('other', `${server}: ${e.message ?? String(error)}`);
}
