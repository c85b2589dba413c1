import { resolve, type Typed } from './typeSchema.js';

/** How a list merges: replaced whole, a set of scalars, or a map keyed by some of its items' fields. */
export type ListKind = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };

/**
 * The list semantics server-side apply uses (structured-merge-diff, fed by kube-openapi's schema conversion):
 * `x-kubernetes-list-type` with `x-kubernetes-list-map-keys` when present; otherwise, for built-in types only, the
 * strategic-merge tags (`x-kubernetes-patch-strategy: merge` with a merge key is a map by that key, without one a
 * set); everything else is atomic (a CRD list without `x-kubernetes-list-type` is replaced whole).
 */
export function listKind(t: Typed): ListKind {
  const node = resolve(t).node;
  if (!node) return { type: 'atomic' };
  const declared = node['x-kubernetes-list-type'];
  if (declared === 'map') {
    const keys = node['x-kubernetes-list-map-keys'];
    return Array.isArray(keys) && keys.length ? { type: 'map', keys: keys.map(String) } : { type: 'atomic' };
  }
  if (declared === 'set') return { type: 'set' };
  if (declared === 'atomic') return { type: 'atomic' };
  if (t.builtin && patchStrategies(t).includes('merge')) {
    const key = node['x-kubernetes-patch-merge-key'];
    return typeof key === 'string' && key ? { type: 'map', keys: [key] } : { type: 'set' };
  }
  return { type: 'atomic' };
}

/** Strategic merge patch: `x-kubernetes-patch-strategy` (`merge`, `retainKeys`, `merge,retainKeys`) of a field. */
export function patchStrategies(t: Typed): string[] {
  const value = resolve(t).node?.['x-kubernetes-patch-strategy'];
  return typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [];
}

/** Strategic merge patch: the field a merged list of objects is keyed by (`x-kubernetes-patch-merge-key`). */
export function patchMergeKey(t: Typed): string | undefined {
  const value = resolve(t).node?.['x-kubernetes-patch-merge-key'];
  return typeof value === 'string' && value ? value : undefined;
}
