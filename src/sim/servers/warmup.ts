/** "Loading the model": the server is not warm until `warmupMs` after start (or after a restart). */
export class WarmupState {
  private readyAt: number;

  constructor(warmupMs = 0, private readonly now: () => number = Date.now) {
    this.readyAt = this.now() + warmupMs;
  }

  isWarm(): boolean {
    return this.now() >= this.readyAt;
  }

  remainingMs(): number {
    return Math.max(0, this.readyAt - this.now());
  }

  restart(warmupMs: number): void {
    this.readyAt = this.now() + warmupMs;
  }
}
