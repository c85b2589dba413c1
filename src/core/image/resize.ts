import { createImage, type RgbaImage } from './rgbaImage';

export type ResizeFilter = 'bilinear' | 'area';

/**
 * Resizes to width×height. `area` averages every source pixel a target pixel covers (good for shrinking,
 * no aliasing on noise); `bilinear` interpolates (good for enlarging). Default: area when shrinking both ways.
 */
export function resize(image: RgbaImage, width: number, height: number, filter?: ResizeFilter): RgbaImage {
  const out = createImage(width, height);
  if (width === image.width && height === image.height) {
    out.data.set(image.data);
    return out;
  }
  const chosen = filter ?? (width <= image.width && height <= image.height ? 'area' : 'bilinear');
  if (chosen === 'area') resizeArea(image, out);
  else resizeBilinear(image, out);
  return out;
}

function resizeBilinear(src: RgbaImage, dst: RgbaImage): void {
  const sx = src.width / dst.width;
  const sy = src.height / dst.height;
  for (let y = 0; y < dst.height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < dst.width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, src.width - 1);
      const wx = fx - x0;
      const o = (y * dst.width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c];
        const b = src.data[(y0 * src.width + x1) * 4 + c];
        const d = src.data[(y1 * src.width + x0) * 4 + c];
        const e = src.data[(y1 * src.width + x1) * 4 + c];
        const top = a + (b - a) * wx;
        const bottom = d + (e - d) * wx;
        dst.data[o + c] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
}

function resizeArea(src: RgbaImage, dst: RgbaImage): void {
  const sx = src.width / dst.width;
  const sy = src.height / dst.height;
  const acc = new Float64Array(4);
  for (let y = 0; y < dst.height; y++) {
    const top = y * sy;
    const bottom = Math.min((y + 1) * sy, src.height);
    for (let x = 0; x < dst.width; x++) {
      const left = x * sx;
      const right = Math.min((x + 1) * sx, src.width);
      acc.fill(0);
      let total = 0;
      for (let yy = Math.floor(top); yy < Math.ceil(bottom); yy++) {
        const wy = Math.min(yy + 1, bottom) - Math.max(yy, top);
        for (let xx = Math.floor(left); xx < Math.ceil(right); xx++) {
          const w = wy * (Math.min(xx + 1, right) - Math.max(xx, left));
          const i = (yy * src.width + xx) * 4;
          acc[0] += src.data[i] * w;
          acc[1] += src.data[i + 1] * w;
          acc[2] += src.data[i + 2] * w;
          acc[3] += src.data[i + 3] * w;
          total += w;
        }
      }
      const o = (y * dst.width + x) * 4;
      for (let c = 0; c < 4; c++) dst.data[o + c] = Math.round(acc[c] / total);
    }
  }
}
