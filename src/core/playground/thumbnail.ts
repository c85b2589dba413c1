import { decodeImage, encodePng, resize, toDataUrl } from '../image/index.js';
import { sniffPlaygroundImage } from './imageFormat.js';

/** A small PNG data URL (longest side `maxSide`) for history; undefined for WebP or undecodable bytes. */
export function thumbnailDataUrl(bytes: Uint8Array, maxSide = 64): string | undefined {
  const format = sniffPlaygroundImage(bytes);
  if (format !== 'png' && format !== 'jpeg') return undefined;
  try {
    const image = decodeImage(bytes);
    const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    return toDataUrl(encodePng(resize(image, w, h), { rgb: true, deflateLevel: 9 }));
  } catch {
    return undefined;
  }
}
