import { base64ToBytes, decodeImage, ImageError, parseDataUrl, type RgbaImage } from '../../../core/image/index';
import type { ImageRef } from './chatRequest';

export interface LoadImageOptions {
  /** Bare base64 (no data: prefix) is an Omega extension; vLLM insists on a URL. */
  allowBareBase64: boolean;
  allowRemote: boolean;
  maxRemoteBytes?: number;
  timeoutMs?: number;
}

/** Fetches or decodes one image reference; every failure is an ImageError with a message a user can act on. */
export async function loadImageRef(ref: ImageRef, options: LoadImageOptions): Promise<{ bytes: Uint8Array; image: RgbaImage }> {
  const bytes = await imageBytes(ref.value, options);
  return { bytes, image: decodeImage(bytes) };
}

async function imageBytes(value: string, options: LoadImageOptions): Promise<Uint8Array> {
  const dataUrl = parseDataUrl(value);
  if (dataUrl) return dataUrl.bytes;
  if (/^https?:\/\//i.test(value)) {
    if (!options.allowRemote) throw new ImageError('remote images are disabled on this server; send a data: URL instead');
    return fetchImage(value, options.maxRemoteBytes ?? 32 * 1024 * 1024, options.timeoutMs ?? 10_000);
  }
  if (options.allowBareBase64) return base64ToBytes(value);
  throw new ImageError(`Invalid image URL ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''}: expected an http(s):// URL or a data:image/…;base64, URL`);
}

async function fetchImage(url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ImageError(`Failed to fetch image from ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ImageError(`Failed to fetch image from ${url}: HTTP ${response.status}`);
  const buffer = new Uint8Array(await response.arrayBuffer());
  if (buffer.length > maxBytes) throw new ImageError(`image at ${url} is ${buffer.length} bytes, over the ${maxBytes}-byte limit`);
  return buffer;
}
