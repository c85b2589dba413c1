import type { KubeObject } from '../../store/types.js';
import { ApiError } from '../status.js';
import { isPlainObject } from '../patch/mergePatch.js';
import { applyMerge } from './applyMerge.js';
import { compareObjects } from './compare.js';
import { FieldSet, comparePaths, fromFieldsV1, pathText, toFieldsV1, type FieldPath } from './fieldSet.js';
import { inScope, removeAt, toFieldSet, valueAt, type Scope } from './objectFields.js';
import { withDefaultKeys } from './defaultKeys.js';
import type { Typed } from './typeSchema.js';

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
  fields: FieldSet;
}

function ownerId(manager: string, operation: string, apiVersion: string, subresource: string | undefined): string {
  return `${manager}\u0000${operation}\u0000${operation === 'Update' ? apiVersion : ''}\u0000${subresource ?? ''}`;
}

function readOwners(object: KubeObject | undefined): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  for (const raw of (object?.metadata.managedFields ?? []) as ManagedFieldsEntry[]) {
    if (!isPlainObject(raw) || typeof raw.manager !== 'string') continue;
    owners.set(ownerId(raw.manager, raw.operation, raw.apiVersion, raw.subresource), { entry: raw, fields: fromFieldsV1(raw.fieldsV1) });
  }
  return owners;
}

