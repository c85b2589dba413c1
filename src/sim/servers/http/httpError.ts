/** A finished HTTP answer thrown from deep inside a handler: status, body (JSON-serialised unless a string), headers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : `HTTP ${status}`);
  }
}
