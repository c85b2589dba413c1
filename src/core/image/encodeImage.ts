import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { RgbaImage } from './rgbaImage';

export interface PngOptions {
  /** Drop the alpha channel (colour type 2), as PIL's `convert("RGB")` does before saving. */
  rgb?: boolean;
  /** zlib level 0-9; 6 is PIL's default. */
  deflateLevel?: number;
}

/** Encodes RGBA to PNG. Deterministic: the same pixels and options always give the same bytes. */
export function encodePng(image: RgbaImage, options: PngOptions = {}): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const out = PNG.sync.write(png, { colorType: options.rgb ? 2 : 6, deflateLevel: options.deflateLevel ?? 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function encodeJpeg(image: RgbaImage, quality = 90): Uint8Array {
  const out = jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}
