import { builtinDefinitionName, builtinDefinitions } from '../merge/builtinSchemas.js';
import type { Schema } from '../merge/typeSchema.js';
import type { ServedResource } from '../registry.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The definition name the apiserver uses: the built-in's (`io.k8s.api.apps.v1.Deployment`), or for a custom resource the reversed group (`com.nvidia.apps.v1alpha1.NIMService`). */
export function schemaName(r: ServedResource): string {
  const builtin = !r.custom && builtinDefinitionName(r.type.group, r.type.version, r.type.kind);
  if (builtin) return builtin;
  const group = r.type.group ? r.type.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${group}.${r.type.version}.${r.type.kind}`;
}

const gvkOf = (r: ServedResource) => [{ group: r.type.group, version: r.type.version, kind: r.type.kind }];

/** A custom resource's schema as the apiserver publishes it: its CRD schema, metadata as ObjectMeta, tagged with its GVK. */
function customSchema(r: ServedResource): Schema {
  const schema = r.custom?.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const properties = schema.properties ? { ...schema.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } } : undefined;
  return { ...schema, ...(properties ? { properties } : {}), 'x-kubernetes-group-version-kind': gvkOf(r) };
}

/** Schemas keyed by definition name for the given resources, plus every definition they reference (v2 `$ref` form). */
export function definitionsFor(resources: ServedResource[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') add(value.split('/').pop()!);
      else visit(value);
    }
  };
  const add = (name: string) => {
    if (out[name] || !builtinDefinitions[name]) return;
    out[name] = builtinDefinitions[name];
    visit(out[name]);
  };
  for (const r of resources) {
    const name = schemaName(r);
    if (r.custom) {
      out[name] = customSchema(r);
      visit(out[name]);
    } else if (builtinDefinitions[name]) add(name);
    else out[name] = { type: 'object', 'x-kubernetes-group-version-kind': gvkOf(r) };
  }
  return out;
}

/** The same schemas with OpenAPI v3 references (`#/components/schemas/…`). */
export function asV3(schemas: Record<string, Schema>): Record<string, Schema> {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === '$ref' && typeof value === 'string' ? value.replace('#/definitions/', '#/components/schemas/') : rewrite(value);
    return out;
  };
  return rewrite(schemas) as Record<string, Schema>;
}