/** Writes the entries back, each keeping only fields the object still has; managers left with nothing are dropped. */
function writeOwners(object: KubeObject, owners: Map<string, Owner>): void {
  const entries: ManagedFieldsEntry[] = [];
  for (const owner of owners.values()) {
    const fields = owner.fields.filter((p) => valueAt(object, p) !== undefined);
    if (fields.size === 0) continue;
    entries.push({ ...owner.entry, fieldsV1: toFieldsV1(fields) });
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
      for (const path of byManager.get(manager)!.sort(comparePaths)) lines.push(`- ${pathText(path)}`);
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
  /** The kind's schema (list semantics); without one, maps merge and lists are atomic. */
  typed: Typed;
}

function scopeOf(subresource: 'status' | undefined, hasStatus: boolean): Scope {
  return subresource === 'status' ? 'status' : hasStatus ? 'main' : 'all';
}

/** Keeps what the scope owns from the applied object, and the rest from the live one (status vs main resource). */
function scoped(config: KubeObject, scope: Scope): KubeObject {
  if (scope === 'all') return config;
  const out = { ...config } as Record<string, unknown>;
  if (scope === 'main') delete out.status;
  else for (const key of Object.keys(out)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) delete out[key];
  if (scope === 'status') out.metadata = { name: config.metadata.name, namespace: config.metadata.namespace };
  return out as KubeObject;
}

/**
 * Server-side apply: merges `applied` into `current` with the schema's list semantics under `manager`'s ownership.
 * A field another manager owns with a different value is a 409 conflict unless forced (then ownership moves); fields
 * this manager applied before and no longer applies are removed when no other manager owns them.
 */
export function serverSideApply(current: KubeObject | undefined, applied: KubeObject, options: ApplyOptions): KubeObject {
  const scope = scopeOf(options.subresource, options.hasStatusSubresource);
  const config = scoped(withDefaultKeys(applied, options.typed) as KubeObject, scope);
  const owners = readOwners(current);
  const selfId = ownerId(options.manager, 'Apply', options.apiVersion, options.subresource);
  const base = (current ?? { apiVersion: applied.apiVersion, kind: applied.kind, metadata: { name: applied.metadata.name, namespace: applied.metadata.namespace } }) as KubeObject;
  const live = structuredClone(base);
  delete live.metadata.managedFields;
  const merged = applyMerge(live, { ...config, metadata: { ...config.metadata, managedFields: undefined } }, options.typed) as KubeObject;

  const comparison = compareObjects(live, merged, options.typed);
  const changed = (p: FieldPath) => comparison.modified.has(p) || comparison.added.has(p);
  const conflicts: Array<{ manager: string; path: FieldPath }> = [];
  for (const [id, owner] of owners) {
    if (id === selfId) continue;
    for (const path of owner.fields.values()) {
      if (!changed(path) || !inScope(path, scope)) continue;
      if (options.force) owner.fields.delete(path);
      else conflicts.push({ manager: describeManager(owner.entry), path });
    }
  }
  if (conflicts.length) throw conflictError(conflicts, options.target);

  const appliedFields = toFieldSet(config, options.typed, scope);
  const previous = owners.get(selfId)?.fields ?? new FieldSet();
  owners.set(selfId, {
    entry: { manager: options.manager, operation: 'Apply', apiVersion: options.apiVersion, time: options.now, fieldsType: 'FieldsV1', fieldsV1: {}, ...(options.subresource ? { subresource: options.subresource } : {}) },
    fields: appliedFields,
  });
  prune(merged, previous, owners);
  for (const owner of owners.values()) for (const path of comparison.removed.values()) owner.fields.delete(path);
  merged.metadata.managedFields = undefined;
  writeOwners(merged, owners);
  return merged;
}

/**
 * Removes what the manager applied last time and applies no more, unless some manager (itself included) still owns
 * it or something under it. Deepest paths first, so an item goes only once nothing inside it is owned.
 */
function prune(object: KubeObject, previous: FieldSet, owners: Map<string, Owner>): void {
  const owned = [...owners.values()].map((o) => o.fields);
  const staleAll = previous.values().filter((p) => !owned.some((set) => set.coversOrBelow(p)));
  const staleKeys = new Set(staleAll.map((p) => JSON.stringify(p)));
  // What lies inside a stale item or map goes with it.
  const stale = staleAll.filter((p) => !p.some((_, i) => i > 0 && i < p.length && staleKeys.has(JSON.stringify(p.slice(0, i)))));
  stale.sort((a, b) => b.length - a.length);
  for (const path of stale) {
    const parentItem = path.length >= 2 && path[path.length - 2].startsWith('k:') ? path.slice(0, -1) : undefined;
    // A key field stays while its item does.
    if (parentItem && path[path.length - 1].slice(2) in JSON.parse(parentItem[parentItem.length - 1].slice(2))) continue;
    removeAt(object as unknown as Record<string, unknown>, path);
  }
}

export interface UpdateOptions {
  manager: string;
  apiVersion: string;
  now: string;
  subresource?: 'status';
  hasStatusSubresource: boolean;
  typed: Typed;
}

/** Ownership after a non-apply write (create, PUT, PATCH): the writer takes every field it added or changed. */
export function trackUpdate(before: KubeObject | undefined, after: KubeObject, options: UpdateOptions): void {
  const owners = readOwners(before);
  const scope = scopeOf(options.subresource, options.hasStatusSubresource);
  const strip = (o: KubeObject | undefined) => {
    if (!o) return { apiVersion: after.apiVersion, kind: after.kind, metadata: { name: after.metadata.name, namespace: after.metadata.namespace } };
    const copy = structuredClone(o);
    delete copy.metadata.managedFields;
    return copy;
  };
  const comparison = compareObjects(strip(before), strip(after), options.typed);
  const taken = [...comparison.added.values(), ...comparison.modified.values()].filter((p) => inScope(p, scope));
  if (taken.length) {
    for (const owner of owners.values()) for (const p of taken) owner.fields.delete(p);
    const selfId = ownerId(options.manager, 'Update', options.apiVersion, options.subresource);
    const self = owners.get(selfId) ?? {
      entry: { manager: options.manager, operation: 'Update' as const, apiVersion: options.apiVersion, time: options.now, fieldsType: 'FieldsV1' as const, fieldsV1: {}, ...(options.subresource ? { subresource: options.subresource } : {}) },
      fields: new FieldSet(),
    };
    self.entry = { ...self.entry, time: options.now };
    for (const p of taken) self.fields.add(p);
    owners.set(selfId, self);
  }
  for (const owner of owners.values()) for (const path of comparison.removed.values()) owner.fields.delete(path);
  writeOwners(after, owners);
}
