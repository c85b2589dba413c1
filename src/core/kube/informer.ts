import { Backoff } from './backoff.js';
import { KubeApiError } from './kubeApiError.js';
import type { KubeTransport } from './kubeTransport.js';
import { objectKey, resourcePath, type ResourceKind } from './resourceKinds.js';
import { sleep } from '../async/sleep.js';

export interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; managedFields?: unknown; annotations?: Record<string, string> };
}

export type InformerEvent<T> = { type: 'upsert'; key: string; object: T; previous?: T } | { type: 'delete'; key: string; previous: T };

export type InformerPhase = 'idle' | 'listing' | 'watching' | 'backoff' | 'stopped';

export interface InformerStatus {
  phase: InformerPhase;
  /** A full list has completed at least once: `items` is complete (possibly stale while reconnecting). */
  synced: boolean;
  /** The last failure, cleared by the next successful list or watch event. */
  error?: KubeApiError;
  lists: number;
  reconnects: number;
}

export interface InformerOptions<T> {
  namespace?: string;
  pageSize?: number;
  /** Drops fields nobody reads before an object is kept (default: managedFields, last-applied annotation). */
  transform?: (object: T) => T;
  /** Server-side watch timeout, randomised ±50% so that many watches do not reconnect together. */
  watchTimeoutSeconds?: number;
  backoff?: Backoff;
}

type WatchEnd = 'ended' | 'gone';

/**
 * client-go's reflector, small: list in pages (limit/continue), watch from the list's resourceVersion with
 * bookmarks, relist on 410 Gone, reconnect from the last seen resourceVersion with backoff and jitter.
 * Objects are kept as parsed JSON. `stop()` keeps the items, so `start()` resumes where it left off.
 */
export class Informer<T extends KubeObjectLike> {
  readonly items = new Map<string, T>();
  private resourceVersion: string | undefined;
  private controller: AbortController | undefined;
  private readonly listeners = new Set<(event: InformerEvent<T>) => void>();
  private readonly statusListeners = new Set<(status: InformerStatus) => void>();
  private readonly syncWaiters: Array<{ resolve: () => void; reject: (e: KubeApiError) => void; failFast: boolean }> = [];
  private readonly backoff: Backoff;
  private readonly transform: (object: T) => T;
  private current: InformerStatus = { phase: 'idle', synced: false, lists: 0, reconnects: 0 };

  constructor(
    private readonly transport: KubeTransport,
    readonly resource: ResourceKind,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.backoff = options.backoff ?? new Backoff();
    this.transform = options.transform ?? stripNoise;
  }

  get status(): InformerStatus {
    return this.current;
  }

