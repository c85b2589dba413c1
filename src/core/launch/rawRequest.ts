import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorFromException, KubeApiError } from '../kube/kubeApiError.js';
import type { Query } from '../kube/kubeTransport.js';

export interface RawResponse {
  status: number;
  text: string;
  /** The body as JSON when it parses, else undefined. */
  json: unknown;
}

/**
 * A request whose error body the caller reads itself (apply conflicts carry their fields and managers in
 * `details.causes`; the shared transport keeps only the message). Never throws on an HTTP status.
 */
export async function rawRequest(kubeConfig: KubeConfig, method: string, path: string, options: { query?: Query; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<RawResponse> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new KubeApiError('config', `context ${JSON.stringify(kubeConfig.getCurrentContext())} names no cluster in the kubeconfig`);
  const server = cluster.server.replace(/\/+$/, '');
  const url = new URL(server + path);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const requestOptions: RequestOptions = { headers: {} };
  try {
    await kubeConfig.applyToHTTPSOptions(requestOptions);
  } catch (error) {
    throw new KubeApiError('unauthorized', `cannot get credentials for ${server}: ${(error as Error).message}`);
  }
  const headers: Record<string, string> = { Accept: 'application/json', ...(requestOptions.headers as Record<string, string>) };
  if (requestOptions.auth) headers.Authorization = `Basic ${Buffer.from(requestOptions.auth).toString('base64')}`;
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const secure = url.protocol === 'https:';
  return new Promise<RawResponse>((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent: requestOptions.agent, signal: options.signal, timeout: 60_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(errorFromException(error, server)));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, text, json });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 60 s'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => reject(errorFromException(error, server)));
    req.end(payload);
  });
}

/** The Status message of an error response, else its first 300 characters. */
export function statusMessage(response: RawResponse): string {
  const message = (response.json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : response.text.trim().slice(0, 300);
}
