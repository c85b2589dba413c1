import { imageDimensions, sniffPlaygroundImage } from './imageFormat.js';

const BASE64 = /^[A-Za-z0-9+/\r\n]+=*$/;

/** `<image/png 512×384, 180,000 base64 chars>` for a data URL or long bare base64; undefined for anything else. */
export function elideImageString(value: string): string | undefined {
  if (value.length < 64) return undefined;
  const dataUrl = /^data:([^;,]*)(?:;[^,]*)?,/.exec(value);
  const b64 = dataUrl ? value.slice(dataUrl[0].length) : BASE64.test(value.slice(0, 4096)) ? value : undefined;
  if (b64 === undefined) return undefined;
  const head = Buffer.from(b64.slice(0, Math.floor(Math.min(b64.length, 64 * 1024) / 4) * 4), 'base64');
  const format = sniffPlaygroundImage(head);
  // Bare base64 counts as an image when its bytes say so, or when it is too long to be anything a human reads.
  if (!dataUrl && !format && b64.length < 1000) return undefined;
  const dims = imageDimensions(head);
  const type = dataUrl?.[1] || (format ? `image/${format}` : 'base64');
  return `<${type}${dims ? ` ${dims.width}×${dims.height}` : ''}, ${b64.length.toLocaleString('en-US')} base64 chars${dataUrl ? ' (data URL)' : ''}>`;
}

/** A deep copy with every image string replaced by its size. */
export function elideImages(value: unknown): unknown {
  if (typeof value === 'string') return elideImageString(value) ?? value;
  if (Array.isArray(value)) return value.map(elideImages);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, elideImages(v)]));
  return value;
}
