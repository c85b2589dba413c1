import { nimServiceEndpoint, workloadEndpoint, type ClusterEndpoint } from './endpoints.js';
import type { PodLike } from './kubeTypes.js';

export type ClusterEndpointKind = ClusterEndpoint['kind'];

/** `NIMService/namespace/name`: stable across updates, used as tree id and change key. */
export function endpointId(e: Pick<ClusterEndpoint, 'kind' | 'namespace' | 'name'>): string {
  return `${e.kind}/${e.namespace}/${e.name}`;
}

interface Entry {
  endpoint: ClusterEndpoint;
  /** Labels every pod of the endpoint carries. */
  selector: Record<string, string>;
}

/**
 * NIMServices and unmanaged GPU workloads, recomputed one object at a time as events arrive, with the label
 * selector that finds each one's pods.
 */
export class EndpointIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byNamespace = new Map<string, Set<string>>();

  /** Returns the ids whose entries changed (a Deployment that stops requesting GPUs disappears). */
  upsert(kind: ClusterEndpointKind, object: unknown): string[] {
    const endpoint = kind === 'NIMService' ? nimServiceEndpoint(object as never) : workloadEndpoint(kind, object as never);
    const meta = (object as { metadata?: { namespace?: string; name?: string } }).metadata ?? {};
    const id = endpointId({ kind, namespace: meta.namespace ?? '', name: meta.name ?? '' });
    if (!endpoint) return this.remove(id);
    const selector = kind === 'NIMService' ? { 'app.kubernetes.io/name': endpoint.name } : { ...((object as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels ?? {}) };
    this.entries.set(id, { endpoint, selector });
    let ids = this.byNamespace.get(endpoint.namespace);
    if (!ids) this.byNamespace.set(endpoint.namespace, (ids = new Set()));
    ids.add(id);
    return [id];
  }

  remove(id: string): string[] {
    const entry = this.entries.get(id);
    if (!entry) return [];
    this.entries.delete(id);
    const ids = this.byNamespace.get(entry.endpoint.namespace);
    ids?.delete(id);
    if (ids?.size === 0) this.byNamespace.delete(entry.endpoint.namespace);
    return [id];
  }

  get(id: string): ClusterEndpoint | undefined {
    return this.entries.get(id)?.endpoint;
  }

  /** Sorted by namespace, kind, name; only the given namespaces when a filter is set. */
  list(namespaces?: readonly string[]): ClusterEndpoint[] {
    const all = [...this.entries.values()].map((e) => e.endpoint).filter((e) => !namespaces?.length || namespaces.includes(e.namespace));
    return all.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  /** Endpoints whose selector matches the pod (its namespace only). */
  idsForPod(pod: PodLike): string[] {
    const namespace = pod.metadata?.namespace ?? '';
    const labels = pod.metadata?.labels ?? {};
    const out: string[] = [];
    for (const id of this.byNamespace.get(namespace) ?? []) if (matches(this.entries.get(id)!.selector, labels)) out.push(id);
    return out;
  }

  selectorOf(id: string): Record<string, string> | undefined {
    return this.entries.get(id)?.selector;
  }
}

export function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
