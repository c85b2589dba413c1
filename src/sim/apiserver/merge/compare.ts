import { isPlainObject } from '../patch/mergePatch.js';
import { FieldSet, type FieldPath } from './fieldSet.js';
import { defaultKeys, itemElement } from './objectFields.js';
import { listKind } from './listSemantics.js';
import { declares, fieldOf, isAtomicMap, itemOf, resolve, type Typed } from './typeSchema.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isEmpty = (v: unknown) => v === undefined || v === null || (isPlainObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);

/**
 * What changed between two versions of an object, path by path (structured-merge-diff's Compare). A node present on
 * one side only is added or removed itself, except the fields of a built-in type's always-present Go structs (a
 * struct field with declared properties), which the API server never reports as their own members.
 */
export function compareObjects(before: unknown, after: unknown, t: Typed): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const leaf = (l: unknown, r: unknown, path: FieldPath) => {
    if (l === undefined && r === undefined) return;
    if (l === undefined) out.added.add(path);
    else if (r === undefined) out.removed.add(path);
    else if (!same(l, r)) out.modified.add(path);
  };
  const walk = (l: unknown, r: unknown, at: Typed, path: FieldPath, member: boolean) => {
    at = resolve(at);
    const value = r ?? l;
    if (isPlainObject(value) && !(isEmpty(l) && isEmpty(r)) && !isAtomicMap(at) && (l === undefined || isPlainObject(l)) && (r === undefined || isPlainObject(r))) {
      const keys = new Set([...Object.keys((l as object) ?? {}), ...Object.keys((r as object) ?? {})]);
      for (const key of keys) {
        const lv = (l as Record<string, unknown> | undefined)?.[key];
        const rv = (r as Record<string, unknown> | undefined)?.[key];
        const struct = at.builtin && declares(at, key) && isPlainObject(rv ?? lv) && !!resolve(fieldOf(at, key)).node?.properties;
        walk(lv, rv, fieldOf(at, key), [...path, `f:${key}`], !struct);
      }
    } else if (Array.isArray(value) && listKind(at).type !== 'atomic' && !(isEmpty(l) && isEmpty(r)) && (l === undefined || Array.isArray(l)) && (r === undefined || Array.isArray(r))) {
      const kind = listKind(at);
      const itemT = itemOf(at);
      const index = (list: unknown) => {
        const m = new Map<string, unknown>();
        for (const item of (list as unknown[]) ?? []) {
          const filled = kind.type === 'map' && isPlainObject(item) ? defaultKeys(item, kind.keys, itemT, 'list') : item;
          m.set(itemElement(filled, kind, itemT), filled);
        }
        return m;
      };
      const lItems = index(l);
      const rItems = index(r);
      for (const key of new Set([...lItems.keys(), ...rItems.keys()])) {
        const itemPath = [...path, key];
        if (kind.type === 'map') walk(lItems.get(key), rItems.get(key), itemT, itemPath, true);
        else leaf(lItems.get(key), rItems.get(key), itemPath);
      }
      return;
    } else {
      return leaf(l, r, path);
    }
    if (member && path.length) {
      if (l === undefined) out.added.add(path);
      else if (r === undefined) out.removed.add(path);
    }
  };
  walk(before, after, t, [], false);
  return out;
}
