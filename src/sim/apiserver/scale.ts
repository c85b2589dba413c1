import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../store/types.js';
import { mediaType, parseBody, readBody, requireObject } from './body.js';
import type { ServerContext } from './context.js';
import { isDryRun } from './objects.js';
import { applyJsonPatch } from './patch/jsonPatch.js';
import { applyMergePatch } from './patch/mergePatch.js';
import type { ServedResource } from './registry.js';
import { errors, fromStoreError } from './status.js';

/** The autoscaling/v1 Scale view of an object with replicas (what `kubectl scale` reads and patches). */
function scaleOf(object: KubeObject): KubeObject {
  const o = object as KubeObject & { spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } }; status?: { replicas?: number } };
  const labels = o.spec?.selector?.matchLabels ?? {};
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion, creationTimestamp: object.metadata.creationTimestamp },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, selector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

/** GET, PUT and PATCH of `<resource>/<name>/scale`: reads and sets `spec.replicas`. */
export async function serveScale(ctx: ServerContext, request: IncomingMessage, query: URLSearchParams, resource: ServedResource, namespace: string | undefined, name: string): Promise<KubeObject> {
  const existing = ctx.store.get(resource.key, namespace, name);
  if (!existing) throw errors.notFound(resource.type, name);
  const method = request.method ?? 'GET';
  if (method === 'GET') return scaleOf(existing);
  const raw = await readBody(request, ctx.bodyLimit);
  const type = mediaType(request);
  let wanted: KubeObject;
  if (method === 'PUT') wanted = requireObject(parseBody(raw, type.endsWith('yaml') ? 'yaml' : 'json')) as KubeObject;
  else if (type === 'application/json-patch+json') wanted = applyJsonPatch(scaleOf(existing), parseBody(raw, 'json')) as KubeObject;
  else wanted = applyMergePatch(scaleOf(existing), requireObject(parseBody(raw, 'json'))) as KubeObject;
  const replicas = (wanted as { spec?: { replicas?: unknown } }).spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw errors.badRequest(`Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  if (wanted.metadata?.resourceVersion && wanted.metadata.resourceVersion !== existing.metadata.resourceVersion) {
    throw errors.conflict(resource.type, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  const updated = { ...structuredClone(existing), spec: { ...((existing as { spec?: object }).spec ?? {}), replicas } } as KubeObject;
  updated.metadata.resourceVersion = undefined;
  if (isDryRun(query)) return scaleOf(updated);
  try {
    return scaleOf(ctx.store.update(resource.key, updated));
  } catch (error) {
    throw fromStoreError(error, resource.type, name);
  }
}
