import { slimPod } from './slimPod.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { EndpointIndex, matches, type ClusterEndpointKind } from '../cluster/endpointIndex.js';
import type { ClusterEndpoint } from '../cluster/endpoints.js';
import { DEFAULT_POOL_LABEL_KEYS } from '../cluster/gpuPools.js';
import { GpuPoolIndex } from '../cluster/gpuPoolIndex.js';
import type { NodeLike, PodLike } from '../cluster/kubeTypes.js';
import { cacheNameOfPod, nimCacheModel, nimCacheNameOf, slimNimCache, sortNimCaches, type ClusterNimCache, type NimCacheLike } from '../cluster/nimCaches.js';
import type { NimService } from './nimService.js';
import { Informer, type InformerEvent, type InformerStatus, type KubeObjectLike } from './informer.js';
import { KubeTransport } from './kubeTransport.js';
import { DEPLOYMENTS, NIM_CACHES, NIM_SERVICES, NODES, PODS, STATEFUL_SETS, type ResourceKind } from './resourceKinds.js';

export type WatchedKind = 'nodes' | 'pods' | 'nimServices' | 'deployments' | 'statefulSets' | 'nimCaches';

/** What changed since the last notification; the tree refreshes exactly these. */
export interface CacheChange {
  /** Pools whose figures or node membership changed. */
  pools: Set<string>;
  /** A pool appeared or disappeared. */
  poolList: boolean;
  /** Nodes whose summary changed (capacity, readiness, GPU pods). */
  nodes: Set<string>;
  /** Endpoint ids (`kind/namespace/name`) whose state or pods changed. */
  endpoints: Set<string>;
  /** An endpoint appeared or disappeared. */
  endpointList: boolean;
  /** NIMCache ids (`namespace/name`) whose state, caching pods or users changed. */
  nimCaches: Set<string>;
  /** A NIMCache appeared or disappeared. */
  nimCacheList: boolean;
  /** Informer phases or errors changed. */
  status: boolean;
}

export interface ClusterCacheOptions {
  poolLabelKeys?: readonly string[];
  pageSize?: number;
  watchTimeoutSeconds?: number;
  /** false: the transport is shared with other features (ClusterManager.access) and outlives the cache. */
  ownsTransport?: boolean;
}

function emptyChange(): CacheChange {
  return { pools: new Set(), poolList: false, nodes: new Set(), endpoints: new Set(), endpointList: false, nimCaches: new Set(), nimCacheList: false, status: false };
}

/**
 * One cluster's shared, watch-fed cache: an informer per kind, incrementally maintained GPU pools and endpoints,
 * and change notifications batched per microtask (one per burst of watch events, one after a whole list).
 */
export class ClusterCache {
  readonly informers: { nodes: Informer<NodeLike & KubeObjectLike>; pods: Informer<PodLike & KubeObjectLike>; nimServices: Informer<KubeObjectLike>; deployments: Informer<KubeObjectLike>; statefulSets: Informer<KubeObjectLike>; nimCaches: Informer<NimCacheLike & KubeObjectLike> };
  readonly pools: GpuPoolIndex;
  readonly endpointIndex = new EndpointIndex();
  private readonly podsByNamespace = new Map<string, Set<string>>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private pending: CacheChange | undefined;
  private disposed = false;
  private readonly ownsTransport: boolean;

  constructor(
    readonly transport: KubeTransport,
    readonly context: string,
    options: ClusterCacheOptions = {},
  ) {
    this.ownsTransport = options.ownsTransport ?? true;
    this.pools = new GpuPoolIndex(options.poolLabelKeys ?? DEFAULT_POOL_LABEL_KEYS);
    const make = <T extends KubeObjectLike>(resource: ResourceKind, transform?: (object: T) => T) => new Informer<T>(transport, resource, { pageSize: options.pageSize, watchTimeoutSeconds: options.watchTimeoutSeconds, transform });
    this.informers = { nodes: make(NODES), pods: make(PODS, (pod) => slimPod(pod)), nimServices: make(NIM_SERVICES), deployments: make(DEPLOYMENTS), statefulSets: make(STATEFUL_SETS), nimCaches: make(NIM_CACHES, (cache) => slimNimCache(cache)) };
    this.informers.nodes.onEvent((e) => this.onNode(e));
    this.informers.pods.onEvent((e) => this.onPod(e));
    this.informers.nimServices.onEvent((e) => {
      this.onWorkload('NIMService', e);
      this.onNimServiceForCaches(e);
    });
    this.informers.nimCaches.onEvent((e) => this.onNimCache(e));
    this.informers.deployments.onEvent((e) => this.onWorkload('Deployment', e));
    this.informers.statefulSets.onEvent((e) => this.onWorkload('StatefulSet', e));
    for (const informer of Object.values(this.informers)) informer.onStatus(() => (this.change().status = true));
  }