  onEvent(listener: (event: InformerEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: InformerStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  get running(): boolean {
    return Boolean(this.controller);
  }

  start(): void {
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    void this.run(controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.setStatus({ phase: 'stopped' });
  }

  /** Resolves once the first list completed; with `failFast`, rejects on the first error instead of retrying. */
  whenSynced(options: { failFast?: boolean } = {}): Promise<void> {
    if (this.current.synced) return Promise.resolve();
    if (options.failFast && this.current.error) return Promise.reject(this.current.error);
    return new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject, failFast: Boolean(options.failFast) }));
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.list(signal);
        this.setStatus({ phase: 'watching' });
        const started = Date.now();
        const end = await this.watch(signal);
        if (end === 'gone') this.resourceVersion = undefined;
        // A server (or proxy) that closes watches at once must not turn this loop into a busy poll.
        else if (Date.now() - started < 1000) await sleep(this.backoff.next(), signal);
      } catch (error) {
        if (signal.aborted) break;
        const failure = error instanceof KubeApiError ? error : new KubeApiError('other', (error as Error).message);
        if (failure.kind === 'gone') {
          this.resourceVersion = undefined;
          continue;
        }
        this.setStatus({ phase: 'backoff', error: failure, reconnects: this.current.reconnects + 1 });
        this.failWaiters(failure);
        await sleep(this.backoff.next(), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.setStatus({ phase: 'listing' });
    const path = resourcePath(this.resource, this.options.namespace);
    const fresh = new Map<string, T>();
    let continueToken: string | undefined;
    let listVersion: string | undefined;
    do {
      const page = await this.transport.getJson<{ metadata?: { resourceVersion?: string; continue?: string }; items?: T[] }>(
        path,
        { limit: this.options.pageSize ?? 500, continue: continueToken },
        signal,
      );
      if (signal.aborted) return;
      listVersion ??= page.metadata?.resourceVersion;
      for (const item of page.items ?? []) fresh.set(objectKey(item), this.transform(item));
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    this.replace(fresh);
    this.resourceVersion = listVersion;
    this.backoff.reset();
    this.setStatus({ synced: true, error: undefined, lists: this.current.lists + 1 });
    for (const waiter of this.syncWaiters.splice(0)) waiter.resolve();
  }

  /** Swaps in a full list, emitting only differences (a relist after 410 must not look like everything changed). */
  private replace(fresh: Map<string, T>): void {
    for (const [key, previous] of this.items) {
      if (fresh.has(key)) continue;
      this.items.delete(key);
      this.emit({ type: 'delete', key, previous });
    }
    for (const [key, object] of fresh) {
      const previous = this.items.get(key);
      if (previous && previous.metadata?.resourceVersion === object.metadata?.resourceVersion) continue;
      this.items.set(key, object);
      this.emit({ type: 'upsert', key, object, previous });
    }
  }

  private async watch(signal: AbortSignal): Promise<WatchEnd> {
    const timeout = this.options.watchTimeoutSeconds ?? 300;
    const query = {
      watch: 1,
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.round(timeout * (0.5 + Math.random())),
    };
    let gone = false;
    let failure: KubeApiError | undefined;
    const watchAbort = new AbortController();
    const onAbort = () => watchAbort.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.transport.stream(resourcePath(this.resource, this.options.namespace), query, (line) => {
        if (gone || failure) return;
        const outcome = this.ingest(line);
        if (outcome === 'ok') return;
        if (outcome === 'gone') gone = true;
        else failure = outcome;
        watchAbort.abort();
      }, watchAbort.signal);
    } catch (error) {
      if (!gone && !failure && !signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (failure) throw failure;
    return gone ? 'gone' : 'ended';
  }

  /** Applies one watch-stream line (an event as JSON): what the watch does per event, public for the benchmark. */
  ingest(line: string): 'ok' | 'gone' | KubeApiError {
    const event = JSON.parse(line) as { type: string; object: T & { code?: number; message?: string; reason?: string } };
    if (event.type === 'ERROR') {
      const status = event.object;
      if (status.code === 410) return 'gone';
      return new KubeApiError('other', `watch ${this.resource.plural}: ${status.code ?? ''} ${status.message ?? ''}`.trim(), status.code, status.reason);
    }
    this.resourceVersion = event.object.metadata?.resourceVersion ?? this.resourceVersion;
    if (this.current.error) this.setStatus({ error: undefined });
    this.backoff.reset();
    if (event.type !== 'BOOKMARK') this.apply(event.type, event.object);
    return 'ok';
  }

  private apply(type: string, raw: T): void {
    const key = objectKey(raw);
    const previous = this.items.get(key);
    if (type === 'DELETED') {
      if (!previous) return;
      this.items.delete(key);
      this.emit({ type: 'delete', key, previous });
      return;
    }
    const object = this.transform(raw);
    this.items.set(key, object);
    this.emit({ type: 'upsert', key, object, previous });
  }

  private emit(event: InformerEvent<T>): void {
    for (const listener of this.listeners) listener(event);
  }

  private failWaiters(error: KubeApiError): void {
    for (let i = this.syncWaiters.length - 1; i >= 0; i--) {
      if (!this.syncWaiters[i].failFast) continue;
      this.syncWaiters[i].reject(error);
      this.syncWaiters.splice(i, 1);
    }
  }

  private setStatus(change: Partial<InformerStatus>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.statusListeners) listener(this.current);
  }
}

/** managedFields and the last-applied annotation are often half of an object's size and nobody here reads them. */
export function stripNoise<T extends KubeObjectLike>(object: T): T {
  const meta = object.metadata;
  if (meta) {
    delete meta.managedFields;
    if (meta.annotations?.['kubectl.kubernetes.io/last-applied-configuration']) delete meta.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return object;
}

