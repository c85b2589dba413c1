/**
 * Contracts between the simulator's parts: the API server (HTTP front), the object store, the NIM operator /
 * scheduler / kubelet controllers, and the simulated inference servers. Each part codes against these only.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  managedFields?: unknown[];
  generateName?: string;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A resource type the simulator serves, e.g. {group:'apps.nvidia.com', version:'v1alpha1', plural:'nimservices', kind:'NIMService'}. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: string[]; // e.g. ['status', 'log']
  verbs?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  /** The store's resourceVersion after this change. */
  resourceVersion: number;
  /** The object before a MODIFIED change (lets watches with selectors turn it into ADDED / DELETED). */
  previous?: KubeObject;
}

/** Key of a resource type: `plural` for the core group, `plural.group` otherwise (as kubectl spells it). */
export function resourceKey(type: Pick<ResourceType, 'plural' | 'group'>): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export interface ObjectStore {
  types(): ResourceType[];
  typeFor(key: string): ResourceType | undefined;
  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** All objects of a type, in one namespace or (namespace undefined) all. Returned objects must not be mutated. */
  list(key: string, namespace?: string): KubeObject[];
  /** Assigns uid, resourceVersion, creationTimestamp, generation; throws StoreError('AlreadyExists') on a duplicate. */
  create(key: string, object: KubeObject): KubeObject;
  /** Replaces; throws StoreError('NotFound') or ('Conflict') when object.metadata.resourceVersion is set and stale. */
  update(key: string, object: KubeObject): KubeObject;
  /** Deletes and cascades to objects whose ownerReferences name it (background propagation). */
  delete(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Current resourceVersion of the whole store (etcd-like, global and increasing). */
  resourceVersion(): number;
  /** Events after `resourceVersion`, or 'gone' when that version is older than the retained window (→ 410 Gone). */
  eventsSince(resourceVersion: number): StoreEvent[] | 'gone';
  subscribe(listener: (event: StoreEvent) => void): () => void;
}

export type StoreErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest';

export class StoreError extends Error {
  constructor(readonly reason: StoreErrorReason, message: string) {
    super(message);
  }
}

/** One line a container wrote, as the kubelet keeps it. */
export interface LogLine {
  time: Date;
  text: string;
  /**
   * The line as `timestamps=true` sends it, formatted once: a kubelet keeps each line's timestamp in its CRI log
   * file, so a timestamped log costs it no more than a plain one.
   */
  stamped?: string;
}

/** What the simulated kubelet offers the API server's `pods/log` subresource. */
export interface ContainerLogSource {
  /** Lines of the current (or, with previous, the last terminated) instance; undefined when there is none. */
  lines(namespace: string, pod: string, container: string, previous: boolean): LogLine[] | undefined;
  /** Follow new lines of the current instance; the callback gets `null` when that instance ends. */
  follow(namespace: string, pod: string, container: string, onLine: (line: LogLine | null) => void): () => void;
}

/** What the simulated kubelet offers port-forward: the loopback address that serves a pod's port. */
export interface PodPortResolver {
  resolve(namespace: string, pod: string, port: number): { host: string; port: number } | undefined;
}

/** Simulated time: `speed` × real time, so tests run fast and demos look real. */
export interface SimClock {
  readonly speed: number;
  now(): Date;
  /** setTimeout in simulated milliseconds. */
  setTimeout(fn: () => void, simulatedMs: number): NodeJS.Timeout;
}
