import { createHash } from 'node:crypto';
import { asV3, definitionsFor, schemaName } from './openapi/schemas.js';
import type { ResourceRegistry, ServedResource } from './registry.js';

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function byGroupVersion(registry: ResourceRegistry): Map<string, ServedResource[]> {
  const out = new Map<string, ServedResource[]>();
  for (const r of registry.all()) {
    const key = groupVersionPath(r.type.group, r.type.version);
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

const queryParams = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function operation(r: ServedResource, action: string, verb: string): Record<string, unknown> {
  const gvk = { group: r.type.group, version: r.type.version, kind: r.type.kind };
  return {
    operationId: `${verb}${r.type.kind}`,
    tags: [groupVersionPath(r.type.group, r.type.version)],
    parameters: action === 'patch' || action === 'put' || action === 'post' ? queryParams : [],
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(r)}` } } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
}

/** One OpenAPI v3 document per group/version: operations tagged with their GVK (what kubectl's field validation probe reads). */
export function openApiDocument(registry: ResourceRegistry, gvPath: string, gitVersion: string): Record<string, unknown> | undefined {
  const resources = byGroupVersion(registry).get(gvPath);
  if (!resources) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const base = `/${gvPath}${r.type.namespaced ? '/namespaces/{namespace}' : ''}/${r.type.plural}`;
    paths[base] = { get: operation(r, 'list', 'list'), post: operation(r, 'post', 'create') };
    paths[`${base}/{name}`] = {
      get: operation(r, 'get', 'read'),
      put: operation(r, 'put', 'replace'),
      patch: operation(r, 'patch', 'patch'),
      delete: operation(r, 'delete', 'delete'),
    };
    if (r.hasStatus) paths[`${base}/{name}/status`] = { get: operation(r, 'get', 'read'), put: operation(r, 'put', 'replace'), patch: operation(r, 'patch', 'patch') };
  }
  // Built-ins carry Kubernetes' own schemas (list and patch extensions included), custom resources their CRD's.
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: gitVersion }, paths, components: { schemas: asV3(definitionsFor(resources)) } };
}

/** The /openapi/v3 index: one entry per group/version with a content hash in its URL. */
export function openApiIndex(registry: ResourceRegistry, gitVersion: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const gvPath of byGroupVersion(registry).keys()) {
    const doc = JSON.stringify(openApiDocument(registry, gvPath, gitVersion));
    const digest = createHash('sha512').update(doc).digest('hex').slice(0, 64).toUpperCase();
    paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${digest}` };
  }
  return { paths };
}
