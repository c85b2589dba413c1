import { seededRandom } from './hash';
import { createImage, type RgbaImage } from './rgbaImage';

type Rgb = [number, number, number];

/** A horizontal gradient between two colours: compresses well, caption names a clear colour. */
export function gradientImage(width: number, height: number, from: Rgb, to: Rgb, alpha = 255): RgbaImage {
  const image = createImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = width === 1 ? 0 : x / (width - 1);
      const i = (y * width + x) * 4;
      image.data[i] = Math.round(from[0] + (to[0] - from[0]) * t);
      image.data[i + 1] = Math.round(from[1] + (to[1] - from[1]) * t);
      image.data[i + 2] = Math.round(from[2] + (to[2] - from[2]) * t);
      image.data[i + 3] = alpha;
    }
  }
  return image;
}

/** Seeded RGB noise: the worst case for PNG size, used to exercise nv-ingest's prescale loop. */
export function noiseImage(width: number, height: number, seed = 1): RgbaImage {
  const image = createImage(width, height);
  const random = seededRandom(seed);
  for (let i = 0; i < image.data.length; i += 4) {
    image.data[i] = Math.floor(random() * 256);
    image.data[i + 1] = Math.floor(random() * 256);
    image.data[i + 2] = Math.floor(random() * 256);
    image.data[i + 3] = 255;
  }
  return image;
}

export function solidImage(width: number, height: number, colour: Rgb, alpha = 255): RgbaImage {
  return gradientImage(width, height, colour, colour, alpha);
}
