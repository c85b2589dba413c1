import { fnv1a } from './hash';
import { createImage, type RgbaImage } from './rgbaImage';

export interface EditParameters {
  prompt: string;
  seed: number;
  /** Diffusion steps; more steps → a stronger edit. */
  steps: number;
  negativePrompt?: string;
}

export type EditMode = 'tint' | 'invert' | 'channel-rotate' | 'posterize' | 'sepia';
const MODES: EditMode[] = ['tint', 'invert', 'channel-rotate', 'posterize', 'sepia'];

export interface EditRecipe {
  mode: EditMode;
  tint: [number, number, number];
  strength: number;
}

/** The recipe a prompt/seed/steps triple maps to; exposed so callers can explain what the "model" did. */
export function editRecipe(params: EditParameters): EditRecipe {
  const hash = fnv1a(`${params.prompt}\u0000${params.negativePrompt ?? ''}\u0000${params.seed}`);
  const steps = Math.min(Math.max(Math.round(params.steps) || 1, 1), 100);
  return {
    mode: MODES[hash % MODES.length],
    tint: [(hash >>> 8) & 0xff, (hash >>> 16) & 0xff, (hash >>> 24) & 0xff],
    strength: 0.25 + 0.6 * (Math.min(steps, 50) / 50),
  };
}

/**
 * A stand-in for a diffusion edit: a pixel transform keyed by the prompt and seed, so the same request gives
 * the same image and a different seed a visibly different one. Alpha is preserved.
 */
export function applyEdit(image: RgbaImage, params: EditParameters): RgbaImage {
  const { mode, tint, strength } = editRecipe(params);
  const out = createImage(image.width, image.height);
  const src = image.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i += 4) {
    let r = src[i];
    let g = src[i + 1];
    let b = src[i + 2];
    switch (mode) {
      case 'invert':
        [r, g, b] = [255 - r, 255 - g, 255 - b];
        break;
      case 'channel-rotate':
        [r, g, b] = [g, b, r];
        break;
      case 'posterize':
        [r, g, b] = [r & 0xc0, g & 0xc0, b & 0xc0];
        break;
      case 'sepia':
        [r, g, b] = [0.393 * r + 0.769 * g + 0.189 * b, 0.349 * r + 0.686 * g + 0.168 * b, 0.272 * r + 0.534 * g + 0.131 * b];
        break;
      case 'tint':
        break;
    }
    // Every mode ends with the seed-keyed tint, so two seeds never collapse onto the same output.
    dst[i] = clamp(r + (tint[0] - r) * strength * 0.5);
    dst[i + 1] = clamp(g + (tint[1] - g) * strength * 0.5);
    dst[i + 2] = clamp(b + (tint[2] - b) * strength * 0.5);
    dst[i + 3] = src[i + 3];
  }
  return out;
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
}
