/** An 8-bit RGBA raster, row-major, 4 bytes per pixel; the one pixel format every image helper speaks. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Thrown for bytes that are not an image we can read, or parameters that make no image. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

export function createImage(width: number, height: number): RgbaImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageError(`image size must be positive integers, got ${width}x${height}`);
  }
  return { width, height, data: new Uint8Array(width * height * 4) };
}
