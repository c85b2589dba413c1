import type { LevelSnapshot } from './levelAccumulator.js';
import type { BenchMode, BenchResult, LevelResult, LevelSpec, RequestSample } from './types.js';

/**
 * What a running bench reports, in order: `start`, `warmup` per warm-up request, then per level `level-start`,
 * `request` per finished request, `progress` at most every `progressIntervalMs` (live figures for a chart), `level-end`
 * with the level's figures (`at`: wall-clock epoch ms, as each sample's `sentAt`); finally `end` with the whole result (also when cancelled). A UI subscribes with `onEvent`.
 */
export type BenchEvent =
  | { type: 'start'; mode: BenchMode; baseUrl: string; levels: LevelSpec[] }
  | { type: 'warmup'; done: number; total: number; sample: RequestSample }
  | { type: 'level-start'; level: number; spec: LevelSpec; expected?: number; durationMs?: number; at: number }
  | { type: 'request'; level: number; spec: LevelSpec; sample: RequestSample; finished: number }
  | { type: 'progress'; level: number; spec: LevelSpec; snapshot: LevelSnapshot; inFlight: number; expected?: number; durationMs?: number }
  | { type: 'level-end'; level: number; result: LevelResult; at: number }
  | { type: 'end'; result: BenchResult };

export type BenchListener = (event: BenchEvent) => void;
