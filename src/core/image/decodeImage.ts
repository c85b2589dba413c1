import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { ImageError, type RgbaImage } from './rgbaImage';

export type ImageFormat = 'png' | 'jpeg';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Guards against decompression bombs: a few KB of PNG can claim gigapixels. */
const MAX_PIXELS = 64 * 1024 * 1024;

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Decodes PNG (any bit depth, palette, grey, alpha; 16-bit is scaled to 8) or baseline/progressive JPEG to RGBA. */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new ImageError(`cannot identify image file: expected PNG or JPEG bytes, got ${describeHead(bytes)}`);
  }
  try {
    return format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw new ImageError(`cannot decode ${format.toUpperCase()} image: ${(error as Error).message}`);
  }
}

function decodePng(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (png.width * png.height > MAX_PIXELS) throw new ImageError(`PNG is too large: ${png.width}x${png.height}`);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

function describeHead(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty data';
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${bytes.length} bytes starting ${head}`;
}
