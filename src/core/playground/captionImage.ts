import { bytesToBase64, decodeImage, encodePng, ImageError, NV_INGEST_MAX_BASE64_CHARS, prescaleForNvIngest } from '../image/index.js';
import { imageDimensions, mediaTypeOf, sniffPlaygroundImage, type PlaygroundImageFormat } from './imageFormat.js';

export interface CaptionImageOptions {
  /** nv-ingest's pre-scale (×0.9, then ×0.95 steps, PNG re-encode) until the base64 fits; default on. */
  prescale?: boolean;
  maxBase64Chars?: number;
  /** Re-encode JPEG to PNG first, so that the data URL is `data:image/png;base64,` as nv-ingest sends it; default on. */
  forcePng?: boolean;
}

/** The image as it goes into the request, and what happened to it on the way. */
export interface PreparedCaptionImage {
  dataUrl: string;
  mediaType: string;
  /** Dimensions of the image in the request. */
  width?: number;
  height?: number;
  originalWidth?: number;
  originalHeight?: number;
  originalBytes: number;
  base64Length: number;
  /** Pre-scale rounds (0 = already fits) and each round's factor relative to the original. */
  steps: number;
  scales: number[];
  /** Set when the image could not be pre-scaled (WebP) and goes as it is. */
  warning?: string;
}

/**
 * nv-ingest sends every image as a base64 PNG data URL whose base64 is at most 180,000 characters. PNG and JPEG
 * are decoded, re-encoded as PNG when needed and pre-scaled; WebP goes through unchanged (no pure-JS decoder here).
 */
export function prepareCaptionImage(bytes: Uint8Array, options: CaptionImageOptions = {}): PreparedCaptionImage {
  const format = sniffPlaygroundImage(bytes);
  if (!format) throw new ImageError('not a PNG, JPEG or WebP image');
  const limit = options.maxBase64Chars ?? NV_INGEST_MAX_BASE64_CHARS;
  const original = imageDimensions(bytes);
  if (format === 'webp') {
    const base64 = bytesToBase64(bytes);
    return {
      dataUrl: `data:image/webp;base64,${base64}`, mediaType: 'image/webp', ...original, originalWidth: original?.width, originalHeight: original?.height,
      originalBytes: bytes.length, base64Length: base64.length, steps: 0, scales: [],
      warning: `WebP is sent as it is: pre-scale and PNG re-encode need PNG or JPEG${base64.length > limit ? ` — and this image's base64 (${base64.length} characters) is over nv-ingest's ${limit}` : ''}.`,
    };
  }
  let working = bytes;
  let workingFormat: PlaygroundImageFormat = format;
  if (format !== 'png' && options.forcePng !== false) {
    working = encodePng(decodeImage(bytes), { rgb: true });
    workingFormat = 'png';
  }
  if (options.prescale === false) {
    const base64 = bytesToBase64(working);
    const dims = imageDimensions(working);
    return {
      dataUrl: `data:${mediaTypeOf(workingFormat)};base64,${base64}`, mediaType: mediaTypeOf(workingFormat), ...dims,
      originalWidth: original?.width, originalHeight: original?.height, originalBytes: bytes.length, base64Length: base64.length, steps: 0, scales: [],
      warning: base64.length > limit ? `pre-scale is off: the base64 is ${base64.length} characters, over nv-ingest's ${limit}` : undefined,
    };
  }
  const result = prescaleForNvIngest(working, limit);
  const finalFormat = result.steps > 0 ? 'png' : workingFormat;
  return {
    dataUrl: `data:${mediaTypeOf(finalFormat)};base64,${bytesToBase64(result.bytes)}`,
    mediaType: mediaTypeOf(finalFormat),
    width: result.width,
    height: result.height,
    originalWidth: original?.width,
    originalHeight: original?.height,
    originalBytes: bytes.length,
    base64Length: result.base64Length,
    steps: result.steps,
    scales: result.scales,
  };
}
