import * as vscode from 'vscode';
import { displayServer } from '../../core/kube/displayServer.js';
import type { ClusterEndpoint } from '../../core/cluster/endpoints.js';
import type { CacheChange } from '../../core/kube/clusterCache.js';
import type { ClusterManager } from '../../core/kube/clusterManager.js';
import { describeKubeError } from '../../core/kube/clusterSnapshot.js';
import type { KubeApiError } from '../../core/kube/kubeApiError.js';
import { nodeId, NodeInterner, type ExplorerNode } from './explorerNodes.js';
import { markWalkthroughStep } from '../walkthrough/walkthroughSteps.js';
import { cacheProfileList } from '../../core/cluster/nimProfiles.js';
import { nimCacheInfoItem } from './nimCacheInfoItem.js';
import { endpointItem, gpuNodeItem, item, nimCacheItem, podItem, poolItem } from './treeItemFor.js';

export const RETRY = 'inferenceEndpointStudio.explorer.retry';
export const NIM_OPERATOR_DOCS = 'https://docs.nvidia.com/nim-operator/latest/install.html';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * The cluster explorer: reads each cluster's shared cache (never the API server) and fires change events only for
 * the pools, nodes and endpoints a batch of watch events touched.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new NodeInterner();
  private readonly pending = new Set<ExplorerNode>();
  private timer: NodeJS.Timeout | undefined;
  private readonly groupStatus = new Map<string, string>();
  private readonly disposers: Array<() => void> = [];
  namespaces: string[] = [];
  /** Lets other features (health) add their state to endpoint items. */
  decorateEndpoint?: (treeItem: vscode.TreeItem, endpoint: ClusterEndpoint, context: string) => void;

  constructor(private readonly manager: ClusterManager) {
    this.disposers.push(
      manager.onDidChangeCache((context, change) => this.onCacheChange(context, change)),
      manager.onDidChangeConfig(() => this.refreshAll()),
    );
  }

  refreshAll(): void {
    this.nodes.clear();
    this.groupStatus.clear();
    this.emitter.fire(undefined);
  }

  /** After a namespace filter change: only the endpoint and NIM cache groups list differently. */
  refreshEndpointGroups(): void {
    for (const c of this.manager.kubeconfig.contexts) {
      for (const type of ['endpointsGroup', 'nimCachesGroup'] as const) {
        const group = this.nodes.get(nodeId({ type, context: c.name }));
        if (group) this.pending.add(group);
      }
    }
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposers) d();
    this.emitter.dispose();
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const treeItem = this.render(node);
    treeItem.id = node.id;
    return treeItem;
  }

  getParent(): undefined {
    return undefined;
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    if (!node) {
      return this.manager.kubeconfig.contexts
        .map((c) => this.make({ type: 'cluster', context: c.name }))
        .sort((a, b) => Number(b.context === this.manager.currentContext) - Number(a.context === this.manager.currentContext));
    }
    const context = node.context;
    switch (node.type) {
      case 'cluster': {
        try {
          this.manager.cache(context); // the first expansion connects
        } catch (error) {
          return [this.message(context, (error as Error).message, 'error')];
        }
        return [this.make({ type: 'poolsGroup', context }), this.make({ type: 'endpointsGroup', context }), this.make({ type: 'nimCachesGroup', context })];
      }
      case 'poolsGroup':
        return this.poolGroupChildren(context);
      case 'pool': {
        const pool = this.manager.existingCache(context)?.pools.pool(node.pool);
        return (pool?.nodeSummaries ?? []).map((n) => this.make({ type: 'gpuNode', context, pool: node.pool, node: n.name }));
      }
      case 'gpuNode': {
        const summary = this.manager.existingCache(context)?.pools.nodeSummary(node.node);
        return (summary?.gpuPods ?? []).map((p) => this.make({ type: 'pod', context, namespace: p.namespace, name: p.name, parentId: node.id }));
      }
      case 'endpointsGroup':
        return this.endpointGroupChildren(context);
      case 'endpoint': {
        const cache = this.manager.existingCache(context);
        return (cache?.podsOf(node.endpointId) ?? []).map((p) => this.make({ type: 'pod', context, namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '', parentId: node.id }));
      }
      case 'nimCachesGroup':
        return this.nimCacheGroupChildren(context);
      case 'nimCache': {
        const cache = this.manager.existingCache(context)?.nimCache(node.namespace, node.name);
        if (!cache) return [];
        const info = (key: string) => this.make({ type: 'nimCacheInfo', context, namespace: node.namespace, name: node.name, key });
        return [
          info('pvc'),
          ...cacheProfileList(cache).map((p) => info(`profile:${p.profile.id}`)),
          ...cache.usedBy.map((user) => info(`user:${user}`)),
          ...cache.cachingPods.map((name) => this.make({ type: 'pod', context, namespace: node.namespace, name, parentId: node.id })),
        ];
      }
      case 'pod': {
        const pod = this.manager.existingCache(context)?.pod(node.namespace, node.name);
        return (pod?.spec?.containers ?? []).map((c) => this.make({ type: 'container', context, namespace: node.namespace, pod: node.name, name: c.name ?? '' }));
      }
      default:
        return [];
    }
  }

  private poolGroupChildren(context: string): ExplorerNode[] {
    const cache = this.manager.cache(context);
    const status = cache.status();
    const out: ExplorerNode[] = [];
    for (const kind of ['nodes', 'pods'] as const) {
      const error = status[kind].error;
      if (error) out.push(this.errorNode(context, error, kind));
    }
    if (!status.nodes.synced || !status.pods.synced) {
      if (!out.length) out.push(this.message(context, 'Loading GPU nodes…', 'loading'));
      return out;
    }
    markWalkthroughStep('clusterConnected');
    const pools = cache.pools.poolNames().map((pool) => this.make({ type: 'pool', context, pool }));
    if (!pools.length) out.push(this.message(context, 'No GPU nodes (no allocatable nvidia.com/gpu or MIG resources)', 'info'));
    return [...out, ...pools];
  }

  private endpointGroupChildren(context: string): ExplorerNode[] {
    const cache = this.manager.cache(context);
    const status = cache.status();
    const out: ExplorerNode[] = [];
    if (!cache.nimOperatorInstalled) {
      out.push(this.message(context, 'NIM Operator not installed (no NIMService CRD)', 'warning', 'Install the NIM Operator to run NIMServices; click for the install guide.', { command: 'vscode.open', title: 'Open install guide', arguments: [vscode.Uri.parse(NIM_OPERATOR_DOCS)] }));
    }
    for (const kind of ['nimServices', 'deployments', 'statefulSets', 'pods'] as const) {
      const error = status[kind].error;
      if (error && !(kind === 'nimServices' && error.kind === 'notFound')) out.push(this.errorNode(context, error, kind));
    }
    const synced = (['nimServices', 'deployments', 'statefulSets'] as const).every((k) => status[k].synced || (k === 'nimServices' && !cache.nimOperatorInstalled));
    if (!synced) {
      if (!out.length) out.push(this.message(context, 'Loading endpoints…', 'loading'));
      return out;
    }
    const endpoints = cache.endpoints(this.namespaces);
    if (!endpoints.length) out.push(this.message(context, this.namespaces.length ? `No endpoints in ${this.namespaces.join(', ')}` : 'No NIMServices or GPU workloads', 'info'));
    return [...out, ...endpoints.map((e) => this.make({ type: 'endpoint', context, endpointId: `${e.kind}/${e.namespace}/${e.name}` }))];
  }

  private nimCacheGroupChildren(context: string): ExplorerNode[] {
    const cache = this.manager.cache(context);
    const status = cache.status();
    const error = status.nimCaches.error;
    if (error?.kind === 'notFound') return [this.message(context, 'No NIMCache CRD (NIM Operator not installed)', 'info')];
    if (error) return [this.errorNode(context, error, 'nimCaches')];
    if (!status.nimCaches.synced || !status.pods.synced) return [this.message(context, 'Loading NIM caches…', 'loading')];
    const caches = cache.nimCaches(this.namespaces);
    if (!caches.length) return [this.message(context, this.namespaces.length ? `No NIMCaches in ${this.namespaces.join(', ')}` : 'No NIMCaches', 'info')];
    return caches.map((c) => this.make({ type: 'nimCache', context, namespace: c.namespace, name: c.name }));
  }

  private errorNode(context: string, error: KubeApiError, kind: string): ExplorerNode {
    const resource = kind === 'nimServices' ? 'NIMServices' : kind === 'nimCaches' ? 'NIMCaches' : kind === 'statefulSets' ? 'StatefulSets' : kind;
    const label =
      error.kind === 'unreachable' ? 'Cluster unreachable — retry'
      : error.kind === 'unauthorized' ? 'Authentication failed — log in again, then retry'
      : error.kind === 'forbidden' ? `Cannot list ${resource} — ask your admin for list/watch on ${resource}`
      : error.kind === 'config' ? `Kubeconfig problem: ${error.message}`
      : `Cannot list ${resource}: ${error.message}`;
    return this.message(context, label, 'error', describeKubeError(error, context), { command: RETRY, title: 'Retry', arguments: [context] });
  }

  private message(context: string, label: string, severity: 'error' | 'warning' | 'info' | 'loading', detail?: string, action?: { command: string; title: string; arguments?: unknown[] }): ExplorerNode {
    return this.make({ type: 'message', context, label, severity, detail, action });
  }

  private make<T extends Without<ExplorerNode, 'id'>>(node: T): Extract<ExplorerNode, { type: T['type'] }> {
    return this.nodes.intern({ ...node, id: nodeId(node) } as ExplorerNode) as Extract<ExplorerNode, { type: T['type'] }>;
  }

  private render(node: ExplorerNode): vscode.TreeItem {
    const cache = node.type === 'cluster' ? undefined : this.manager.existingCache(node.context);
    switch (node.type) {
      case 'cluster': {
        const info = this.manager.kubeconfig.contexts.find((c) => c.name === node.context);
        const current = node.context === this.manager.currentContext;
        const treeItem = item(node.context, [current ? 'current' : '', info?.server ? new URL(info.server).host : ''].filter(Boolean).join(' · '), true, new vscode.ThemeIcon(current ? 'vm-active' : 'vm'), current ? 'ies.cluster.current' : 'ies.cluster');
        treeItem.tooltip = new vscode.MarkdownString(`**${node.context}**${current ? ' (current context)' : ''}\n\nCluster: \`${info?.cluster}\`  \nUser: \`${info?.user}\`  \nNamespace: \`${info?.namespace ?? 'default'}\`  \nServer: \`${displayServer(info?.server)}\`  \nFile: \`${info?.file}\``);
        if (current) treeItem.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        return treeItem;
      }
      case 'poolsGroup': {
        const treeItem = item('GPU Pools', undefined, true, new vscode.ThemeIcon('circuit-board'), 'ies.poolsGroup');
        treeItem.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        return treeItem;
      }
      case 'endpointsGroup': {
        const treeItem = item('Endpoints', this.namespaces.length ? `namespaces: ${this.namespaces.join(', ')}` : undefined, true, new vscode.ThemeIcon('plug'), 'ies.endpointsGroup');
        treeItem.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
        return treeItem;
      }
      case 'nimCachesGroup': {
        const treeItem = item('NIM Caches', this.namespaces.length ? `namespaces: ${this.namespaces.join(', ')}` : undefined, true, new vscode.ThemeIcon('database'), 'ies.cachesGroup');
        return treeItem;
      }
      case 'nimCache': {
        const nimCache = cache?.nimCache(node.namespace, node.name);
        if (!nimCache) return item(node.name, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
        return nimCacheItem(nimCache, cache!.serverNow());
      }
      case 'nimCacheInfo': {
        const nimCache = cache?.nimCache(node.namespace, node.name);
        const treeItem = nimCache && cache ? nimCacheInfoItem(nimCache, node.key, [...cache.informers.nodes.items.values()]) : undefined;
        return treeItem ?? item(node.key, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
      }
      case 'pool': {
        const pool = cache?.pools.pool(node.pool);
        return pool ? poolItem(pool) : item(node.pool, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
      }
      case 'gpuNode': {
        const summary = cache?.pools.nodeSummary(node.node);
        const treeItem = summary ? gpuNodeItem(summary) : item(node.node, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
        return treeItem;
      }
      case 'endpoint': {
        const endpoint = cache?.endpoint(node.endpointId);
        if (!endpoint) return item(node.endpointId, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
        const treeItem = endpointItem(endpoint, cache!.serverNow());
        this.decorateEndpoint?.(treeItem, endpoint, node.context);
        return treeItem;
      }
      case 'pod': {
        const pod = cache?.pod(node.namespace, node.name);
        if (!pod) return item(node.name, 'gone', false, new vscode.ThemeIcon('circle-slash'), 'ies.gone');
        const gpuParent = node.parentId.startsWith('gpuNode:');
        const share = gpuParent ? cache!.pools.nodeSummary(pod.spec?.nodeName ?? '')?.gpuPods.find((p) => p.namespace === node.namespace && p.name === node.name) : undefined;
        const extra = share ? [`${node.namespace}`, share.gpus ? `${share.gpus} GPU` : '', ...Object.entries(share.mig).map(([r, n]) => `${n}× ${r.replace('nvidia.com/mig-', '')}`)].filter(Boolean).join(' · ') : undefined;
        return podItem(pod, extra);
      }
      case 'container': {
        const pod = cache?.pod(node.namespace, node.pod);
        const status = pod?.status?.containerStatuses?.find((s) => s.name === node.name);
        const state = status?.state ? Object.keys(status.state).find((k) => status.state?.[k]) : undefined;
        const reason = state ? status?.state?.[state]?.reason : undefined;
        const container = pod?.spec?.containers?.find((c) => c.name === node.name);
        const treeItem = item(node.name, [reason ?? state, status?.restartCount ? `${status.restartCount} restarts` : '', container?.image].filter(Boolean).join(' · '), false, new vscode.ThemeIcon(status?.ready ? 'symbol-method' : 'debug-pause'), 'ies.container');
        return treeItem;
      }
      case 'message': {
        const icons = { error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')), info: new vscode.ThemeIcon('info'), loading: new vscode.ThemeIcon('loading~spin') };
        const treeItem = item(node.label, undefined, false, icons[node.severity], node.severity === 'error' ? 'ies.error' : 'ies.message');
        if (node.detail) treeItem.tooltip = node.detail;
        if (node.action) treeItem.command = node.action;
        return treeItem;
      }
    }
  }

  private onCacheChange(context: string, change: CacheChange): void {
    const find = (n: Without<ExplorerNode, 'id'>) => this.nodes.get(nodeId(n));
    const add = (n: ExplorerNode | undefined) => n && this.pending.add(n);
    if (change.status) {
      const cache = this.manager.existingCache(context);
      if (cache) {
        const s = cache.status();
        const sig = (kinds: Array<keyof typeof s>) => kinds.map((k) => `${s[k].synced}:${s[k].error?.kind ?? ''}:${s[k].error?.message ?? ''}`).join('|');
        for (const [type, kinds] of [['poolsGroup', ['nodes', 'pods']], ['endpointsGroup', ['nimServices', 'deployments', 'statefulSets', 'pods']], ['nimCachesGroup', ['nimCaches', 'pods']]] as const) {
          const signature = sig([...kinds]);
          const key = `${type}:${context}`;
          if (this.groupStatus.get(key) !== signature) {
            this.groupStatus.set(key, signature);
            add(find({ type, context }));
          }
        }
      }
    }
    if (change.poolList) add(find({ type: 'poolsGroup', context }));
    if (change.endpointList) add(find({ type: 'endpointsGroup', context }));
    for (const pool of change.pools) add(find({ type: 'pool', context, pool }));
    for (const node of change.nodes) {
      const existing = this.nodes.get(`gpuNode:${context}:${node}`);
      add(existing);
    }
    for (const endpointId of change.endpoints) add(find({ type: 'endpoint', context, endpointId }));
    if (change.nimCacheList) add(find({ type: 'nimCachesGroup', context }));
    for (const id of change.nimCaches) {
      const [namespace, name] = id.split('/');
      add(find({ type: 'nimCache', context, namespace, name }));
    }
    this.schedule();
  }

  /** Coalesces bursts (a rollout, a relist) into one refresh every 100 ms at most. */
  private schedule(): void {
    if (this.timer || !this.pending.size) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const nodes = [...this.pending];
      this.pending.clear();
      if (nodes.length) this.emitter.fire(nodes);
    }, 100);
  }
}
