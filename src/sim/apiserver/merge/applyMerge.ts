import { isPlainObject } from '../patch/mergePatch.js';
import { itemElement } from './objectFields.js';
import { listKind } from './listSemantics.js';
import { fieldOf, isAtomicMap, itemOf, resolve, type Typed } from './typeSchema.js';

/**
 * Server-side apply's merge of an applied configuration into the live object (structured-merge-diff's merge):
 * maps merge field by field unless atomic, map-lists merge item by item by their keys, sets take the union, and
 * atomic lists and scalars take the applied value. `null` in the configuration removes the field.
 */
export function applyMerge(live: unknown, config: unknown, t: Typed): unknown {
  t = resolve(t);
  if (config === undefined) return structuredClone(live);
  if (isPlainObject(config)) {
    if (!isPlainObject(live) || isAtomicMap(t)) return withoutNulls(config);
    const out: Record<string, unknown> = structuredClone(live);
    for (const [key, value] of Object.entries(config)) {
      if (value === null) delete out[key];
      else out[key] = applyMerge(live[key], value, fieldOf(t, key));
    }
    return out;
  }
  if (Array.isArray(config)) {
    const kind = listKind(t);
    if (kind.type === 'atomic' || !Array.isArray(live)) return withoutNulls(config);
    const itemT = itemOf(t);
    return mergeItems(live, config, (item) => itemElement(item, kind, itemT), (l, r) => (kind.type === 'map' ? applyMerge(l, r, itemT) : structuredClone(r)));
  }
  return config;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/**
 * The merged order structured-merge-diff produces: live items keep their places, items both sides have follow the
 * applied order, and new applied items come where the configuration puts them relative to the shared ones.
 */
function mergeItems(lhs: unknown[], rhs: unknown[], key: (item: unknown) => string, merge: (l: unknown, r: unknown) => unknown): unknown[] {
  const lKeys = lhs.map(key);
  const rKeys = rhs.map(key);
  const lByKey = new Map(lKeys.map((k, i) => [k, lhs[i]] as const));
  const rByKey = new Map(rKeys.map((k, i) => [k, rhs[i]] as const));
  const shared = rKeys.filter((k) => lByKey.has(k));
  let nextShared = shared.shift();
  const merged = new Set<string>();
  const out: unknown[] = [];
  let l = 0;
  let r = 0;
  while (l < lKeys.length || r < rKeys.length) {
    if (l < lKeys.length && r < rKeys.length) {
      const pe = lKeys[l];
      if (pe === rKeys[r]) {
        merged.add(pe);
        out.push(merge(lByKey.get(pe), rByKey.get(pe)));
        l++;
        r++;
        if (nextShared === pe) nextShared = shared.shift();
        continue;
      }
      if (rByKey.has(pe) && nextShared !== undefined && nextShared !== pe) {
        l++;
        continue;
      }
    }
    if (l < lKeys.length) {
      const pe = lKeys[l];
      if (!rByKey.has(pe)) {
        out.push(structuredClone(lhs[l]));
        l++;
        continue;
      }
      if (merged.has(pe)) {
        l++;
        continue;
      }
    }
    if (r < rKeys.length) {
      const pe = rKeys[r];
      merged.add(pe);
      out.push(lByKey.has(pe) ? merge(lByKey.get(pe), rByKey.get(pe)) : merge(undefined, rByKey.get(pe)));
      r++;
      if (nextShared === pe) nextShared = shared.shift();
    }
  }
  return out;
}
