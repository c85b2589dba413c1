import { errors } from '../status.js';
import { isPlainObject } from '../patch/mergePatch.js';
import { patchMergeKey, patchStrategies } from './listSemantics.js';
import { fieldOf, itemOf, resolve, type Typed } from './typeSchema.js';

/**
 * Strategic merge patch with the built-in types' patch tags (`x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key` from their OpenAPI): maps merge and `null` deletes; lists with strategy `merge`
 * merge by their merge key (objects) or as sets (scalars), every other list is replaced. Directives: `$patch:
 * replace|delete|merge` on maps and list items, `$retainKeys`, `$deleteFromPrimitiveList/<field>`, and
 * `$setElementOrder/<field>` (used to order the merged list).
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, t: Typed): unknown {
  if (!isPlainObject(patch)) throw errors.badRequest('strategic merge patch: the patch must be a JSON object');
  return mergeMap(isPlainObject(target) ? target : {}, patch, t) ?? {};
}

function mergeMap(target: Record<string, unknown>, patch: Record<string, unknown>, t: Typed): Record<string, unknown> | undefined {
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest) as Record<string, unknown>;
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = { ...target };
  const retainKeys = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  if (retainKeys) for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$retainKeys' || key === '$patch' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((Array.isArray(value) ? value : []).map((v) => JSON.stringify(v)));
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((v) => !drop.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    const child = fieldOf(t, key);
    if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(current) ? current : [], value, child, patch[`$setElementOrder/${key}`]);
    } else if (isPlainObject(value)) {
      const merged = mergeMap(isPlainObject(current) ? current : {}, value, child);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  return result;
}

const hasDirective = (item: unknown, directive: string) => isPlainObject(item) && item.$patch === directive;

function mergeList(target: unknown[], patch: unknown[], t: Typed, order: unknown): unknown[] {
  t = resolve(t);
  if (!patchStrategies(t).includes('merge')) return patch.filter((item) => !isPlainObject(item) || !item.$patch).map(stripDirectives);
  if (patch.some((item) => hasDirective(item, 'replace'))) return patch.filter((item) => !hasDirective(item, 'replace')).map(stripDirectives);
  const mergeKey = patchMergeKey(t);
  if (!mergeKey || !patch.every((item) => isPlainObject(item))) {
    const seen = new Set(target.map((v) => JSON.stringify(v)));
    const merged = [...target, ...patch.filter((v) => !seen.has(JSON.stringify(v)))];
    return Array.isArray(order) ? sortBy(merged, order, (v) => JSON.stringify(v)) : merged;
  }
  const itemT = itemOf(t);
  const result = target.map((item) => structuredClone(item));
  for (const raw of patch as Record<string, unknown>[]) {
    const index = result.findIndex((item) => isPlainObject(item) && item[mergeKey] === raw[mergeKey]);
    if (raw.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index] as Record<string, unknown>, raw, itemT) ?? {};
    else result.push(stripDirectives(raw));
  }
  if (!Array.isArray(order)) return result;
  return sortBy(result, order, (v) => JSON.stringify(isPlainObject(v) ? v[mergeKey] : v));
}

/** Orders a merged list as `$setElementOrder` says; items it does not name keep their relative order at the end. */
function sortBy(list: unknown[], order: unknown[], key: (v: unknown) => string): unknown[] {
  const rank = new Map(order.map((o, i) => [key(o), i]));
  return list
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (rank.get(key(a.item)) ?? order.length + a.i) - (rank.get(key(b.item)) ?? order.length + b.i))
    .map((x) => x.item);
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}
