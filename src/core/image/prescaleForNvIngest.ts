import { bytesToBase64 } from './base64';
import { decodeImage } from './decodeImage';
import { encodePng } from './encodeImage';
import { resize } from './resize';
import { ImageError } from './rgbaImage';

export const NV_INGEST_MAX_BASE64_CHARS = 180_000;

export interface PrescaleResult {
  /** Final bytes: the input unchanged when it already fits, otherwise an RGB PNG. */
  bytes: Uint8Array;
  width: number;
  height: number;
  base64Length: number;
  /** Number of resize + re-encode rounds (0 when the input already fits). */
  steps: number;
  /** Scale factor (relative to the original) of each round, e.g. [0.9, 0.855, 0.81225]. */
  scales: number[];
}

/**
 * nv-ingest's `scale_image_to_encoding_size`: while the base64 is longer than the limit, resize the ORIGINAL
 * image by the current factor (0.9, then the factor shrinks ×0.95 each round), drop alpha, re-encode as PNG.
 * Dimensions are truncated like Python's int(). PIL resamples with LANCZOS; we use an area filter, so byte
 * counts (and occasionally the step count) differ slightly from nv-ingest for the same input.
 */
export function prescaleForNvIngest(bytes: Uint8Array, maxBase64Chars = NV_INGEST_MAX_BASE64_CHARS): PrescaleResult {
  const original = decodeImage(bytes);
  let base64Length = base64LengthOf(bytes.length);
  if (base64Length <= maxBase64Chars) {
    return { bytes, width: original.width, height: original.height, base64Length, steps: 0, scales: [] };
  }
  let factor = 0.9;
  const scales: number[] = [];
  let current = bytes;
  let width = original.width;
  let height = original.height;
  while (base64Length > maxBase64Chars) {
    width = Math.trunc(original.width * factor);
    height = Math.trunc(original.height * factor);
    if (width < 1 || height < 1) {
      throw new ImageError(`image cannot be resized below ${maxBase64Chars} base64 characters without becoming too small`);
    }
    scales.push(factor);
    current = encodePng(resize(original, width, height, 'area'), { rgb: true });
    base64Length = bytesToBase64(current).length;
    if (base64Length > maxBase64Chars) factor *= 0.95;
  }
  return { bytes: current, width, height, base64Length, steps: scales.length, scales };
}

function base64LengthOf(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}
