import type { SimClock } from '../store/types.js';

interface Step {
  t: number;
  seq: number;
  fn: (t: number) => void;
}

/**
 * The run loop of one pod: steps in simulated time, run in time order (ties in the order scheduled). `pump`
 * runs every due step, then `afterSteps` (the pod's status write), then arms one timer for the next step.
 */
export class Timeline {
  private readonly steps: Step[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private pumping = false;

  constructor(private readonly clock: SimClock, private readonly afterSteps: () => void) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  at(t: number, fn: (t: number) => void): void {
    if (this.stopped) return;
    const step = { t, seq: this.seq++, fn };
    let i = this.steps.length;
    while (i > 0 && (this.steps[i - 1].t > t || (this.steps[i - 1].t === t && this.steps[i - 1].seq > step.seq))) i--;
    this.steps.splice(i, 0, step);
  }

  pump(): void {
    if (this.stopped || this.pumping) return;
    this.pumping = true;
    try {
      const now = this.clock.now().getTime();
      while (this.steps.length && this.steps[0].t <= now && !this.stopped) {
        const step = this.steps.shift()!;
        step.fn(step.t);
      }
    } finally {
      this.pumping = false;
    }
    if (this.stopped) return;
    this.afterSteps();
    if (this.timer) clearTimeout(this.timer);
    const next = this.steps[0];
    if (next) {
      this.timer = this.clock.setTimeout(() => this.pump(), next.t - this.clock.now().getTime());
      this.timer.unref?.();
    }
  }

  /** Drops every pending step (the pod is finished: nothing more happens to it). */
  clear(): void {
    this.steps.length = 0;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
