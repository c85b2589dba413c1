/**
 * Paces engine steps on the wall clock. Timers fire late on a busy machine; the lateness is paid back on the next
 * steps (each step ends `cost` after the previous one was due, not after it actually ended) so the engine's throughput
 * over a run is what its cost model says. Lateness beyond `maxDebtMs` (a stalled process) is forgiven.
 */
export class StepClock {
  private due = 0;

  constructor(private readonly maxDebtMs = 50) {}

  /** Starts a new busy period: the next step is timed from now. */
  reset(): void {
    this.due = performance.now();
  }

  step(costMs: number): Promise<void> {
    const now = performance.now();
    if (now - this.due > this.maxDebtMs) this.due = now;
    this.due += costMs;
    const wait = this.due - now;
    return wait > 0.5 ? new Promise((resolve) => setTimeout(resolve, wait)) : new Promise((resolve) => setImmediate(resolve));
  }
}
