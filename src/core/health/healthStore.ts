import type { HealthReport } from './types.js';

/** Latest report per endpoint key; the tree decoration, tooltip, status bar and report read it. */
export class HealthStore {
  private readonly reports = new Map<string, HealthReport>();
  private readonly listeners = new Set<(key: string) => void>();

  get(key: string): HealthReport | undefined {
    return this.reports.get(key);
  }

  set(report: HealthReport): void {
    this.reports.set(report.key, report);
    for (const l of [...this.listeners]) l(report.key);
  }

  onDidChange(listener: (key: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
