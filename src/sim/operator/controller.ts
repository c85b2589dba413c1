import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { resourceKey } from '../store/types.js';
import { objectKey, WorkQueue } from './workQueue.js';

/** A kind whose objects a controller creates and marks with an ownerReference of `ownerKind`. */
export interface Owned {
  resource: string;
  ownerKind: string;
}

/** Any other kind the controller reads: `map` names the objects to reconcile when one changes. */
export interface Watched {
  resource: string;
  map: (object: KubeObject, event: StoreEvent) => string[];
}

/** What wakes a controller, as controller-runtime's builder says it: For(kind), Owns(kind…), Watches(kind, map). */
export interface ControllerWatches {
  for: string;
  owns?: Owned[];
  watches?: Watched[];
}

/**
 * The skeleton every simulated controller shares: one deduplicating work queue of `namespace/name` keys of
 * the `for` kind, filled from the store's events (its own objects, the owners of objects it owns, and any
 * mapped watch) and once with every existing object at start. Subclasses write `reconcile(key)` only.
 */
export abstract class Controller {
  protected readonly queue = new WorkQueue((key) => this.reconcile(key));
  private readonly unsubscribe: () => void;

  constructor(protected readonly store: ObjectStore, private readonly watches: ControllerWatches) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    for (const object of store.list(watches.for)) this.enqueue(object.metadata.namespace, object.metadata.name);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  protected enqueue(namespace: string | undefined, name: string): void {
    this.queue.add(objectKey(namespace, name));
  }

  /** Brings the object named by `key` (`namespace/name`, see splitKey) to its desired state; a missing one is done. */
  protected abstract reconcile(key: string): void;

  private onEvent(event: StoreEvent): void {
    const resource = resourceKey(event.resource);
    const meta = event.object.metadata;
    if (resource === this.watches.for) this.enqueue(meta.namespace, meta.name);
    for (const owned of this.watches.owns ?? []) {
      if (owned.resource !== resource) continue;
      const owner = meta.ownerReferences?.find((r) => r.kind === owned.ownerKind);
      if (owner) this.enqueue(meta.namespace, owner.name);
    }
    for (const watched of this.watches.watches ?? []) {
      if (watched.resource === resource) for (const key of watched.map(event.object, event)) this.queue.add(key);
    }
  }
}
