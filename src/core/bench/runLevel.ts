import { poissonGaps } from './random.js';
import type { LevelSpec, RequestSample } from './types.js';

export interface LevelPlan {
  spec: LevelSpec;
  /** Requests to send in this level; with `durationMs` too, whichever ends first. */
  requests?: number;
  /** Stop sending after this long (requests in flight still finish and count). */
  durationMs?: number;
  /** Seeded source for Poisson arrivals. */
  random: () => number;
  signal?: AbortSignal;
  /** Sends the `index`-th request; undefined when it was cancelled. */
  send: (index: number) => Promise<RequestSample | undefined>;
  onSample: (sample: RequestSample) => void;
  /** Each request's end, answered, failed or cancelled (before onSample). */
  onAnswer?: () => void;
}

/**
 * Runs one level and resolves with its duration (first send to last answer, ms). Closed loop: `concurrency` workers
 * each send the next request as soon as their previous one is answered. Open loop: requests start at Poisson arrival
 * times of the given rate whether or not earlier ones were answered (so a slow server builds a queue, as real traffic does).
 */
export async function runLevel(plan: LevelPlan): Promise<number> {
  const started = performance.now();
  let lastEnd = started;
  const sendingAllowed = (index: number) => !plan.signal?.aborted && (plan.requests === undefined || index < plan.requests) && (plan.durationMs === undefined || performance.now() - started < plan.durationMs);
  const track = async (index: number) => {
    let sample: RequestSample | undefined;
    try {
      sample = await plan.send(index);
    } finally {
      plan.onAnswer?.();
    }
    lastEnd = performance.now();
    if (sample && !plan.signal?.aborted) plan.onSample(sample);
  };
  if ('concurrency' in plan.spec) {
    let next = 0;
    const worker = async () => {
      while (sendingAllowed(next)) await track(next++);
    };
    await Promise.all(Array.from({ length: plan.spec.concurrency }, worker));
  } else {
    const gap = poissonGaps(plan.spec.rate, plan.random);
    const sleeper = new Sleeper(plan.signal);
    let outstanding = 0;
    let allSent = false;
    let allAnswered: (() => void) | undefined;
    let failed: { error: unknown } | undefined;
    const answered = () => {
      if (--outstanding === 0 && allSent) allAnswered?.();
    };
    const threw = (error: unknown) => {
      failed ??= { error };
      answered();
    };
    let due = started;
    try {
      for (let index = 0; ; index++) {
        due += index === 0 ? 0 : gap();
        if (plan.durationMs !== undefined && due - started >= plan.durationMs) break;
        await sleeper.until(due);
        if (!sendingAllowed(index)) break;
        outstanding++;
        void track(index).then(answered, threw);
      }
    } finally {
      sleeper.dispose();
    }
    allSent = true;
    if (outstanding > 0) await new Promise<void>((resolve) => (allAnswered = resolve));
    if (failed) throw failed.error;
  }
  return lastEnd - started;
}

/** Sleeps until a performance.now() time; a cancel wakes it at once. One abort listener for all the sleeps of a level. */
class Sleeper {
  private wake?: () => void;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly onAbort = () => {
    clearTimeout(this.timer);
    this.wake?.();
  };

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  until(at: number): Promise<void> {
    const ms = at - performance.now();
    if (ms <= 0 || this.signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
