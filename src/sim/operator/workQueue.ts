import { StoreError } from '../store/types.js';

/**
 * A deduplicating work queue like client-go's: keys enqueued during a store write are processed later
 * (never re-entrantly inside the write), once each however often they were added; a Conflict requeues.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly handler: (key: string) => void, private readonly onError: (key: string, error: unknown) => void = () => {}) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.handler(key);
      } catch (error) {
        if (error instanceof StoreError && error.reason === 'Conflict') this.add(key);
        else this.onError(key, error);
      }
    }
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  return { namespace: namespace || undefined, name: key.slice(slash + 1) };
}
