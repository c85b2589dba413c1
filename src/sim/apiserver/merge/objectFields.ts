import { errors } from '../status.js';
import { isPlainObject } from '../patch/mergePatch.js';
import { FieldSet, keyElement, valueElement, type FieldPath } from './fieldSet.js';
import { listKind, type ListKind } from './listSemantics.js';
import { declares, defaultOf, fieldOf, isAtomicMap, itemOf, resolve, type Typed } from './typeSchema.js';

/** Key fields the API server defaults before merging when an item leaves them out (ports without a protocol). */
const builtinKeyDefaults: Record<string, unknown> = { protocol: 'TCP' };

/** Fills a map-list item's missing key fields with their defaults; an item still missing one is a 400. */
export function defaultKeys(item: Record<string, unknown>, keys: string[], itemT: Typed, where: string): Record<string, unknown> {
  let out = item;
  for (const key of keys) {
    if (out[key] !== undefined) continue;
    const fallback = defaultOf(itemT, key) ?? (itemT.builtin ? builtinKeyDefaults[key] : undefined);
    if (fallback === undefined) throw errors.badRequest(`${where}: associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`);
    out = { ...out, [key]: fallback };
  }
  return out;
}

/** The path element naming one item of a merged list. */
export function itemElement(item: unknown, kind: ListKind, itemT: Typed, where = 'list'): string {
  if (kind.type === 'map' && isPlainObject(item)) return keyElement(defaultKeys(item, kind.keys, itemT, where), kind.keys);
  return valueElement(item);
}

/** Fields the server owns, and identity fields no manager owns. */
const notManaged = new Set(
  [
    'apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.generateName', 'metadata.uid', 'metadata.resourceVersion', 'metadata.generation',
    'metadata.creationTimestamp', 'metadata.managedFields', 'metadata.deletionTimestamp', 'metadata.deletionGracePeriodSeconds', 'metadata.selfLink',
  ].map((p) => JSON.stringify(p.split('.').map((f) => `f:${f}`))),
);

export type Scope = 'main' | 'status' | 'all';

/** Whether a path is one the scope tracks (status belongs to the status subresource when the type has one). */
export function inScope(path: FieldPath, scope: Scope): boolean {
  for (let i = 1; i <= path.length; i++) if (notManaged.has(JSON.stringify(path.slice(0, i)))) return false;
  if (scope === 'main') return path[0] !== 'f:status';
  if (scope === 'status') return path[0] === 'f:status';
  return true;
}

/**
 * The fields an object sets, as structured-merge-diff's ToFieldSet: scalars, atomic lists and maps, empty maps, the
 * items of merged lists (with their fields), and the entries of free-form maps.
 */
export function toFieldSet(value: unknown, t: Typed, scope: Scope): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, at: Typed, path: FieldPath) => {
    at = resolve(at);
    if (isPlainObject(v)) {
      if (isAtomicMap(at)) return set.add(path);
      for (const [key, child] of Object.entries(v)) {
        const childPath = [...path, `f:${key}`];
        walk(child, fieldOf(at, key), childPath);
        if (child === null || (isPlainObject(child) && Object.keys(child).length === 0) || !declares(at, key)) set.add(childPath);
      }
      return;
    }
    if (Array.isArray(v)) {
      const kind = listKind(at);
      if (kind.type === 'atomic') return set.add(path);
      const itemT = itemOf(at);
      for (const item of v) {
        const itemPath = [...path, itemElement(item, kind, itemT)];
        if (kind.type === 'map') walk(item, itemT, itemPath);
        set.add(itemPath);
      }
      return;
    }
    if (path.length) set.add(path);
  };
  walk(value, t, []);
  return set.filter((p) => p.length > 0 && inScope(p, scope));
}

/** Finds the item a `k:`/`v:` element names in a list. */
export function findItem(list: unknown[], element: string): number {
  const body = JSON.parse(element.slice(2));
  if (element.startsWith('k:')) {
    return list.findIndex((item) => isPlainObject(item) && Object.entries(body as Record<string, unknown>).every(([k, v]) => (item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v));
  }
  if (element.startsWith('v:')) return list.findIndex((item) => JSON.stringify(item) === JSON.stringify(body));
  return Number(body);
}

function step(node: unknown, element: string): unknown {
  if (element.startsWith('f:')) return isPlainObject(node) ? node[element.slice(2)] : undefined;
  if (!Array.isArray(node)) return undefined;
  const index = findItem(node, element);
  return index >= 0 ? node[index] : undefined;
}

export function valueAt(object: unknown, path: FieldPath): unknown {
  let node = object;
  for (const element of path) {
    node = step(node, element);
    if (node === undefined) return undefined;
  }
  return node;
}

/** Removes the field or item a path names, then any map or list the removal left empty. */
export function removeAt(object: Record<string, unknown>, path: FieldPath): void {
  const chain: unknown[] = [object];
  for (const element of path.slice(0, -1)) {
    const next = step(chain[chain.length - 1], element);
    if (next === undefined) return;
    chain.push(next);
  }
  const drop = (parent: unknown, element: string) => {
    if (element.startsWith('f:') && isPlainObject(parent)) delete parent[element.slice(2)];
    else if (Array.isArray(parent)) {
      const index = findItem(parent, element);
      if (index >= 0) parent.splice(index, 1);
    }
  };
  drop(chain[chain.length - 1], path[path.length - 1]);
  for (let i = chain.length - 1; i > 0; i--) {
    const node = chain[i];
    const empty = isPlainObject(node) ? Object.keys(node).length === 0 : Array.isArray(node) && node.length === 0;
    if (!empty) break;
    drop(chain[i - 1], path[i - 1]);
  }
}
