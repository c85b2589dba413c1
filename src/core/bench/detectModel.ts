import type { Dispatcher } from 'undici';
import { httpRequest, responseJson } from '../http/request.js';
import { v1Url } from '../playground/captionRequest.js';

/** The first model id `/v1/models` lists, or undefined when the route does not answer with one (Nunchaku has none). */
export async function detectModel(baseUrl: string, options: { dispatcher?: Dispatcher; apiKey?: string; headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string | undefined> {
  try {
    const response = await httpRequest(v1Url(baseUrl, 'models'), {
      dispatcher: options.dispatcher, signal: options.signal, timeoutMs: options.timeoutMs ?? 5000, maxBodyBytes: 1024 * 1024,
      headers: { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
    });
    if (response.status !== 200) return undefined;
    const id = (responseJson(response) as { data?: Array<{ id?: unknown }> } | undefined)?.data?.[0]?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
