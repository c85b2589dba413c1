import { timeKey } from './timestampedLine.js';

/**
 * Exactly-once delivery across reconnects. A reconnect asks for `sinceTime` = the last delivered line's timestamp,
 * so the server repeats every line at that instant (real API servers truncate sinceTime to the second and repeat
 * the whole second). Lines before the last instant are repeats; at the last instant the first N are the N already
 * delivered, in server order; anything later is new.
 */
export class LogDeduper {
  private lastKey = '';
  /** Lines delivered with timestamp `lastKey`. */
  private atLast = 0;
  /** Lines at `lastKey` seen on the current connection. */
  private atLastThisConnection = 0;

  /** The instant to reconnect from (RFC3339 as the server sent it), undefined before any line. */
  lastTime: string | undefined;

  /** Call when a new connection starts. */
  reconnected(): void {
    this.atLastThisConnection = 0;
  }

  /** Whether to deliver this line; lines without a timestamp are always delivered. */
  accept(time: string): boolean {
    if (!time) return true;
    const key = timeKey(time);
    if (key < this.lastKey) return false;
    if (key === this.lastKey) {
      this.atLastThisConnection++;
      if (this.atLastThisConnection <= this.atLast) return false;
      this.atLast++;
      return true;
    }
    this.lastKey = key;
    this.lastTime = time;
    this.atLast = 1;
    this.atLastThisConnection = 1;
    return true;
  }
}
