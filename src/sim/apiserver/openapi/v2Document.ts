import type { ResourceRegistry, ServedResource } from '../registry.js';
import { definitionsFor, schemaName } from './schemas.js';

const query = (name: string, type = 'string') => ({ name, in: 'query', type, uniqueItems: true });
const writeParams = [query('dryRun'), query('fieldManager'), query('fieldValidation')];
const body = (r: ServedResource) => ({ name: 'body', in: 'body', required: true, schema: { $ref: `#/definitions/${schemaName(r)}` } });

function groupVersionPath(r: ServedResource): string {
  return r.type.group ? `/apis/${r.type.group}/${r.type.version}` : `/api/${r.type.version}`;
}

function operation(r: ServedResource, action: string, verb: string, parameters: unknown[], consumes?: string[]): Record<string, unknown> {
  return {
    consumes: consumes ?? ['*/*'],
    produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
    schemes: ['https'],
    tags: [groupVersionPath(r).slice(1).replace(/\//g, '_')],
    operationId: `${verb}${r.type.kind}`,
    parameters,
    responses: { '200': { description: 'OK', schema: { $ref: `#/definitions/${schemaName(r)}` } }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.type.group, kind: r.type.kind, version: r.type.version },
  };
}

const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

/**
 * The `/openapi/v2` document: every served kind's paths (patch with `fieldValidation`, which is how kubectl 1.27 and
 * 1.28 learn the server validates fields itself) and definitions (the built-ins' from Kubernetes' own OpenAPI, a
 * custom resource's from its CRD).
 */
export function openApiV2Document(registry: ResourceRegistry, gitVersion: string): Record<string, unknown> {
  const resources = registry.all();
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const ns = r.type.namespaced ? [{ name: 'namespace', in: 'path', required: true, type: 'string', uniqueItems: true }] : [];
    const base = `${groupVersionPath(r)}${r.type.namespaced ? '/namespaces/{namespace}' : ''}/${r.type.plural}`;
    const named = [{ name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true }, ...ns, query('pretty')];
    const consumesPatch = r.custom ? patchTypes.filter((t) => !t.includes('strategic')) : patchTypes;
    paths[base] = {
      get: operation(r, 'list', 'list', [query('labelSelector'), query('fieldSelector'), query('limit', 'integer'), query('continue'), query('watch', 'boolean')]),
      post: operation(r, 'post', 'create', [body(r), ...writeParams]),
      parameters: [...ns, query('pretty')],
    };
    const item = {
      get: operation(r, 'get', 'read', []),
      put: operation(r, 'put', 'replace', [body(r), ...writeParams]),
      patch: operation(r, 'patch', 'patch', [{ name: 'body', in: 'body', required: true, schema: { type: 'object' } }, ...writeParams, query('force', 'boolean')], consumesPatch),
      delete: operation(r, 'delete', 'delete', [query('dryRun'), query('gracePeriodSeconds', 'integer'), query('propagationPolicy')]),
      parameters: named,
    };
    paths[`${base}/{name}`] = item;
    if (r.hasStatus) paths[`${base}/{name}/status`] = { get: item.get, put: item.put, patch: item.patch, parameters: named };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: gitVersion }, paths, definitions: definitionsFor(resources) };
}
