import type { HealthReport } from './types.js';

/** Interval while healthy; doubles per consecutive unhealthy run, up to `maxMs`, so a down endpoint is not hammered. */
export function nextDelayMs(intervalMs: number, consecutiveFailures: number, maxMs = Math.max(intervalMs, 5 * 60_000)): number {
  if (consecutiveFailures <= 0) return intervalMs;
  return Math.min(maxMs, intervalMs * 2 ** Math.min(consecutiveFailures, 16));
}

export interface HealthPollerOptions {
  intervalMs: number;
  maxBackoffMs?: number;
  /** Runs one check; the signal aborts it when the poller stops. */
  check: (signal: AbortSignal) => Promise<HealthReport>;
  onReport: (report: HealthReport) => void;
  /** Fires on healthy → unhealthy, and on a first run that is already unhealthy (the user pinned it to know). */
  onBecameUnhealthy?: (report: HealthReport, previous: HealthReport | undefined) => void;
}

/** Checks one pinned endpoint on a timer, with back-off while failing. */
export class HealthPoller {
  private timer?: NodeJS.Timeout;
  private controller?: AbortController;
  private failures = 0;
  private last?: HealthReport;
  private stopped = false;

  constructor(private readonly options: HealthPollerOptions) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** First check after `delayMs` (spread many pollers over one interval instead of firing them all at once). */
  start(delayMs = 0): void {
    this.schedule(delayMs);
  }

  /** Check now (a command, a settings change) and restart the timer from here. */
  async runNow(): Promise<HealthReport | undefined> {
    clearTimeout(this.timer);
    return this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller?.abort();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { void this.tick(); }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<HealthReport | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const report = await this.options.check(controller.signal);
      if (controller.signal.aborted || this.stopped) return undefined;
      const previous = this.last;
      this.last = report;
      this.failures = report.healthy ? 0 : this.failures + 1;
      this.options.onReport(report);
      if (!report.healthy && (previous === undefined || previous.healthy)) this.options.onBecameUnhealthy?.(report, previous);
      return report;
    } catch {
      return undefined;
    } finally {
      if (this.controller === controller) {
        // The check is over: nothing left to abort, and its signal is not kept until the next one.
        this.controller = undefined;
        if (!this.stopped) this.schedule(nextDelayMs(this.options.intervalMs, this.failures, this.options.maxBackoffMs));
      }
    }
  }
}
