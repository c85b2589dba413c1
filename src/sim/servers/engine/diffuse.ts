import type { RgbaImage } from '../../../core/image/index';
import { sleep } from '../http/simServer';
import type { GenerationTiming } from '../types';
import type { DiffusionEngine } from './diffusionEngine';

export interface DiffusionWork {
  steps: number;
  inputs: RgbaImage[];
  width?: number;
  height?: number;
  n: number;
}

/** Waits as long as the edit takes: the diffusion engine's queue and batch when there is one, else fixed timing. */
export async function diffuse(engine: DiffusionEngine | undefined, timing: GenerationTiming, work: DiffusionWork): Promise<void> {
  if (!engine) return sleep(timing.firstTokenMs + timing.perTokenMs * work.steps);
  const width = work.width ?? work.inputs[0]?.width ?? 1024;
  const height = work.height ?? work.inputs[0]?.height ?? 1024;
  await engine.run({ steps: work.steps, megapixels: (width * height * work.n) / 1e6 });
}
