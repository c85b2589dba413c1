import { isPlainObject } from '../patch/mergePatch.js';

/** An OpenAPI schema node (v2 definitions or a CRD's openAPIV3Schema). */
export type Schema = Record<string, any>;

/**
 * A position in a schema: the node (undefined = untyped, where maps merge key by key and lists are atomic), the
 * definitions `$ref`s resolve against, and whether the kind is a compiled-in Go type (built-in) or a custom resource.
 */
export interface Typed {
  node?: Schema;
  defs: Record<string, Schema>;
  builtin: boolean;
}

export function untyped(builtin = false): Typed {
  return { node: undefined, defs: {}, builtin };
}

/** Follows `$ref` (`#/definitions/X` or `#/components/schemas/X`) and single-element `allOf` wrappers. */
export function resolve(t: Typed): Typed {
  let node = t.node;
  for (let i = 0; i < 20 && node; i++) {
    if (typeof node.$ref === 'string') node = t.defs[node.$ref.split('/').pop()!];
    else if (Array.isArray(node.allOf) && node.allOf.length === 1 && !node.properties && !node.type) node = node.allOf[0];
    else break;
  }
  return node === t.node ? t : { ...t, node };
}

/** Whether `name` is a declared property (a struct field) rather than an entry of a free-form map. */
export function declares(t: Typed, name: string): boolean {
  const node = resolve(t).node;
  return !!node && isPlainObject(node.properties) && name in node.properties;
}

export function fieldOf(t: Typed, name: string): Typed {
  const node = resolve(t).node;
  if (!node) return { ...t, node: undefined };
  if (isPlainObject(node.properties) && name in node.properties) return resolve({ ...t, node: node.properties[name] as Schema });
  if (isPlainObject(node.additionalProperties)) return resolve({ ...t, node: node.additionalProperties as Schema });
  return { ...t, node: undefined };
}

export function itemOf(t: Typed): Typed {
  const node = resolve(t).node;
  if (!node || !isPlainObject(node.items)) return { ...t, node: undefined };
  return resolve({ ...t, node: node.items as Schema });
}

/** A map whose schema says it is owned and replaced as a whole (`x-kubernetes-map-type: atomic`). */
export function isAtomicMap(t: Typed): boolean {
  const node = resolve(t).node;
  return node?.['x-kubernetes-map-type'] === 'atomic';
}

/** The default a schema gives a property, if any. */
export function defaultOf(t: Typed, name: string): unknown {
  const node = fieldOf(t, name).node;
  return node?.default;
}
