import type { SchemaNode } from './schemaNode.js';

/** A copy of `value` with the schema's defaults filled in, as the API server does before it validates. */
export function withDefaults(value: unknown, schema: SchemaNode): unknown {
  if (Array.isArray(value)) return schema.items ? value.map((item) => withDefaults(item, schema.items!)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (out[name] === undefined || (out[name] === null && !child.nullable)) {
      if (child.default !== undefined) out[name] = structuredClone(child.default);
      else delete out[name];
    }
    if (out[name] !== undefined) out[name] = withDefaults(out[name], child);
  }
  return out;
}
