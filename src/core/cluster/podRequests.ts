import { parseQuantity } from '../nimservice/quantity.js';
import type { ContainerLike, PodLike } from './kubeTypes.js';

/** A container's request for a resource: its request, or — as the API server defaults it — its limit. */
export function containerRequest(container: ContainerLike, resource: string): number {
  const requested = container.resources?.requests?.[resource] ?? container.resources?.limits?.[resource];
  return parseQuantity(requested) ?? 0;
}

/**
 * A pod's effective request, as the scheduler computes it: the larger of its largest init container
 * (they run one at a time) and the sum of its app containers (they run together).
 */
export function podRequest(pod: PodLike, resource: string): number {
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const sum = containers.reduce((total, c) => total + containerRequest(c, resource), 0);
  const largestInit = inits.reduce((max, c) => Math.max(max, containerRequest(c, resource)), 0);
  return Math.max(sum, largestInit);
}

/** Every resource name a pod's containers mention (requests or limits). */
export function podResourceNames(pod: PodLike): Set<string> {
  const names = new Set<string>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const key of Object.keys(c.resources?.requests ?? {})) names.add(key);
    for (const key of Object.keys(c.resources?.limits ?? {})) names.add(key);
  }
  return names;
}

/** Pods that hold node resources: bound and not finished. */
export function holdsResources(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}
