import { connect, type Socket } from 'node:net';
import { FramingError, ResponseFramer, type FramerEvents } from './http1ResponseFramer.js';

/** What the load generator's StreamExchange implements: undici's dispatch-handler callbacks, the subset used. */
export interface Http1Handler {
  onConnect(abort: (reason: Error) => void): void;
  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(error: Error): void;
}

export interface Http1Request {
  origin: string;
  path: string;
  method: string;
  /** As an object or as undici's flat name/value list. */
  headers: Record<string, string> | string[];
  body?: string | Uint8Array;
}

export interface Http1PoolOptions {
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** An idle connection is not reused after this long, or 1 s before the server's `Keep-Alive: timeout=` (default 4 s, undici's). */
  keepAliveMs?: number;
}

const HEADER_VALUE = /[\r\n\0]/;

function errorWithCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A plain-HTTP/1.1 client for the load generator: keep-alive connections without a cap, each request written as one
 * buffer, responses framed by Content-Length, chunked coding or the connection's end (ResponseFramer). It speaks the
 * dispatch-handler protocol of undici, which stays the client for HTTPS, proxies and everything else: at 256
 * requests in flight on two cores, undici's per-request machinery (request objects, llhttp, header validation,
 * writev) was most of the generator's own CPU and showed in the server's latency. autocannon takes the same route.
 */
export class Http1Pool {
  private readonly idle = new Map<string, Http1Connection[]>();
  private readonly busy = new Set<Http1Connection>();
  private readonly connectTimeoutMs: number;
  private readonly keepAliveMs: number;
  private closed = false;
  private drained?: () => void;

  constructor(options: Http1PoolOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.keepAliveMs = options.keepAliveMs ?? 4_000;
  }

  /** Whether a request to `origin` can go through this pool (plain HTTP only). */
  static serves(origin: string): boolean {
    return origin.startsWith('http://');
  }

  dispatch(request: Http1Request, handler: Http1Handler): boolean {
    let head: string;
    try {
      if (this.closed) throw errorWithCode('the client was closed', 'UND_ERR_CLOSED');
      head = requestHead(request);
    } catch (error) {
      handler.onError(error as Error);
      return false;
    }
    const connection = this.take(request.origin);
    this.busy.add(connection);
    connection.send(head, request.body, request.method === 'HEAD', handler);
    return true;
  }

  /** Resolves once requests in flight have ended; idle connections are closed. */
  close(): Promise<void> {
    this.closed = true;
    for (const list of this.idle.values()) for (const c of list) c.destroy();
    this.idle.clear();
    if (!this.busy.size) return Promise.resolve();
    return new Promise((resolve) => (this.drained = resolve));
  }

  /** Ends every connection now; requests in flight fail. */
  destroy(): Promise<void> {
    this.closed = true;
    for (const c of this.busy) c.destroy(errorWithCode('the client was destroyed', 'UND_ERR_DESTROYED'));
    return this.close();
  }

  private take(origin: string): Http1Connection {
    const list = this.idle.get(origin);
    const now = performance.now();
    while (list?.length) {
      const candidate = list.pop()!;
      if (candidate.usableAt(now)) return candidate;
      candidate.destroy();
    }
    return new Http1Connection(origin, this.connectTimeoutMs, this.keepAliveMs, (c, reusable) => this.release(c, reusable));
  }

  private release(connection: Http1Connection, reusable: boolean): void {
    this.busy.delete(connection);
    if (reusable && !this.closed) {
      let list = this.idle.get(connection.origin);
      if (!list) this.idle.set(connection.origin, (list = []));
      list.push(connection);
    } else {
      connection.destroy();
      this.forget(connection);
    }
    if (this.closed && !this.busy.size) this.drained?.();
  }

  private forget(connection: Http1Connection): void {
    const list = this.idle.get(connection.origin);
    const at = list?.indexOf(connection) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  }
}

/** The request line and headers, validated (a value with CR or LF would smuggle a header). */
function requestHead(request: Http1Request): string {
  const url = new URL(request.origin);
  let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  const add = (name: string, value: string) => {
    if (HEADER_VALUE.test(name) || HEADER_VALUE.test(value)) throw errorWithCode(`invalid header ${JSON.stringify(name)}: it contains a line break`, 'UND_ERR_INVALID_ARG');
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') return;
    head += `${name}: ${value}\r\n`;
  };
  if (Array.isArray(request.headers)) for (let i = 0; i + 1 < request.headers.length; i += 2) add(request.headers[i], request.headers[i + 1]);
  else for (const name in request.headers) add(name, request.headers[name]);
  const length = request.body === undefined ? (request.method === 'GET' || request.method === 'HEAD' ? -1 : 0) : typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
  if (length >= 0) head += `content-length: ${length}\r\n`;
  return `${head}\r\n`;
}

