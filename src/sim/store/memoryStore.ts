import { randomUUID } from 'node:crypto';
import { StoreError, resourceKey, type KubeObject, type ObjectStore, type ResourceType, type StoreEvent } from './types.js';

export interface MemoryStoreOptions {
  /** How many change events are kept for watches; older resourceVersions get 410 Gone. */
  historyLimit?: number;
  /** Clock for creationTimestamp / deletionTimestamp (the simulator passes its SimClock). */
  now?: () => Date;
}

type Bucket = Map<string, KubeObject>;

/**
 * In-memory, etcd-like object store: one global increasing resourceVersion, a bounded change history for watches,
 * generation bumps on spec changes, finalizers, and background cascade deletion by ownerReferences.
 */
export class MemoryStore implements ObjectStore {
  private readonly typesByKey = new Map<string, ResourceType>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly historyLimit: number;
  private readonly now: () => Date;
  private revision = 1;
  /** resourceVersion of the newest event dropped from history; watches from before it are gone. */
  private compactedRevision = 0;

  constructor(types: ResourceType[] = [], options: MemoryStoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 5000;
    this.now = options.now ?? (() => new Date());
    for (const type of types) this.registerType(type);
  }

  /** Adds (or replaces the description of) a resource type, e.g. when a CRD is created. */
  registerType(type: ResourceType): void {
    const key = resourceKey(type);
    this.typesByKey.set(key, type);
    if (!this.buckets.has(key)) this.buckets.set(key, new Map());
  }

  /** Removes a resource type and its objects without events (a CRD was deleted). */
  unregisterType(key: string): void {
    this.typesByKey.delete(key);
    this.buckets.delete(key);
  }

  types(): ResourceType[] {
    return [...this.typesByKey.values()];
  }

  typeFor(key: string): ResourceType | undefined {
    return this.typesByKey.get(key);
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(key)?.get(objectId(this.namespaceFor(key, namespace), name));
  }

