import type { KubeObject } from '../../store/types.js';
import { ApiError } from '../status.js';
import { isPlainObject } from './mergePatch.js';
import { deletePath, fromFieldsV1, getPath, leafPaths, pathKey, pathText, setPath, toFieldsV1, type FieldPath } from './fieldPaths.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

interface Owner {
  entry: ManagedFieldsEntry;
  paths: Map<string, FieldPath>;
}

function ownerId(manager: string, operation: string, apiVersion: string, subresource: string | undefined): string {
  return `${manager}\u0000${operation}\u0000${operation === 'Update' ? apiVersion : ''}\u0000${subresource ?? ''}`;
}

function readOwners(object: KubeObject | undefined): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  for (const raw of (object?.metadata.managedFields ?? []) as ManagedFieldsEntry[]) {
    if (!isPlainObject(raw) || typeof raw.manager !== 'string') continue;
    const paths = new Map(fromFieldsV1(raw.fieldsV1).map((p) => [pathKey(p), p] as const));
    owners.set(ownerId(raw.manager, raw.operation, raw.apiVersion, raw.subresource), { entry: raw, paths });
  }
  return owners;
}

function writeOwners(object: KubeObject, owners: Map<string, Owner>): void {
  const entries: ManagedFieldsEntry[] = [];
  for (const owner of owners.values()) {
    for (const [key, path] of owner.paths) if (getPath(object, path) === undefined) owner.paths.delete(key);
    if (owner.paths.size === 0) continue;
    entries.push({ ...owner.entry, fieldsV1: toFieldsV1([...owner.paths.values()]) });
  }
  if (entries.length) object.metadata.managedFields = entries;
  else delete object.metadata.managedFields;
}

function describeManager(entry: ManagedFieldsEntry): string {
  return entry.operation === 'Update' ? `"${entry.manager}" using ${entry.apiVersion}` : `"${entry.manager}"`;
}

export interface ApplyTarget {
  name: string;
  group: string;
  plural: string;
}

/** The apiserver's 409 for apply conflicts, message and causes as structured-merge-diff words them. */
function conflictError(conflicts: Array<{ manager: string; path: FieldPath }>, target: ApplyTarget): ApiError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${pathText(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, FieldPath[]>();
    for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
    const lines: string[] = [];
    for (const manager of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${manager}:`);
      for (const path of byManager.get(manager)!) lines.push(`- ${pathText(path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, {
    name: target.name,
    group: target.group || undefined,
    kind: target.plural,
    causes: conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: pathText(c.path) })),
  });
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  now: string;
  /** 'status' when applied to the status subresource; otherwise status is ignored when the type has one. */
  subresource?: 'status';
  hasStatusSubresource: boolean;
  target: ApplyTarget;
}

/** Server-side apply: merges `applied` into `current` under `manager`'s ownership; 409 on conflicts unless forced. */
export function serverSideApply(current: KubeObject | undefined, applied: KubeObject, options: ApplyOptions): KubeObject {
  const scope = options.subresource === 'status' ? 'status' : options.hasStatusSubresource ? 'main' : 'all';
  const appliedPaths = leafPaths(applied, scope);
  const owners = readOwners(current);
  const selfId = ownerId(options.manager, 'Apply', options.apiVersion, options.subresource);
  const conflicts: Array<{ manager: string; path: FieldPath }> = [];
  for (const path of appliedPaths) {
    const key = pathKey(path);
    const same = JSON.stringify(getPath(current, path)) === JSON.stringify(getPath(applied, path));
    for (const [id, owner] of owners) {
      if (id === selfId || !owner.paths.has(key) || same) continue;
      if (options.force) owner.paths.delete(key);
      else conflicts.push({ manager: describeManager(owner.entry), path });
    }
  }
  if (conflicts.length) throw conflictError(conflicts, options.target);

  const result = structuredClone(current ?? { apiVersion: applied.apiVersion, kind: applied.kind, metadata: { ...applied.metadata, managedFields: undefined } }) as KubeObject;
  const appliedKeys = new Set(appliedPaths.map(pathKey));
  const previous = owners.get(selfId);
  for (const [key, path] of previous?.paths ?? []) {
    if (appliedKeys.has(key)) continue;
    const ownedByOthers = [...owners.entries()].some(([id, o]) => id !== selfId && o.paths.has(key));
    if (!ownedByOthers) deletePath(result, path);
  }
  for (const path of appliedPaths) setPath(result, path, getPath(applied, path));
  owners.set(selfId, {
    entry: { manager: options.manager, operation: 'Apply', apiVersion: options.apiVersion, time: options.now, fieldsType: 'FieldsV1', fieldsV1: {}, ...(options.subresource ? { subresource: options.subresource } : {}) },
    paths: new Map(appliedPaths.map((p) => [pathKey(p), p] as const)),
  });
  writeOwners(result, owners);
  return result;
}

export interface UpdateOptions {
  manager: string;
  apiVersion: string;
  now: string;
  subresource?: 'status';
  hasStatusSubresource: boolean;
}

/** Ownership after a non-apply write (create, PUT, PATCH): the writer takes every field it changed. */
export function trackUpdate(before: KubeObject | undefined, after: KubeObject, options: UpdateOptions): void {
  const owners = readOwners(before);
  const scope = options.subresource === 'status' ? 'status' : options.hasStatusSubresource ? 'main' : 'all';
  const changed = leafPaths(after, scope).filter((p) => JSON.stringify(getPath(before, p)) !== JSON.stringify(getPath(after, p)));
  if (changed.length) {
    for (const owner of owners.values()) for (const p of changed) owner.paths.delete(pathKey(p));
    const selfId = ownerId(options.manager, 'Update', options.apiVersion, options.subresource);
    const self = owners.get(selfId) ?? {
      entry: { manager: options.manager, operation: 'Update' as const, apiVersion: options.apiVersion, time: options.now, fieldsType: 'FieldsV1' as const, fieldsV1: {}, ...(options.subresource ? { subresource: options.subresource } : {}) },
      paths: new Map<string, FieldPath>(),
    };
    self.entry = { ...self.entry, time: options.now };
    for (const p of changed) self.paths.set(pathKey(p), p);
    owners.set(selfId, self);
  }
  writeOwners(after, owners);
}