/** One kept-alive socket, one request at a time. */
class Http1Connection implements FramerEvents {
  private readonly socket: Socket;
  private readonly framer = new ResponseFramer(this);
  private handler?: Http1Handler;
  private connected = false;
  private gone = false;
  private expiresAt = Infinity;
  private connectTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly origin: string,
    connectTimeoutMs: number,
    private readonly keepAliveMs: number,
    private readonly onRelease: (connection: Http1Connection, reusable: boolean) => void,
  ) {
    const url = new URL(origin);
    this.socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), noDelay: true });
    this.connectTimer = setTimeout(() => this.fail(errorWithCode(`could not connect to ${url.host} in ${connectTimeoutMs} ms`, 'UND_ERR_CONNECT_TIMEOUT')), connectTimeoutMs);
    this.socket.once('connect', () => {
      this.connected = true;
      clearTimeout(this.connectTimer);
    });
    this.socket.on('data', (chunk: Buffer) => this.onSocketData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.onSocketClose());
  }

  usableAt(now: number): boolean {
    return !this.gone && now < this.expiresAt;
  }

  send(head: string, body: string | Uint8Array | undefined, headRequest: boolean, handler: Http1Handler): void {
    this.handler = handler;
    this.expiresAt = Infinity;
    this.framer.expect(headRequest);
    handler.onConnect((reason) => this.abort(handler, reason));
    if (this.handler !== handler) return; // aborted inside onConnect
    if (body === undefined || typeof body === 'string') this.socket.write(body ? head + body : head, 'utf8');
    else {
      this.socket.cork();
      this.socket.write(head, 'latin1');
      this.socket.write(body);
      this.socket.uncork();
    }
  }

  destroy(error?: Error): void {
    this.gone = true;
    clearTimeout(this.connectTimer);
    if (error) this.fail(error);
    this.socket.destroy();
  }

  onHeaders(status: number, rawHeaders: Buffer[]): void {
    this.handler?.onHeaders(status, rawHeaders);
  }

  onData(chunk: Buffer): void {
    this.handler?.onData(chunk);
  }

  onComplete(keepAlive: boolean, serverKeepAliveMs: number | undefined): void {
    const handler = this.handler;
    this.handler = undefined;
    const reusable = keepAlive && !this.gone;
    if (reusable) this.expiresAt = performance.now() + (serverKeepAliveMs === undefined ? this.keepAliveMs : Math.max(0, serverKeepAliveMs - 1000));
    handler?.onComplete();
    this.onRelease(this, reusable);
  }

  private onSocketData(chunk: Buffer): void {
    if (!this.handler) {
      // Bytes nobody asked for (a server writing after its answer): this connection cannot be trusted again.
      this.gone = true;
      this.socket.destroy();
      return;
    }
    try {
      this.framer.push(chunk);
    } catch (error) {
      // A handler that throws fails its request with its own error, as undici does.
      this.destroy(error instanceof FramingError ? errorWithCode(`invalid HTTP response from ${this.origin}: ${error.message}`, 'HPE_INVALID') : (error as Error));
    }
  }

  private onSocketClose(): void {
    this.gone = true;
    clearTimeout(this.connectTimer);
    if (!this.handler) return;
    // A response framed by the connection's end is complete now; any other is cut off.
    if (this.framer.endOfConnection()) return;
    this.fail(errorWithCode(this.connected ? `${this.origin} closed the connection ${this.framer.started ? 'mid-response' : 'before answering'}` : `cannot connect to ${this.origin}`, 'ECONNRESET'));
  }

  private abort(handler: Http1Handler, reason: Error): void {
    if (this.handler !== handler) return;
    this.gone = true;
    this.fail(reason);
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.gone = true;
    const handler = this.handler;
    if (!handler) return;
    this.handler = undefined;
    this.socket.destroy();
    handler.onError(error);
    this.onRelease(this, false);
  }
}