  list(key: string, namespace?: string): KubeObject[] {
    const bucket = this.buckets.get(key);
    if (!bucket) return [];
    const all = [...bucket.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
    return all.sort(compareObjects);
  }

  create(key: string, object: KubeObject): KubeObject {
    const type = this.requireType(key);
    const created = clone(object);
    const meta = created.metadata ?? (created.metadata = { name: '' });
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) throw new StoreError('Invalid', `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (type.namespaced && !meta.namespace) meta.namespace = 'default';
    if (!type.namespaced) delete meta.namespace;
    const bucket = this.buckets.get(key)!;
    const id = objectId(meta.namespace, meta.name);
    if (bucket.has(id)) throw new StoreError('AlreadyExists', `${key} "${meta.name}" already exists`);
    meta.uid = randomUUID();
    meta.creationTimestamp = isoSeconds(this.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    meta.resourceVersion = String(++this.revision);
    bucket.set(id, created);
    this.emit({ type: 'ADDED', resource: type, object: created, resourceVersion: this.revision });
    return created;
  }

  update(key: string, object: KubeObject): KubeObject {
    const type = this.requireType(key);
    const bucket = this.buckets.get(key)!;
    const namespace = this.namespaceFor(key, object.metadata?.namespace);
    const name = object.metadata?.name;
    const id = objectId(namespace, name);
    const existing = bucket.get(id);
    if (!existing) throw new StoreError('NotFound', `${key} "${name}" not found`);
    const wanted = object.metadata.resourceVersion;
    if (wanted && wanted !== existing.metadata.resourceVersion) {
      throw new StoreError(
        'Conflict',
        `Operation cannot be fulfilled on ${key} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const updated = clone(object);
    const meta = updated.metadata;
    meta.namespace = namespace;
    if (!type.namespaced) delete meta.namespace;
    meta.uid = existing.metadata.uid;
    meta.creationTimestamp = existing.metadata.creationTimestamp;
    meta.generation = existing.metadata.generation ?? 1;
    if (existing.metadata.deletionTimestamp) meta.deletionTimestamp = existing.metadata.deletionTimestamp;
    if (specChanged(existing, updated)) meta.generation = (existing.metadata.generation ?? 1) + 1;
    meta.resourceVersion = existing.metadata.resourceVersion;
    if (sameContent(existing, updated)) return existing;
    if (meta.deletionTimestamp && !hasFinalizers(updated)) return this.remove(key, type, existing);
    meta.resourceVersion = String(++this.revision);
    bucket.set(id, updated);
    this.emit({ type: 'MODIFIED', resource: type, object: updated, resourceVersion: this.revision, previous: existing });
    return updated;
  }

  delete(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = this.requireType(key);
    const existing = this.get(key, namespace, name);
    if (!existing) return undefined;
    if (hasFinalizers(existing)) {
      if (existing.metadata.deletionTimestamp) return existing;
      const marked = clone(existing);
      marked.metadata.deletionTimestamp = isoSeconds(this.now());
      marked.metadata.resourceVersion = String(++this.revision);
      this.buckets.get(key)!.set(objectId(marked.metadata.namespace, name), marked);
      this.emit({ type: 'MODIFIED', resource: type, object: marked, resourceVersion: this.revision, previous: existing });
      return marked;
    }
    return this.remove(key, type, existing);
  }

  resourceVersion(): number {
    return this.revision;
  }

  eventsSince(resourceVersion: number): StoreEvent[] | 'gone' {
    if (resourceVersion < this.compactedRevision) return 'gone';
    let start = this.history.length;
    while (start > 0 && this.history[start - 1].resourceVersion > resourceVersion) start--;
    return this.history.slice(start);
  }

  /** The oldest resourceVersion a watch can still start from (for the 410 message). */
  oldestResourceVersion(): number {
    return this.compactedRevision;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private remove(key: string, type: ResourceType, existing: KubeObject): KubeObject {
    const removed = clone(existing);
    removed.metadata.resourceVersion = String(++this.revision);
    this.buckets.get(key)!.delete(objectId(existing.metadata.namespace, existing.metadata.name));
    this.emit({ type: 'DELETED', resource: type, object: removed, resourceVersion: this.revision });
    this.cascade(removed, type);
    return removed;
  }

  /** Background propagation: dependents named by ownerReferences go too, and so does a namespace's content. */
  private cascade(owner: KubeObject, ownerType: ResourceType): void {
    const isNamespace = ownerType.group === '' && ownerType.plural === 'namespaces';
    for (const [key, bucket] of this.buckets) {
      for (const dependent of [...bucket.values()]) {
        const owned = dependent.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid);
        const inNamespace = isNamespace && dependent.metadata.namespace === owner.metadata.name;
        if (owned || inNamespace) this.delete(key, dependent.metadata.namespace, dependent.metadata.name);
      }
    }
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    while (this.history.length > this.historyLimit) this.compactedRevision = this.history.shift()!.resourceVersion;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the write that triggered it or other listeners.
      }
    }
  }

  private requireType(key: string): ResourceType {
    const type = this.typesByKey.get(key);
    if (!type) throw new StoreError('NotFound', `the server could not find the requested resource (${key})`);
    return type;
  }

  private namespaceFor(key: string, namespace: string | undefined): string | undefined {
    return this.typesByKey.get(key)?.namespaced ? namespace || 'default' : undefined;
  }
}

function objectId(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

function hasFinalizers(object: KubeObject): boolean {
  const finalizers = object.metadata.finalizers;
  return Array.isArray(finalizers) && finalizers.length > 0;
}

/** Everything but metadata and status counts as spec for generation (as for custom resources). */
function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return JSON.stringify(strip(before)) !== JSON.stringify(strip(after));
}

/** A no-op write keeps the resourceVersion and sends no event, as the apiserver does. */
function sameContent(before: KubeObject, after: KubeObject): boolean {
  const normal = (o: KubeObject) => JSON.stringify({ ...o, metadata: { ...o.metadata, managedFields: undefined, resourceVersion: undefined } });
  return normal(before) === normal(after);
}
