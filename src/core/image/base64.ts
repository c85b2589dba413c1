import { ImageError } from './rgbaImage';

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict decode (like Python's b64decode(validate=True)): rejects stray characters instead of skipping them. */
export function base64ToBytes(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new ImageError('base64 data is empty');
  if (!STRICT_BASE64.test(compact) || compact.length % 4 === 1) {
    throw new ImageError('Invalid base64-encoded string: the data contains characters outside the base64 alphabet or has a bad length');
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export interface DataUrl {
  mediaType: string;
  bytes: Uint8Array;
}

/** Parses `data:<type>;base64,<data>`; undefined when `text` is not a data URL at all. */
export function parseDataUrl(text: string): DataUrl | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(text);
  if (!match) return undefined;
  if (!/;base64/i.test(match[2])) throw new ImageError('data URL must be base64-encoded (data:image/png;base64,…)');
  return { mediaType: match[1] || 'application/octet-stream', bytes: base64ToBytes(match[3]) };
}

export function toDataUrl(bytes: Uint8Array, mediaType = 'image/png'): string {
  return `data:${mediaType};base64,${bytesToBase64(bytes)}`;
}
