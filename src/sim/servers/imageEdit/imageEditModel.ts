import { applyEdit, encodeJpeg, encodePng, fnv1a, gradientImage, resize, type RgbaImage } from '../../../core/image/index';

export type OutputFormat = 'png' | 'jpeg';

export interface EditJob {
  /** Input images; the first one is edited (multi-image models would compose them). Empty means text-to-image. */
  inputs: RgbaImage[];
  prompt: string;
  negativePrompt?: string;
  seed: number;
  steps: number;
  width?: number;
  height?: number;
  n: number;
  outputFormat: OutputFormat;
}

export interface EditOutput {
  images: Uint8Array[];
  width: number;
  height: number;
}

/** The simulated diffusion model: image i of n is the deterministic edit with seed + i, resized to the requested size. */
export function runEditJob(job: EditJob): EditOutput {
  const base = job.inputs[0] ?? canvasFor(job);
  const width = job.width ?? base.width;
  const height = job.height ?? base.height;
  const sized = width === base.width && height === base.height ? base : resize(base, width, height);
  const images: Uint8Array[] = [];
  for (let i = 0; i < job.n; i++) {
    const edited = applyEdit(sized, { prompt: job.prompt, negativePrompt: job.negativePrompt, seed: job.seed + i, steps: job.steps });
    images.push(job.outputFormat === 'jpeg' ? encodeJpeg(edited, 95) : encodePng(edited));
  }
  return { images, width, height };
}

/** Text-to-image has no input: start from a gradient keyed by the prompt so the result still depends on it. */
function canvasFor(job: EditJob): RgbaImage {
  const hash = fnv1a(job.prompt);
  return gradientImage(job.width ?? 512, job.height ?? 512, [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff], [(hash >>> 24) & 0xff, 128, 255 - (hash & 0xff)]);
}

const SIZE = /^(\d{1,5})x(\d{1,5})$/;

/** Parses `WxH`; undefined for `auto`; throws for anything else. */
export function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  if (size === undefined || size === '' || size.toLowerCase() === 'auto') return undefined;
  const match = SIZE.exec(size.trim());
  const width = match ? Number(match[1]) : 0;
  const height = match ? Number(match[2]) : 0;
  if (!match || width < 1 || height < 1 || width > 8192 || height > 8192) {
    throw new Error(`Invalid size format: '${size}'. Expected 'auto' or 'WIDTHxHEIGHT' with each side 1-8192, e.g. '1024x1024'.`);
  }
  return { width, height };
}
