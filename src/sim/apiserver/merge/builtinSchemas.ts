import definitions from '../../../../third_party/kubernetes/openapi-v2-definitions.json';
import type { Schema, Typed } from './typeSchema.js';

/**
 * The built-in kinds' schemas, from Kubernetes' own OpenAPI (release-1.33, see third_party/kubernetes/README.md):
 * list semantics and strategic-merge keys for server-side apply and patches, and the definitions /openapi/v2 and
 * /openapi/v3 serve.
 */
export const builtinDefinitions = definitions as Record<string, Schema>;

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const byGvk = new Map<string, string>();
for (const [name, schema] of Object.entries(builtinDefinitions)) {
  for (const gvk of (schema['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>) {
    byGvk.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
  }
}

/** The definition name of a built-in kind (`io.k8s.api.apps.v1.Deployment`), if the simulator carries it. */
export function builtinDefinitionName(group: string, version: string, kind: string): string | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** Where typing starts for a served kind: its built-in definition, or a CRD's schema with ObjectMeta for metadata. */
export function rootTyped(group: string, version: string, kind: string, crdSchema?: Schema): Typed {
  const name = builtinDefinitionName(group, version, kind);
  if (name && !crdSchema) return { node: builtinDefinitions[name], defs: builtinDefinitions, builtin: true };
  if (!crdSchema) return { node: undefined, defs: builtinDefinitions, builtin: false };
  const properties = { ...(crdSchema.properties ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: `#/definitions/${OBJECT_META}` } };
  return { node: { ...crdSchema, properties }, defs: builtinDefinitions, builtin: false };
}

/** The typing of a served resource: a CRD's schema when it is custom, else its built-in definition. */
export function typedFor(resource: { type: { group: string; version: string; kind: string }; custom?: { schema?: Schema } }): Typed {
  return rootTyped(resource.type.group, resource.type.version, resource.type.kind, resource.custom ? (resource.custom.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) : undefined);
}
