import { errors } from '../status.js';
import { isPlainObject } from './mergePatch.js';
import { mergeKeyFor, setLists } from './mergeKeys.js';

/**
 * Strategic merge patch, as far as the built-in kinds the simulator serves need it: maps merge, `null` deletes,
 * keyed lists (containers by name, env by name, ...) merge by key, `$patch: delete|replace`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is accepted and used for order.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw errors.badRequest('strategic merge patch: the patch must be a JSON object');
  return mergeMap(isPlainObject(target) ? target : {}, patch, []);
}

function mergeMap(target: Record<string, unknown>, patch: Record<string, unknown>, path: string[]): Record<string, unknown> {
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest) as Record<string, unknown>;
  }
  if (patch.$patch === 'delete') return {};
  let result: Record<string, unknown> = { ...target };
  const retainKeys = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;
  if (retainKeys) for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$retainKeys' || key === '$patch' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((value as unknown[]).map((v) => JSON.stringify(v)));
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((v) => !drop.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (Array.isArray(value)) {
      result[key] = mergeList(key, Array.isArray(current) ? current : [], value, path, patch[`$setElementOrder/${key}`]);
    } else if (isPlainObject(value)) {
      result[key] = mergeMap(isPlainObject(current) ? current : {}, value, [...path, key]);
    } else result[key] = value;
  }
  result = result;
  return result;
}

function mergeList(field: string, target: unknown[], patch: unknown[], path: string[], order: unknown): unknown[] {
  if (setLists.has(field)) {
    const seen = new Set(target.map((v) => JSON.stringify(v)));
    return [...target, ...patch.filter((v) => !seen.has(JSON.stringify(v)))];
  }
  const mergeKey = mergeKeyFor(field, path);
  if (!mergeKey || !patch.every((item) => isPlainObject(item))) {
    return patch.filter((item) => !(isPlainObject(item) && item.$patch)).map(stripDirectives);
  }
  const replaceAll = patch.some((item) => isPlainObject(item) && item.$patch === 'replace');
  if (replaceAll) return patch.filter((item) => !(isPlainObject(item) && item.$patch === 'replace')).map(stripDirectives);
  const result = target.map((item) => structuredClone(item));
  for (const raw of patch as Record<string, unknown>[]) {
    const index = result.findIndex((item) => isPlainObject(item) && item[mergeKey] === raw[mergeKey]);
    if (raw.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeMap(result[index] as Record<string, unknown>, raw, [...path, field]);
    else result.push(stripDirectives(raw));
  }
  if (Array.isArray(order)) {
    const rank = new Map(order.map((o, i) => [JSON.stringify(isPlainObject(o) ? o[mergeKey] : o), i]));
    result.sort((a, b) => (rank.get(JSON.stringify((a as any)[mergeKey])) ?? 1e9) - (rank.get(JSON.stringify((b as any)[mergeKey])) ?? 1e9));
  }
  return result;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}
