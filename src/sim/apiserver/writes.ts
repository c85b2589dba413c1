import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../store/types.js';
import { mediaType, parseBody, readBody, requireObject } from './body.js';
import type { ServerContext } from './context.js';
import { applyCreateDefaults, apiVersionOf, checkIdentity, isDryRun, isoSeconds, managerFor } from './objects.js';
import { applyJsonPatch } from './patch/jsonPatch.js';
import { typedFor } from './merge/builtinSchemas.js';
import { serverSideApply, trackUpdate } from './merge/managedFields.js';
import { applyStrategicMergePatch } from './merge/strategicMerge.js';
import { applyMergePatch } from './patch/mergePatch.js';
import type { ServedResource } from './registry.js';
import { ApiError, errors, fromStoreError } from './status.js';
import { invalidError } from './validation.js';

export interface WriteTarget {
  resource: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: 'status';
}

export interface WriteResult {
  code: number;
  object: KubeObject;
}

const bodyTypes = ['application/json', 'application/yaml', 'application/x-yaml'];
const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

async function readObject(ctx: ServerContext, request: IncomingMessage): Promise<KubeObject> {
  const type = mediaType(request) || 'application/json';
  if (!bodyTypes.includes(type)) throw errors.unsupportedMediaType(type, bodyTypes);
  const raw = await readBody(request, ctx.bodyLimit);
  return requireObject(parseBody(raw, type)) as KubeObject;
}

function validate(ctx: ServerContext, target: WriteTarget, object: KubeObject): void {
  const validator = ctx.validators.get(target.resource.key);
  if (!validator) return;
  const problems = validator(object);
  if (problems.length) throw invalidError(target.resource.type.kind, target.resource.type.group, object.metadata.name, problems);
}

