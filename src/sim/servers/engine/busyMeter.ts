/** How much of the recent past an engine spent running steps: what dcgm-exporter's GPU utilization reads. */
export class BusyMeter {
  private readonly intervals: Array<[number, number]> = [];

  constructor(private readonly keepMs = 60_000) {}

  add(start: number, end: number): void {
    const last = this.intervals[this.intervals.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else this.intervals.push([start, end]);
    const horizon = end - this.keepMs;
    while (this.intervals.length && this.intervals[0][1] < horizon) this.intervals.shift();
  }

  /** Busy share (0–1) of the last `windowMs` up to `now`. */
  fraction(windowMs: number, now = performance.now()): number {
    const from = now - windowMs;
    let busy = 0;
    for (const [s, e] of this.intervals) busy += Math.max(0, Math.min(e, now) - Math.max(s, from));
    return Math.min(1, busy / windowMs);
  }
}
