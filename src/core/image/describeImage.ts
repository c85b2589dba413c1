import type { RgbaImage } from './rgbaImage';

export type Brightness = 'dark' | 'medium' | 'bright';

export interface ImageDescription {
  width: number;
  height: number;
  orientation: 'landscape' | 'portrait' | 'square';
  dominantColour: string;
  secondaryColour?: string;
  brightness: Brightness;
  /** Mean luma 0-255 (Rec. 601). */
  meanLuminance: number;
  /** Standard deviation of luma: low means flat, high means busy or noisy. */
  lumaSpread: number;
  hasTransparency: boolean;
}

const HUE_NAMES: Array<[number, string]> = [
  [15, 'red'], [45, 'orange'], [70, 'yellow'], [160, 'green'], [200, 'cyan'], [260, 'blue'], [290, 'purple'], [335, 'pink'], [360, 'red'],
];

/** Names the colour of one pixel: achromatic (black/grey/white) when unsaturated, else a hue name. */
export function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  if (max < 40) return 'black';
  if (chroma < 30 || chroma / max < 0.2) return max > 200 ? 'white' : 'grey';
  let hue: number;
  if (max === r) hue = ((g - b) / chroma + 6) % 6;
  else if (max === g) hue = (b - r) / chroma + 2;
  else hue = (r - g) / chroma + 4;
  const degrees = hue * 60;
  return HUE_NAMES.find(([limit]) => degrees < limit)?.[1] ?? 'red';
}

/** Summarises what is in the pixels — enough for a simulated VLM caption that depends on the real image. */
export function describeImage(image: RgbaImage): ImageDescription {
  const counts = new Map<string, number>();
  let lumaSum = 0;
  let lumaSquares = 0;
  let transparent = false;
  const pixels = image.width * image.height;
  // Sample at most ~64k pixels: captions of big images stay fast and deterministic.
  const stride = Math.max(1, Math.floor(pixels / 65536));
  let sampled = 0;
  for (let p = 0; p < pixels; p += stride) {
    const i = p * 4;
    const r = image.data[i];
    const g = image.data[i + 1];
    const b = image.data[i + 2];
    if (image.data[i + 3] < 255) transparent = true;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    lumaSum += luma;
    lumaSquares += luma * luma;
    const name = colourName(r, g, b);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    sampled++;
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const mean = lumaSum / sampled;
  const spread = Math.sqrt(Math.max(0, lumaSquares / sampled - mean * mean));
  const secondary = ranked[1] && ranked[1][1] >= sampled * 0.1 ? ranked[1][0] : undefined;
  return {
    width: image.width,
    height: image.height,
    orientation: image.width === image.height ? 'square' : image.width > image.height ? 'landscape' : 'portrait',
    dominantColour: ranked[0][0],
    secondaryColour: secondary,
    brightness: mean < 85 ? 'dark' : mean > 170 ? 'bright' : 'medium',
    meanLuminance: Math.round(mean * 10) / 10,
    lumaSpread: Math.round(spread * 10) / 10,
    hasTransparency: transparent,
  };
}

/** One sentence or two in plain words, e.g. "A 640×480 landscape image dominated by dark blue tones, …". */
export function captionFor(description: ImageDescription): string {
  const d = description;
  const tone = ['black', 'white', 'grey'].includes(d.dominantColour) ? d.dominantColour : `${d.brightness} ${d.dominantColour}`;
  const parts = [`A ${d.width}×${d.height} ${d.orientation} image dominated by ${tone} tones`];
  if (d.secondaryColour) parts.push(`with areas of ${d.secondaryColour}`);
  let sentence = parts.join(', ') + '.';
  sentence += d.lumaSpread < 12
    ? ' The picture is nearly uniform, with little visible detail.'
    : d.lumaSpread > 40
      ? ' The picture is busy, with strong contrast and fine texture.'
      : ' The picture shows smooth gradients and moderate contrast.';
  if (d.hasTransparency) sentence += ' Parts of it are transparent.';
  return sentence;
}
