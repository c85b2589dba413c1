import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { encodePng, gradientImage } from '../image/index.js';
import { prepareCaptionImage, type PreparedCaptionImage } from '../playground/captionImage.js';
import { sniffPlaygroundImage } from '../playground/imageFormat.js';
import { DEFAULT_CAPTION_PROMPT } from '../playground/captionRequest.js';
import { seededRandom } from './random.js';
import { isEditMode, type BenchMode } from './types.js';

/** Characters per token, the usual rough figure for English text and BPE tokenizers. */
export const CHARS_PER_TOKEN = 4;

export class DatasetError extends Error {}

export interface BenchImage {
  name: string;
  /** As read (edit modes send these). */
  bytes: Uint8Array;
  /** Caption mode: pre-scaled once, as the caption contract requires (base64 PNG of at most 180,000 characters). */
  caption?: PreparedCaptionImage;
}

export interface BenchDataset {
  prompts: string[];
  images: BenchImage[];
}

export interface DatasetOptions {
  mode: BenchMode;
  seed: number;
  /** Approximate prompt length in tokens (≈ 4 characters each); absent: the mode's usual prompt. */
  promptTokens?: number;
  /** Folder of PNG / JPEG / WebP images; absent: a few generated gradients. */
  imagesDir?: string;
  /** Distinct prompts to draw; default 64. */
  size?: number;
}

const WORDS = ('the a of to and in is it that for on with as was at by this be from are or an which one have not but what all were when we '
  + 'there can more if out so up said about into time than them could other some these two may first then do any like my now over such our man '
  + 'image light colour river mountain street window garden table morning shadow signal engine model answer number market station bridge')
  .split(' ');

const EDIT_PROMPTS = ['Make the sky a deep orange sunset', 'Turn the scene into a pencil sketch', 'Add soft falling snow', 'Make it look like an old photograph',
  'Replace the background with a forest', 'Brighten the image and raise the contrast', 'Render it as a watercolour painting', 'Make it night time with street lights'];

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/** Seeded text of about `tokens` tokens (tokens × 4 characters), words drawn from a fixed vocabulary. */
export function promptOfTokens(tokens: number, random: () => number): string {
  const target = Math.max(1, Math.round(tokens * CHARS_PER_TOKEN));
  let text = '';
  while (text.length < target) text += (text ? ' ' : '') + WORDS[Math.floor(random() * WORDS.length)];
  return text.slice(0, target);
}

/** The prompts and images a run draws from: the same seed gives the same dataset. */
export function buildDataset(options: DatasetOptions): BenchDataset {
  const random = seededRandom(options.seed);
  const size = options.size ?? 64;
  const prompts: string[] = [];
  for (let i = 0; i < size; i++) {
    if (options.promptTokens !== undefined) prompts.push(promptOfTokens(options.promptTokens, random));
    else if (options.mode === 'caption') prompts.push(DEFAULT_CAPTION_PROMPT);
    else if (isEditMode(options.mode)) prompts.push(EDIT_PROMPTS[Math.floor(random() * EDIT_PROMPTS.length)]);
    else prompts.push(promptOfTokens(128, random));
  }
  if (options.mode === 'chat') return { prompts, images: [] };
  const raw = options.imagesDir ? readImageFolder(options.imagesDir) : syntheticImages(random);
  const images = raw.map((image) => (options.mode === 'caption' ? { ...image, caption: prescale(image) } : image));
  return { prompts, images };
}

function prescale(image: BenchImage): PreparedCaptionImage {
  try {
    return prepareCaptionImage(image.bytes);
  } catch (error) {
    throw new DatasetError(`${image.name}: ${(error as Error).message}`);
  }
}

/** Every PNG, JPEG and WebP file directly in `dir`, by name; a folder with none is an error that says so. */
export function readImageFolder(dir: string): BenchImage[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new DatasetError(`--images ${dir} is not a folder`);
    names = readdirSync(dir).sort();
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read image folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const images: BenchImage[] = [];
  for (const name of names.filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase()))) {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    if (!sniffPlaygroundImage(bytes)) throw new DatasetError(`${join(dir, name)} is not a PNG, JPEG or WebP image`);
    images.push({ name, bytes });
  }
  if (!images.length) throw new DatasetError(`no images in ${dir}: put PNG, JPEG or WebP files there (${names.length} other file(s) found)`);
  return images;
}

function syntheticImages(random: () => number): BenchImage[] {
  const colour = (): [number, number, number] => [0, 0, 0].map(() => Math.floor(random() * 256)) as [number, number, number];
  return Array.from({ length: 4 }, (_, i) => ({ name: `gradient-${i + 1}.png`, bytes: encodePng(gradientImage(512, 384, colour(), colour()), { rgb: true }) }));
}
