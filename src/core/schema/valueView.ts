import { isAlias, isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';

/**
 * A value to validate, from either a YAML AST (lint: keeps the scalar's source for quote fixes) or a plain
 * JS object (the simulated API server). The validator walks this so both get the same checks.
 */
export type ValueView =
  | { kind: 'map'; entries: Array<{ key: string; value: ValueView }>; toJS(): unknown }
  | { kind: 'seq'; items: ValueView[]; toJS(): unknown }
  | { kind: 'scalar'; value: unknown; /** Source text when the YAML scalar is plain (unquoted). */ plainSource?: string; toJS(): unknown }
  /** An alias or anything else the validator cannot look into. */
  | { kind: 'opaque'; toJS(): unknown };

export function viewOfJS(value: unknown): ValueView {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map(viewOfJS), toJS: () => value };
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, v]) => ({ key, value: viewOfJS(v) }));
    return { kind: 'map', entries, toJS: () => value };
  }
  return { kind: 'scalar', value: value ?? null, toJS: () => value ?? null };
}

/** `source` is the text the node's ranges index into (the document chunk). */
export function viewOfYaml(node: Node | null | undefined, source: string): ValueView {
  if (node === null || node === undefined) return { kind: 'scalar', value: null, toJS: () => null };
  if (isMap(node)) {
    const entries: Array<{ key: string; value: ValueView }> = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      entries.push({ key, value: viewOfYaml(pair.value as Node | null, source) });
    }
    return { kind: 'map', entries, toJS: lazyJS(node) };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => viewOfYaml(item as Node | null, source)), toJS: lazyJS(node) };
  if (isScalar(node)) {
    const plainSource = node.type === Scalar.PLAIN && node.range && !node.tag ? source.slice(node.range[0], node.range[1]) : undefined;
    return { kind: 'scalar', value: node.value ?? null, plainSource, toJS: () => node.value ?? null };
  }
  if (isAlias(node)) return { kind: 'opaque', toJS: () => undefined };
  return { kind: 'opaque', toJS: () => undefined };
}

function lazyJS(node: Node): () => unknown {
  let done = false;
  let value: unknown;
  return () => {
    if (!done) {
      try {
        value = node.toJSON();
      } catch {
        value = undefined;
      }
      done = true;
    }
    return value;
  };
}
