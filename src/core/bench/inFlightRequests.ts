/** What the registry calls when a request must stop: its deadline passed, or the run was cancelled. */
export interface InFlightEntry {
  readonly deadlineAt: number;
  timeout(): void;
  cancel(): void;
}

/**
 * The requests of one run in flight, with one coarse timer for all their deadlines and one listener on the run's
 * cancel signal. A timer and an abort listener per request cost the load generator about a tenth of its CPU at
 * thousands of requests a second (Node's timer list and EventTarget are not free). A deadline fires within `tickMs`
 * after it passes: nothing for a 120 s request deadline.
 */
export class InFlightRequests {
  private readonly entries = new Set<InFlightEntry>();
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly onAbort = () => {
    for (const entry of [...this.entries]) entry.cancel();
  };

  constructor(readonly signal?: AbortSignal, tickMs = 100) {
    this.ticker = setInterval(() => this.expire(performance.now()), tickMs);
    this.ticker.unref?.();
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  add(entry: InFlightEntry): void {
    this.entries.add(entry);
  }

  delete(entry: InFlightEntry): void {
    this.entries.delete(entry);
  }

  /** Times out every entry whose deadline is at or before `now` (performance.now() clock). */
  expire(now: number): void {
    for (const entry of this.entries) {
      if (entry.deadlineAt <= now) {
        this.entries.delete(entry);
        entry.timeout();
      }
    }
  }

  close(): void {
    clearInterval(this.ticker);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.entries.clear();
  }
}