function requireName(target: WriteTarget, object: KubeObject): void {
  if (!object.metadata.name && !object.metadata.generateName) {
    throw invalidError(target.resource.type.kind, target.resource.type.group, '', [
      { field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' },
    ]);
  }
}

/** With a status subresource, writes to the main resource keep the stored status and writes to /status only change status. */
function mergeScopes(target: WriteTarget, existing: KubeObject, wanted: KubeObject): KubeObject {
  if (!target.resource.hasStatus) return wanted;
  if (target.subresource === 'status') {
    const result = structuredClone(existing);
    if (wanted.status === undefined) delete result.status;
    else result.status = wanted.status;
    result.metadata.resourceVersion = wanted.metadata.resourceVersion;
    return result;
  }
  const result = { ...wanted };
  if (existing.status === undefined) delete result.status;
  else result.status = structuredClone(existing.status);
  return result;
}

function simulateCreate(ctx: ServerContext, object: KubeObject): KubeObject {
  const meta = object.metadata;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomUUID().slice(0, 5)}`;
  return { ...object, metadata: { ...meta, uid: randomUUID(), creationTimestamp: isoSeconds(ctx.now()), generation: 1, resourceVersion: undefined } };
}

function commitCreate(ctx: ServerContext, target: WriteTarget, object: KubeObject, dryRun: boolean): KubeObject {
  validate(ctx, target, object);
  if (dryRun) {
    if (object.metadata.name && ctx.store.get(target.resource.key, object.metadata.namespace, object.metadata.name)) {
      throw errors.alreadyExists(target.resource.type, object.metadata.name);
    }
    return simulateCreate(ctx, object);
  }
  try {
    return ctx.store.create(target.resource.key, object);
  } catch (error) {
    throw fromStoreError(error, target.resource.type, object.metadata.name);
  }
}

function commitUpdate(ctx: ServerContext, target: WriteTarget, existing: KubeObject, object: KubeObject, dryRun: boolean): KubeObject {
  validate(ctx, target, object);
  const wanted = object.metadata.resourceVersion;
  if (wanted && wanted !== existing.metadata.resourceVersion) {
    throw errors.conflict(target.resource.type, existing.metadata.name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  if (dryRun) {
    return { ...object, metadata: { ...object.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp, resourceVersion: existing.metadata.resourceVersion } };
  }
  try {
    return ctx.store.update(target.resource.key, object);
  } catch (error) {
    throw fromStoreError(error, target.resource.type, existing.metadata.name);
  }
}

function existingOr404(ctx: ServerContext, target: WriteTarget): KubeObject {
  const existing = ctx.store.get(target.resource.key, target.namespace, target.name!);
  if (!existing) throw errors.notFound(target.resource.type, target.name!);
  return existing;
}

export async function create(ctx: ServerContext, request: IncomingMessage, query: URLSearchParams, target: WriteTarget): Promise<WriteResult> {
  const object = await readObject(ctx, request);
  checkIdentity(object, target.resource, target.namespace, undefined);
  requireName(target, object);
  if (target.resource.custom && target.resource.hasStatus) delete object.status;
  applyCreateDefaults(object);
  trackUpdate(undefined, object, { manager: managerFor(request, query), apiVersion: apiVersionOf(target.resource), now: isoSeconds(ctx.now()), hasStatusSubresource: target.resource.hasStatus, typed: typedFor(target.resource) });
  return { code: 201, object: commitCreate(ctx, target, object, isDryRun(query)) };
}

export async function replace(ctx: ServerContext, request: IncomingMessage, query: URLSearchParams, target: WriteTarget): Promise<WriteResult> {
  const object = await readObject(ctx, request);
  checkIdentity(object, target.resource, target.namespace, target.name);
  const existing = existingOr404(ctx, target);
  const merged = mergeScopes(target, existing, object);
  trackUpdate(existing, merged, {
    manager: managerFor(request, query),
    apiVersion: apiVersionOf(target.resource),
    now: isoSeconds(ctx.now()),
    subresource: target.subresource,
    hasStatusSubresource: target.resource.hasStatus,
    typed: typedFor(target.resource),
  });
  return { code: 200, object: commitUpdate(ctx, target, existing, merged, isDryRun(query)) };
}

export async function patch(ctx: ServerContext, request: IncomingMessage, query: URLSearchParams, target: WriteTarget): Promise<WriteResult> {
  const type = mediaType(request);
  if (!patchTypes.includes(type)) throw errors.unsupportedMediaType(type, patchTypes);
  if (type === 'application/strategic-merge-patch+json' && target.resource.custom) {
    throw errors.unsupportedMediaType(type, patchTypes.filter((t) => !t.startsWith('application/strategic')));
  }
  const raw = await readBody(request, ctx.bodyLimit);
  const body = parseBody(raw, type === 'application/apply-patch+yaml' ? 'yaml' : 'json');
  const dryRun = isDryRun(query);
  const now = isoSeconds(ctx.now());
  const existing = ctx.store.get(target.resource.key, target.namespace, target.name!);

  if (type === 'application/apply-patch+yaml') {
    const applied = requireObject(body, 'the apply configuration') as KubeObject;
    if (!applied.apiVersion || !applied.kind) throw errors.badRequest('apply configurations need apiVersion and kind');
    checkIdentity(applied, target.resource, target.namespace, target.name);
    const manager = query.get('fieldManager');
    if (!manager) throw errors.badRequest('PATCH, application/apply-patch+yaml requests must supply a fieldManager');
    const force = query.get('force') === 'true';
    if (query.get('force') && !['true', 'false'].includes(query.get('force')!)) throw errors.badRequest(`invalid force value "${query.get('force')}"`);
    if (!existing && target.subresource === 'status') throw errors.notFound(target.resource.type, target.name!);
    const result = serverSideApply(existing, applied, {
      manager,
      force,
      apiVersion: apiVersionOf(target.resource),
      now,
      subresource: target.subresource,
      hasStatusSubresource: target.resource.hasStatus,
      typed: typedFor(target.resource),
      target: { name: target.name!, group: target.resource.type.group, plural: target.resource.type.plural },
    });
    if (!existing) {
      if (target.resource.custom && target.resource.hasStatus) delete result.status;
      applyCreateDefaults(result);
      return { code: 201, object: commitCreate(ctx, target, result, dryRun) };
    }
    result.metadata.resourceVersion = applied.metadata.resourceVersion;
    return { code: 200, object: commitUpdate(ctx, target, existing, result, dryRun) };
  }

  if (!existing) throw errors.notFound(target.resource.type, target.name!);
  const base = structuredClone(existing);
  delete base.metadata.managedFields;
  let patched: unknown;
  if (type === 'application/json-patch+json') patched = applyJsonPatch(base, body);
  else if (type === 'application/merge-patch+json') patched = applyMergePatch(base, requireObject(body, 'a merge patch'));
  else patched = applyStrategicMergePatch(base, body, typedFor(target.resource));
  const object = requireObject(patched, 'the patched object') as KubeObject;
  if (object.metadata?.name !== undefined && object.metadata.name !== existing.metadata.name) throw errors.badRequest('metadata.name: Invalid value: the name of a patched object cannot change');
  checkIdentity(object, target.resource, target.namespace, target.name);
  object.metadata.managedFields = existing.metadata.managedFields;
  const wantsRv = object.metadata.resourceVersion !== existing.metadata.resourceVersion ? object.metadata.resourceVersion : undefined;
  const merged = mergeScopes(target, existing, object);
  merged.metadata.resourceVersion = wantsRv;
  trackUpdate(existing, merged, { manager: managerFor(request, query), apiVersion: apiVersionOf(target.resource), now, subresource: target.subresource, hasStatusSubresource: target.resource.hasStatus, typed: typedFor(target.resource) });
  return { code: 200, object: commitUpdate(ctx, target, existing, merged, dryRun) };
}

export async function remove(ctx: ServerContext, request: IncomingMessage, query: URLSearchParams, target: WriteTarget): Promise<WriteResult> {
  const raw = await readBody(request, ctx.bodyLimit);
  const options = raw.length ? (requireObject(parseBody(raw, 'json'), 'DeleteOptions') as { dryRun?: string[]; preconditions?: { uid?: string; resourceVersion?: string } }) : {};
  const existing = existingOr404(ctx, target);
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== existing.metadata.uid) {
    throw errors.conflict(target.resource.type, target.name!, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
    throw errors.conflict(target.resource.type, target.name!, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`);
  }
  if (isDryRun(query) || options.dryRun?.includes('All')) return { code: 200, object: existing };
  const deleted = ctx.store.delete(target.resource.key, target.namespace, target.name!);
  if (!deleted) throw errors.notFound(target.resource.type, target.name!);
  return { code: deleted.metadata.deletionTimestamp && ctx.store.get(target.resource.key, target.namespace, target.name!) ? 202 : 200, object: deleted };
}

export function ensureStatusTarget(target: WriteTarget, subresource: string | undefined): WriteTarget {
  if (subresource === undefined) return target;
  if (subresource === 'status' && target.resource.hasStatus) return { ...target, subresource: 'status' };
  throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${target.resource.type.plural}/${subresource})`);
}
