import { DEPLOYMENTS, NIM_CACHES, NIM_SERVICES, NODES, PODS, STATEFUL_SETS, type ResourceKind } from '../../core/kube/resourceKinds.js';

/** The explorer tree's elements: plain keys into the shared cache, interned by id so change events can name them. */
export type ExplorerNode =
  | { type: 'cluster'; id: string; context: string }
  | { type: 'poolsGroup'; id: string; context: string }
  | { type: 'pool'; id: string; context: string; pool: string }
  | { type: 'gpuNode'; id: string; context: string; pool: string; node: string }
  | { type: 'pod'; id: string; context: string; namespace: string; name: string; parentId: string }
  | { type: 'endpointsGroup'; id: string; context: string }
  | { type: 'endpoint'; id: string; context: string; endpointId: string }
  | { type: 'nimCachesGroup'; id: string; context: string }
  | { type: 'nimCache'; id: string; context: string; namespace: string; name: string }
  /** A row under a NIMCache: its PVC (`pvc`), a profile (`profile:<id>`) or a NIMService that mounts it (`user:<name>`). */
  | { type: 'nimCacheInfo'; id: string; context: string; namespace: string; name: string; key: string }
  | { type: 'container'; id: string; context: string; namespace: string; pod: string; name: string }
  | { type: 'message'; id: string; context: string; label: string; detail?: string; severity: 'error' | 'warning' | 'info' | 'loading'; action?: { command: string; title: string; arguments?: unknown[] } };

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class NodeInterner {
  private readonly nodes = new Map<string, ExplorerNode>();

  /** The same object for the same id, so `onDidChangeTreeData.fire(node)` refers to what the tree shows. */
  intern<T extends ExplorerNode>(node: T): T {
    const existing = this.nodes.get(node.id);
    if (existing && existing.type === node.type && existing.type !== 'message') return existing as T;
    this.nodes.set(node.id, node);
    return node;
  }

  get(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  forgetContext(context: string): void {
    for (const [id, node] of this.nodes) if (node.context === context && node.type !== 'cluster') this.nodes.delete(id);
  }

  clear(): void {
    this.nodes.clear();
  }
}

export function nodeId(node: Without<ExplorerNode, 'id'>): string {
  switch (node.type) {
    case 'cluster':
      return `cluster:${node.context}`;
    case 'poolsGroup':
    case 'endpointsGroup':
    case 'nimCachesGroup':
      return `${node.type}:${node.context}`;
    case 'pool':
      return `pool:${node.context}:${node.pool}`;
    case 'gpuNode':
      return `gpuNode:${node.context}:${node.node}`;
    case 'pod':
      return `pod:${node.context}:${node.parentId}:${node.namespace}/${node.name}`;
    case 'endpoint':
      return `endpoint:${node.context}:${node.endpointId}`;
    case 'nimCache':
      return `nimCache:${node.context}:${node.namespace}/${node.name}`;
    case 'nimCacheInfo':
      return `nimCacheInfo:${node.context}:${node.namespace}/${node.name}:${node.key}`;
    case 'container':
      return `container:${node.context}:${node.namespace}/${node.pod}/${node.name}`;
    case 'message':
      return `message:${node.context}:${node.label}`;
  }
}

/** What an explorer node points at in the cluster: the one reading of a node that every command uses. */
export interface ExplorerTarget {
  context: string;
  resource: ResourceKind;
  /** Absent for cluster-scoped objects (nodes). */
  namespace?: string;
  name: string;
  /** A container node: the pod is `name`, the container this. */
  container?: string;
}

const ENDPOINT_KINDS: Record<string, ResourceKind> = { NIMService: NIM_SERVICES, Deployment: DEPLOYMENTS, StatefulSet: STATEFUL_SETS };

export function targetOfNode(node: ExplorerNode | undefined): ExplorerTarget | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'endpoint': {
      const [kind, namespace, name] = node.endpointId.split('/');
      const resource = ENDPOINT_KINDS[kind];
      return resource && { context: node.context, resource, namespace, name };
    }
    case 'nimCache':
      return { context: node.context, resource: NIM_CACHES, namespace: node.namespace, name: node.name };
    case 'pod':
      return { context: node.context, resource: PODS, namespace: node.namespace, name: node.name };
    case 'container':
      return { context: node.context, resource: PODS, namespace: node.namespace, name: node.pod, container: node.name };
    case 'gpuNode':
      return { context: node.context, resource: NODES, name: node.node };
    default:
      return undefined;
  }
}

/** Commands get their argument untyped (menus, the palette, other extensions): is it one of the tree's nodes? */
export function isExplorerNode(value: unknown): value is ExplorerNode {
  const v = value as { type?: unknown; id?: unknown; context?: unknown } | undefined;
  return typeof v?.type === 'string' && typeof v.id === 'string' && typeof v.context === 'string';
}