  static fromKubeConfig(kubeConfig: KubeConfig, options: ClusterCacheOptions = {}): ClusterCache {
    return new ClusterCache(new KubeTransport(kubeConfig), kubeConfig.getCurrentContext(), options);
  }

  onDidChange(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Now on the cluster's clock (see KubeTransport.serverNow), for ages. */
  serverNow(): number {
    return this.transport.serverNow();
  }

  /** Starts (or resumes, from the last resourceVersions) every watch. */
  start(): void {
    if (this.disposed) return;
    for (const informer of Object.values(this.informers)) informer.start();
  }

  /** Stops the watches but keeps the cache: resuming costs one watch per kind, or a relist after 410. */
  stop(): void {
    for (const informer of Object.values(this.informers)) informer.stop();
  }

  get running(): boolean {
    return Object.values(this.informers).some((i) => i.running);
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.listeners.clear();
    if (this.ownsTransport) this.transport.close();
  }

  status(): Record<WatchedKind, InformerStatus> {
    const out = {} as Record<WatchedKind, InformerStatus>;
    for (const [kind, informer] of Object.entries(this.informers)) out[kind as WatchedKind] = informer.status;
    return out;
  }

  /**
   * Resolves when every kind has listed once. With `failFast`, rejects with the first error (CLI: exit 2) — except
   * a missing NIMService CRD, which only means "no NIM Operator" and leaves that kind empty, and NIMCaches that
   * cannot be listed (no CRD, or no RBAC for them): pools and endpoints do not depend on them; `nimCacheError` says why.
   */
  async whenSynced(options: { failFast?: boolean } = {}): Promise<void> {
    await Promise.all(
      Object.entries(this.informers).map(([kind, informer]) =>
        informer.whenSynced(options).catch((error) => {
          if (kind === 'nimServices' && error.kind === 'notFound') return;
          if (kind === 'nimCaches' && (error.kind === 'notFound' || error.kind === 'forbidden')) return;
          throw error;
        }),
      ),
    );
  }

  /** False when listing NIMServices answers 404: the NIM Operator's CRD is not installed. */
  get nimOperatorInstalled(): boolean {
    return this.informers.nimServices.status.error?.kind !== 'notFound';
  }

  /** Why NIMCaches could not be listed (notFound: no NIMCache CRD), undefined once they were. */
  get nimCacheError(): InformerStatus['error'] {
    return this.informers.nimCaches.status.error;
  }

  /** NIMCaches with their caching pods and the NIMServices that mount them, sorted by namespace and name. */
  nimCaches(namespaces?: readonly string[]): ClusterNimCache[] {
    const out: ClusterNimCache[] = [];
    for (const cache of this.informers.nimCaches.items.values()) {
      const namespace = cache.metadata?.namespace ?? '';
      if (namespaces?.length && !namespaces.includes(namespace)) continue;
      out.push(this.cacheModel(cache));
    }
    return sortNimCaches(out);
  }

  nimCache(namespace: string, name: string): ClusterNimCache | undefined {
    const cache = this.informers.nimCaches.items.get(`${namespace}/${name}`);
    return cache && this.cacheModel(cache);
  }

  private cacheModel(cache: NimCacheLike): ClusterNimCache {
    const namespace = cache.metadata?.namespace ?? '';
    const pods = [...(this.podsByNamespace.get(namespace) ?? [])].map((key) => this.informers.pods.items.get(key)!).filter(Boolean);
    const nimServices = [...this.informers.nimServices.items.values()].filter((n) => n.metadata?.namespace === namespace) as NimService[];
    return nimCacheModel(cache, { pods, nimServices });
  }

  endpoints(namespaces?: readonly string[]): ClusterEndpoint[] {
    return this.endpointIndex.list(namespaces);
  }

  endpoint(id: string): ClusterEndpoint | undefined {
    return this.endpointIndex.get(id);
  }

  podsOf(id: string): PodLike[] {
    const endpoint = this.endpointIndex.get(id);
    const selector = this.endpointIndex.selectorOf(id);
    if (!endpoint || !selector) return [];
    const out: PodLike[] = [];
    for (const key of this.podsByNamespace.get(endpoint.namespace) ?? []) {
      const pod = this.informers.pods.items.get(key)!;
      if (matches(selector, pod.metadata?.labels ?? {})) out.push(pod);
    }
    return out.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  pod(namespace: string, name: string): PodLike | undefined {
    return this.informers.pods.items.get(`${namespace}/${name}`);
  }

  node(name: string): NodeLike | undefined {
    return this.informers.nodes.items.get(name);
  }

  private onNode(event: InformerEvent<NodeLike>): void {
    const before = this.pools.poolNames().length;
    const touched = event.type === 'upsert' ? this.pools.upsertNode(event.object) : this.pools.deleteNode(event.key);
    const change = this.change();
    for (const pool of touched) change.pools.add(pool);
    change.nodes.add(event.key);
    if (touched.size && (this.pools.poolNames().length !== before || event.type === 'delete' || !event.previous)) change.poolList = true;
  }

  private onPod(event: InformerEvent<PodLike>): void {
    const [namespace] = event.key.split('/', 1);
    if (event.type === 'upsert') {
      let keys = this.podsByNamespace.get(namespace);
      if (!keys) this.podsByNamespace.set(namespace, (keys = new Set()));
      keys.add(event.key);
    } else {
      this.podsByNamespace.get(namespace)?.delete(event.key);
    }
    const touched = event.type === 'upsert' ? this.pools.upsertPod(event.key, event.object) : this.pools.deletePod(event.key);
    const endpoints = this.endpointIndex.idsForPod(event.type === 'upsert' ? event.object : event.previous);
    const cacheName = cacheNameOfPod(event.type === 'upsert' ? event.object : event.previous);
    const cacheId = cacheName && this.informers.nimCaches.items.has(`${namespace}/${cacheName}`) ? `${namespace}/${cacheName}` : undefined;
    if (!touched.size && !endpoints.length && !cacheId) return;
    const change = this.change();
    if (cacheId) change.nimCaches.add(cacheId);
    for (const pool of touched) change.pools.add(pool);
    for (const id of endpoints) change.endpoints.add(id);
    const pod = event.type === 'upsert' ? event.object : event.previous;
    const node = pod.spec?.nodeName;
    if (touched.size && node) change.nodes.add(node);
    const previousNode = event.type === 'upsert' ? event.previous?.spec?.nodeName : undefined;
    if (touched.size && previousNode) change.nodes.add(previousNode);
  }

  private onWorkload(kind: ClusterEndpointKind, event: InformerEvent<KubeObjectLike>): void {
    const existed = new Set<string>();
    const meta = (event.type === 'upsert' ? event.object : event.previous).metadata ?? {};
    const id = `${kind}/${meta.namespace ?? ''}/${meta.name ?? ''}`;
    if (this.endpointIndex.get(id)) existed.add(id);
    const ids = event.type === 'upsert' ? this.endpointIndex.upsert(kind, event.object) : this.endpointIndex.remove(id);
    if (!ids.length) return;
    const change = this.change();
    for (const changed of ids) change.endpoints.add(changed);
    if (event.type === 'delete' || !existed.has(id) || !this.endpointIndex.get(id)) change.endpointList = true;
  }

  private onNimCache(event: InformerEvent<NimCacheLike>): void {
    const change = this.change();
    change.nimCaches.add(event.key);
    if (event.type === 'delete' || !event.previous) change.nimCacheList = true;
  }

  /** A NIMService that starts or stops mounting a cache changes that cache's "used by". */
  private onNimServiceForCaches(event: InformerEvent<KubeObjectLike>): void {
    const namespace = (event.type === 'upsert' ? event.object : event.previous).metadata?.namespace ?? '';
    const before = event.previous ? nimCacheNameOf(event.previous as NimService) : undefined;
    const after = event.type === 'upsert' ? nimCacheNameOf(event.object as NimService) : undefined;
    if (before === after && event.type === 'upsert' && event.previous) return;
    for (const name of [before, after]) {
      if (name && this.informers.nimCaches.items.has(`${namespace}/${name}`)) this.change().nimCaches.add(`${namespace}/${name}`);
    }
  }

  private change(): CacheChange {
    if (!this.pending) {
      this.pending = emptyChange();
      queueMicrotask(() => this.flush());
    }
    return this.pending;
  }

  private flush(): void {
    const change = this.pending;
    this.pending = undefined;
    if (!change || this.disposed) return;
    for (const listener of this.listeners) listener(change);
  }
}
