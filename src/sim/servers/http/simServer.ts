import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { isAuthorized } from '../auth';
import { FaultControl, FaultPatchError } from '../faults';
import type { InferenceServerKind, InferenceServerOptions, RunningInferenceServer } from '../types';
import { WarmupState } from '../warmup';
import { BodyTooLargeError, MalformedBodyError, parseFormBody, parseJsonBody, readBody, type MultipartForm } from './body';
import { HttpError } from './httpError';
import { sendBody, sendJson } from './respond';

export const CONTROL_PATH = '/__sim/control';
const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Reads and parses a JSON body (413 / malformed errors become the server's own shapes). */
  json(): Promise<unknown>;
  /** Reads and parses a multipart/form-data or urlencoded body. */
  form(): Promise<MultipartForm>;
  /** True once the client has gone away; long handlers stop early. */
  aborted(): boolean;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: (ctx: RequestContext) => Promise<void> | void;
  /** Reachable without the API key. */
  public?: boolean;
  /** Answers during warm-up (the handler itself reports "not ready"). */
  duringWarmup?: boolean;
}

/** What makes one kind of server: its routes and the shape of its generic errors. */
export interface ServerDefinition {
  kind: InferenceServerKind;
  modelId: string;
  routes: Route[];
  /** The body this server sends for a generic error (failNext without body, failRate, 500, 503, 413). */
  errorBody(status: number, message: string): unknown;
  unauthorized(): HttpError;
  malformedBody(error: MalformedBodyError): HttpError;
  /** Auth applies only to paths this returns true for (vLLM guards `/v1/*` only). */
  requiresAuth(path: string): boolean;
}

export interface ServerHooks {
  warmup: WarmupState;
  control: FaultControl;
}

/** Listens on loopback (HTTP or HTTPS) and runs the common pipeline: control → faults → auth → route → warm-up → handler. */
export async function startSimServer(
  options: InferenceServerOptions,
  build: (hooks: ServerHooks) => ServerDefinition,
  warmup: WarmupState = new WarmupState(options.warmupMs ?? 0),
): Promise<RunningInferenceServer> {
  const control = new FaultControl(warmup, options.faults);
  const definition = build({ warmup, control });
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const slots = new Slots(options.maxConcurrency);
  const bodies = new WeakMap<IncomingMessage, () => Promise<Buffer>>();
  const observe = (req: IncomingMessage, res: ServerResponse, url: URL, done: NonNullable<InferenceServerOptions['onRequestDone']>) => {
    const received = performance.now();
    res.once('finish', () => {
      const handledMs = performance.now() - received;
      const raw = bodies.get(req);
      const requestId = req.headers['x-request-id'];
      done({ method: req.method ?? '', path: url.pathname, status: res.statusCode, handledMs, requestId: typeof requestId === 'string' ? requestId : undefined, body: async () => (raw ? parseJsonBody(await raw()) : undefined) });
    });
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error) => answerError(res, error));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (options.onRequestDone) observe(req, res, url, options.onRequestDone);
    if (url.pathname === CONTROL_PATH) return handleControl(req, res, control, maxBody);

    const decision = control.decide();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.drop) armDrop(res);
    if (decision.fail) {
      const body = decision.fail.body !== undefined ? decision.fail.body : definition.errorBody(decision.fail.status, `Simulated failure (HTTP ${decision.fail.status}) injected through ${CONTROL_PATH}`);
      sendBody(res, decision.fail.status, body);
      return;
    }
    if (definition.requiresAuth(url.pathname) && !isAuthorized(req, options.apiKey)) {
      const candidate = definition.routes.find((r) => r.path === url.pathname);
      if (!candidate?.public) throw definition.unauthorized();
    }
    const sameP = definition.routes.filter((r) => r.path === url.pathname);
    const route = sameP.find((r) => r.method === req.method);
    if (!route) {
      throw sameP.length ? new HttpError(405, { detail: 'Method Not Allowed' }, { allow: sameP.map((r) => r.method).join(', ') }) : new HttpError(404, { detail: 'Not Found' });
    }
    if (!route.duringWarmup && !warmup.isWarm()) {
      throw new HttpError(503, definition.errorBody(503, `The model ${definition.modelId} is still loading; retry in ${Math.ceil(warmup.remainingMs() / 1000)} s`), { 'retry-after': String(Math.ceil(warmup.remainingMs() / 1000)) });
    }
    let body: Promise<Buffer> | undefined;
    const raw = () => (body ??= readBody(req, maxBody));
    bodies.set(req, raw);
    const ctx: RequestContext = {
      req,
      res,
      url,
      json: async () => {
        try {
          return parseJsonBody(await raw());
        } catch (error) {
          throw translateBodyError(error);
        }
      },
      form: async () => {
        try {
          return await parseFormBody(await raw(), String(req.headers['content-type'] ?? ''));
        } catch (error) {
          throw translateBodyError(error);
        }
      },
      aborted: () => res.destroyed || req.destroyed && !req.complete,
    };
    if (route.method !== 'POST') return route.handler(ctx);
    await slots.acquire();
    try {
      await route.handler(ctx);
    } finally {
      slots.release();
    }
  }

  function translateBodyError(error: unknown): unknown {
    if (error instanceof BodyTooLargeError) return new HttpError(413, definition.errorBody(413, error.message), { connection: 'close' });
    if (error instanceof MalformedBodyError) return definition.malformedBody(error);
    return error;
  }

  function answerError(res: ServerResponse, error: unknown): void {
    if (res.destroyed) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendBody(res, error.status, error.body, error.headers);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    sendBody(res, 500, definition.errorBody(500, `Internal server error: ${message}`));
  }

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A garbage request line must never take the server down; answer 400 like uvicorn and close.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    kind: definition.kind,
    modelId: definition.modelId,
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    control,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function handleControl(req: IncomingMessage, res: ServerResponse, control: FaultControl, maxBody: number): Promise<void> {
  if (req.method === 'GET') return sendJson(res, 200, control.state());
  if (req.method !== 'POST') return sendJson(res, 405, { detail: 'Method Not Allowed' }, { allow: 'GET, POST' });
  try {
    const patch = parseJsonBody(await readBody(req, Math.min(maxBody, 1024 * 1024)));
    control.update(patch as never);
    sendJson(res, 200, control.state());
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    const hint = error instanceof FaultPatchError ? '' : ' (expected JSON like {"latencyMs":100,"failNext":{"status":503},"failRate":0.1,"dropConnections":1})';
    sendJson(res, status, { error: `${(error as Error).message}${hint}` });
  }
}

/** Makes the response die after its headers and part of its body: the client sees a socket error mid-response. */
function armDrop(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: unknown) => boolean;
  let fired = false;
  const fire = (chunk: unknown) => {
    if (fired) return;
    fired = true;
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const half = typeof chunk === 'string' ? chunk.slice(0, Math.ceil(chunk.length / 2)) : chunk.subarray(0, Math.ceil(chunk.length / 2));
      if (half.length) write(half);
    }
    setImmediate(() => res.socket?.destroy());
  };
  res.write = ((chunk: unknown) => { fire(chunk); return true; }) as typeof res.write;
  res.end = ((chunk?: unknown) => { fire(typeof chunk === 'function' ? undefined : chunk); return res; }) as typeof res.end;
}

/** A FIFO counting semaphore; `limit` undefined never waits. */
class Slots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number | undefined) {}

  acquire(): Promise<void> {
    if (this.limit === undefined) return Promise.resolve();
    if (this.busy < this.limit) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    if (this.limit === undefined) return;
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
