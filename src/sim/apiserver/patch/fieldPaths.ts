import { isPlainObject } from './mergePatch.js';

/** A field path as path segments (map keys); lists are atomic, so a path never points inside one. */
export type FieldPath = string[];

/** Fields the server owns itself and field managers never do. */
const serverOwned = new Set(['metadata.uid', 'metadata.resourceVersion', 'metadata.generation', 'metadata.creationTimestamp', 'metadata.managedFields', 'metadata.deletionTimestamp', 'metadata.selfLink']);

const identity = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'metadata.generateName']);

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** structured-merge-diff's text form: `.spec.replicas`. */
export function pathText(path: FieldPath): string {
  return path.map((p) => `.${p}`).join('');
}

/**
 * The leaf fields an object sets: scalars, lists (atomic) and empty maps. Identity fields, server-owned metadata and
 * (when `skipStatus`) status are left out; with `onlyStatus` only status fields count (the status subresource).
 */
export function leafPaths(object: Record<string, unknown>, scope: 'main' | 'status' | 'all'): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    const dotted = path.join('.');
    if (serverOwned.has(dotted) || identity.has(dotted)) return;
    if (path.length === 1 && path[0] === 'status' && scope === 'main') return;
    if (path.length === 1 && path[0] !== 'status' && scope === 'status') return;
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    } else if (path.length > 0) out.push(path);
  };
  walk(object, []);
  return out;
}

export function getPath(object: unknown, path: FieldPath): unknown {
  let node = object;
  for (const part of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

export function setPath(object: Record<string, unknown>, path: FieldPath, value: unknown): void {
  let node = object;
  for (const part of path.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = structuredClone(value);
}

/** Deletes a field and then any parent map the deletion left empty. */
export function deletePath(object: Record<string, unknown>, path: FieldPath): void {
  const parents: Array<Record<string, unknown>> = [];
  let node: unknown = object;
  for (const part of path.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    parents.push(node);
    node = node[part];
  }
  if (!isPlainObject(node)) return;
  delete node[path[path.length - 1]];
  for (let i = path.length - 2; i >= 0; i--) {
    const parent = parents[i];
    const child = parent[path[i]];
    if (isPlainObject(child) && Object.keys(child).length === 0) delete parent[path[i]];
    else break;
  }
}

/** `fieldsV1` tree (`{"f:spec":{"f:replicas":{}}}`) from paths, and back. */
export function toFieldsV1(paths: FieldPath[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    for (const part of path) node = (node[`f:${part}`] ??= {}) as Record<string, unknown>;
  }
  return root;
}

export function fromFieldsV1(tree: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    if (!isPlainObject(node)) return;
    const children = Object.keys(node).filter((k) => k.startsWith('f:'));
    if (children.length === 0 && path.length) out.push(path);
    for (const key of children) walk(node[key], [...path, key.slice(2)]);
  };
  walk(tree, []);
  return out;
}
