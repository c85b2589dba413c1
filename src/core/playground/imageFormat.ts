import { sniffImageFormat } from '../image/index.js';

export type PlaygroundImageFormat = 'png' | 'jpeg' | 'webp';

/** PNG and JPEG (decodable here) plus WebP, which is only passed through: no pure-JS decoder is bundled. */
export function sniffPlaygroundImage(bytes: Uint8Array): PlaygroundImageFormat | undefined {
  const known = sniffImageFormat(bytes);
  if (known) return known;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

export function mediaTypeOf(format: PlaygroundImageFormat): 'image/png' | 'image/jpeg' | 'image/webp' {
  return format === 'png' ? 'image/png' : format === 'jpeg' ? 'image/jpeg' : 'image/webp';
}

/** Width and height from the header alone (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X), without decoding pixels. */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const format = sniffPlaygroundImage(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (format === 'png' && bytes.length >= 24) return { width: view.getUint32(16), height: view.getUint32(20) };
    if (format === 'jpeg') {
      let i = 2;
      while (i + 9 < bytes.length) {
        if (bytes[i] !== 0xff) return undefined;
        const marker = bytes[i + 1];
        const length = view.getUint16(i + 2);
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
        }
        i += 2 + length;
      }
      return undefined;
    }
    if (format === 'webp' && bytes.length >= 30) {
      const chunk = String.fromCharCode(...bytes.subarray(12, 16));
      if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
      if (chunk === 'VP8L') {
        const b = view.getUint32(21, true);
        return { width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8X') {
        const w = bytes[24] | (bytes[25] << 8) | (bytes[26] << 16);
        const h = bytes[27] | (bytes[28] << 8) | (bytes[29] << 16);
        return { width: w + 1, height: h + 1 };
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}
