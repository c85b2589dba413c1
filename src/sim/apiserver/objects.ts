import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../store/types.js';
import type { ServedResource } from './registry.js';
import { errors } from './status.js';

export function apiVersionOf(resource: ServedResource): string {
  return resource.type.group ? `${resource.type.group}/${resource.type.version}` : resource.type.version;
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The field manager of a non-apply write: `fieldManager`, else the User-Agent's product (`kubectl`), as the apiserver does. */
export function managerFor(request: IncomingMessage, query: URLSearchParams): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const agent = String(request.headers['user-agent'] ?? '').split('/')[0].trim();
  return agent || 'unknown';
}

export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All' && v !== '') throw errors.badRequest(`Invalid dry run value: ${v}: supported values: "All"`);
  return values.includes('All');
}

/** Checks apiVersion / kind / namespace / name of a request body against the URL, like the apiserver's decoding does. */
export function checkIdentity(object: KubeObject, resource: ServedResource, namespace: string | undefined, name: string | undefined): void {
  const expected = apiVersionOf(resource);
  if (object.apiVersion !== undefined && object.apiVersion !== expected) {
    throw errors.badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (object.kind !== undefined && object.kind !== resource.type.kind) {
    throw errors.badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${resource.type.kind})`);
  }
  object.apiVersion = expected;
  object.kind = resource.type.kind;
  if (object.metadata === undefined || object.metadata === null) object.metadata = { name: '' };
  if (typeof object.metadata !== 'object' || Array.isArray(object.metadata)) throw errors.badRequest('metadata must be an object');
  const meta = object.metadata;
  if (resource.type.namespaced) {
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace ?? meta.namespace;
  } else delete meta.namespace;
  if (name !== undefined) {
    if (meta.name && meta.name !== name) throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    meta.name = name;
  }
}

/** Creation-time defaults the simulator's kinds rely on. */
export function applyCreateDefaults(object: KubeObject): void {
  const o = object as any;
  if (object.kind === 'Pod' && !o.status) o.status = { phase: 'Pending', qosClass: 'BestEffort' };
  if (object.kind === 'Namespace') o.status = { phase: 'Active', ...(o.status ?? {}) };
  if (object.kind === 'Secret' && !o.type) o.type = 'Opaque';
  if (object.kind === 'Secret' && o.stringData && typeof o.stringData === 'object') {
    o.data = { ...(o.data ?? {}) };
    for (const [k, v] of Object.entries(o.stringData)) o.data[k] = Buffer.from(String(v)).toString('base64');
    delete o.stringData;
  }
  if (object.kind === 'Service') {
    o.spec = { type: 'ClusterIP', sessionAffinity: 'None', ...(o.spec ?? {}) };
    if (!o.spec.clusterIP && o.spec.type !== 'ExternalName') o.spec.clusterIP = fakeClusterIp(object.metadata.name + (object.metadata.namespace ?? ''));
    if (!o.spec.clusterIPs && o.spec.clusterIP) o.spec.clusterIPs = [o.spec.clusterIP];
  }
}

function fakeClusterIp(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  return `10.96.${(h >> 8) & 0xff}.${Math.max(2, h & 0xff)}`;
}
