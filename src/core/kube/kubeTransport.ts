import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { displayServer } from './displayServer.js';
import { errorFromException, errorFromResponse, KubeApiError } from './kubeApiError.js';
import { LineSplitter } from '../logs/lineSplitter.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RawResponse {
  status: number;
  text: string;
  /** The body as JSON when it parses, else undefined. */
  json: unknown;
}

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Abort a request that sends no response within this time (not used for watches). */
  timeoutMs?: number;
}

/**
 * Raw JSON requests to one cluster, authenticated by client-node's KubeConfig (token, client certificate, exec and
 * OIDC plugins, proxy-url) but parsed as plain JSON: client-node's generated clients deserialize every object into
 * classes, which costs seconds on 20,000 pods. Lists reuse one keep-alive connection pool.
 */
export class KubeTransport {
  readonly server: string;
  /** The server as messages name it: no credentials (a token in the path, user:password). */
  private readonly shown: string;
  private agent: HttpAgent | undefined;
  private clockOffsetMs = 0;

  constructor(private readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new KubeApiError('config', `context ${JSON.stringify(kubeConfig.getCurrentContext())} names no cluster in the kubeconfig`);
    this.server = cluster.server.replace(/\/+$/, '');
    this.shown = displayServer(this.server);
  }

  async getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.send<T>(path, { method: 'GET', query, signal, timeoutMs: 60_000 });
  }

  /** JSON of a 2xx answer; any other status is a KubeApiError with the server's message. */
  async send<T>(path: string, options: SendOptions): Promise<T> {
    const response = await this.request(path, options);
    if (response.status >= 300) throw errorFromResponse(response.status, response.text, `${options.method} ${path}`);
    if (!response.text) return undefined as T;
    if (response.json === undefined) throw new KubeApiError('unreachable', `the answer to ${options.method} ${path} from ${this.shown} was cut off after ${response.text.length} bytes`);
    return response.json as T;
  }

  /**
   * A request whose error body the caller reads itself (apply conflicts carry their fields and managers in
   * `details.causes`). Never throws on an HTTP status; a connection lost mid-answer is a network failure.
   */
  async request(path: string, options: SendOptions): Promise<RawResponse> {
    const response = await this.open(path, options);
    let text: string;
    try {
      text = await readBody(response);
    } catch (error) {
      // The connection dropped mid-answer ("aborted", ECONNRESET): a network failure like any other.
      throw errorFromException(error, this.shown);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.statusCode ?? 0, text, json };
  }

  /** A streaming GET (watch, follow logs): `onLine` for each complete line; resolves when the server ends it. */
  async stream(path: string, query: Query, onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
    const response = await this.open(path, { method: 'GET', query, signal }, true);
    if (response.statusCode! >= 300) throw errorFromResponse(response.statusCode!, await readBody(response), `watch ${path}`);
    // Bytes split into lines in one scan per chunk (see LineSplitter); blank lines are dropped.
    const lines = new LineSplitter((line) => {
      if (!isBlank(line)) onLine(line);
    });
    await new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => lines.push(chunk));
      response.on('end', () => {
        lines.end();
        resolve();
      });
      response.on('error', (error) => (signal.aborted ? resolve() : reject(errorFromException(error, this.shown))));
      response.on('close', () => resolve());
    });
  }

  /**
   * Now on the API server's clock, from the Date header of its last answer: ages ("created 5m ago") are the server's
   * now minus the server's timestamps, right even when the two clocks differ (kubectl describe shows `<invalid>`
   * there). Within 2 s the clocks count as equal: Date has a resolution of one second.
   */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private noteServerDate(date: string | undefined): void {
    const at = date ? Date.parse(date) : NaN;
    if (Number.isNaN(at)) return;
    const offset = at - Date.now();
    this.clockOffsetMs = Math.abs(offset) < 2000 ? 0 : offset;
  }

  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  private async open(path: string, options: SendOptions, streaming = false): Promise<IncomingMessage> {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const requestOptions: RequestOptions = { headers: {} };
    try {
      await this.kubeConfig.applyToHTTPSOptions(requestOptions);
    } catch (error) {
      const message = (error as Error).message;
      // client-node will not send credentials to a plain-HTTP server: a kubeconfig problem, not a failed login.
      if (/HTTP protocol is not allowed/i.test(message)) throw new KubeApiError('config', `${this.shown} is plain HTTP and credentials are only sent over HTTPS: use an https:// server in the kubeconfig (or, for a local test cluster only, insecure-skip-tls-verify: true)`);
      throw new KubeApiError('unauthorized', `cannot get credentials for ${this.shown}: ${message}`);
    }
    const headers: Record<string, string> = { Accept: 'application/json', ...(requestOptions.headers as Record<string, string>) };
    if (requestOptions.auth) headers.Authorization = `Basic ${Buffer.from(requestOptions.auth).toString('base64')}`;
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
      // Node frames a DELETE body neither by length nor by chunks unless told: the server would read it as the next
      // request on the kept-alive connection.
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const secure = url.protocol === 'https:';
    const agent = this.agentFor(requestOptions, secure, streaming);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, { method: options.method, headers, agent, signal: options.signal }, (response) => {
        this.noteServerDate(response.headers.date);
        resolve(response);
      });
      req.on('error', (error) => reject(options.signal?.aborted ? new KubeApiError('other', 'aborted') : errorFromException(error, this.shown)));
      if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error(`no answer in ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.end(payload);
    });
  }

  /** Watches get their own agent (client-node's, which also handles proxy-url) so they never hold pooled sockets. */
  private agentFor(options: RequestOptions, secure: boolean, streaming: boolean): HttpAgent {
    const given = options.agent as HttpAgent;
    const proxied = Boolean(this.kubeConfig.getCurrentCluster()?.proxyUrl);
    if (streaming || proxied) return given;
    given.destroy();
    if (!this.agent) {
      this.agent = secure
        ? new HttpsAgent({ keepAlive: true, maxSockets: 8, ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername })
        : new HttpAgent({ keepAlive: true, maxSockets: 8 });
    }
    return this.agent;
  }
}

/** `line.trim() === ''` without making a string for the common line that starts with a visible character. */
function isBlank(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return line.trim() === '';
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

/** The Status message of an error response, else its first 300 characters. */
export function statusMessage(response: RawResponse): string {
  const message = (response.json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : response.text.trim().slice(0, 300);
}
