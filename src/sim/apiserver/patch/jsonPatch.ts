import { errors } from '../status.js';
import { isPlainObject } from './mergePatch.js';

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw errors.badRequest(`json patch: invalid path "${path}": must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], path: string): { parent: any; key: string } {
  let node: any = doc;
  for (const part of parts.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(part)] : isPlainObject(node) ? node[part] : undefined;
    if (node === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return { parent: node, key: parts[parts.length - 1] };
}

export class JsonPatchError extends Error {}

function getAt(doc: unknown, path: string): unknown {
  let node: any = doc;
  for (const part of pointer(path)) {
    node = Array.isArray(node) ? node[Number(part)] : isPlainObject(node) ? node[part] : undefined;
    if (node === undefined) throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return node;
}

function remove(doc: unknown, path: string): unknown {
  const parts = pointer(path);
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    return parent.splice(index, 1)[0];
  }
  if (!isPlainObject(parent) || !(key in parent)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const parts = pointer(path);
  if (parts.length === 0) return structuredClone(value);
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length - (replace ? 1 : 0)) throw new JsonPatchError(`index out of range for path "${path}"`);
    if (replace) parent[index] = structuredClone(value);
    else parent.splice(index, 0, structuredClone(value));
  } else if (isPlainObject(parent)) {
    if (replace && !(key in parent)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = structuredClone(value);
  } else throw new JsonPatchError(`doc is missing path: "${path}"`);
  return doc;
}

/** RFC 6902 JSON patch (what client-node sends by default). */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw errors.badRequest('json patch: the patch must be a JSON array of operations');
  let doc = structuredClone(target);
  try {
    for (const raw of patch as Operation[]) {
      if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw errors.badRequest('json patch: each operation needs string "op" and "path"');
      switch (raw.op) {
        case 'add':
          doc = add(doc, raw.path, raw.value, false);
          break;
        case 'replace':
          doc = add(doc, raw.path, raw.value, true);
          break;
        case 'remove':
          remove(doc, raw.path);
          break;
        case 'move': {
          const value = remove(doc, raw.from ?? '');
          doc = add(doc, raw.path, value, false);
          break;
        }
        case 'copy':
          doc = add(doc, raw.path, getAt(doc, raw.from ?? ''), false);
          break;
        case 'test':
          if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) throw new JsonPatchError(`testing value ${raw.path} failed: test failed`);
          break;
        default:
          throw errors.badRequest(`json patch: unexpected operation "${raw.op}"`);
      }
    }
  } catch (error) {
    if (error instanceof JsonPatchError) throw errors.badRequest(`the server rejected our request due to an error in our request: ${error.message}`);
    throw error;
  }
  return doc;
}
