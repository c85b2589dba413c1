import { sleep } from '../http/simServer';
import type { BatchingEngine, GenerationRequest } from '../engine/batchingEngine';
import type { GenerationTiming } from '../types';

/** When each generated token is ready: from fixed timing, or from a continuous-batching engine's steps. */
export interface TokenPacer {
  /** Resolves when token `index` (0-based) is ready, with the time (performance.now()) it was. */
  token(index: number): Promise<number>;
  /** The client went away (or the answer is complete): release what the request holds. */
  cancel(): void;
  /** Time the request waited before it was first scheduled, if the pacer knows. */
  queueSeconds(): number | undefined;
}

/** firstTokenMs before the first token, perTokenMs before each next one; load changes nothing. */
export function timingPacer(timing: GenerationTiming): TokenPacer {
  return {
    token: async (index) => {
      await sleep(index === 0 ? timing.firstTokenMs : timing.perTokenMs);
      return performance.now();
    },
    cancel: () => {},
    queueSeconds: () => undefined,
  };
}

export class EngineFailure extends Error {}

/** Tokens as the engine produces them for this request's sequence. */
export function enginePacer(engine: BatchingEngine, request: GenerationRequest): TokenPacer {
  const seq = engine.submit(request);
  return {
    token: async (index) => {
      while (seq.tokenTimes.length <= index) {
        if (seq.error) throw new EngineFailure(seq.error.message);
        if (seq.done) throw new EngineFailure('the engine stopped the sequence');
        await seq.next();
      }
      return seq.tokenTimes[index];
    },
    cancel: () => engine.abort(seq),
    queueSeconds: () => (seq.admittedAt !== undefined ? (seq.admittedAt - seq.arrivedAt) / 1000 : undefined),
  };
}
