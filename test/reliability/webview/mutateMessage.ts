// Malformed variants of a valid message: each one must be rejected by its schema.
import type { Random } from '../fuzz/random.js';

type Json = unknown;
type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays), excluding the root. */
export function paths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = (Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)).filter(([, v]) => v !== undefined);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function parentOf(root: Json, path: Path): Record<string | number, Json> {
  let node = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  return node;
}

/** A value of another JSON type than `value` (never undefined: an optional field would accept that). */
function wrongTypeFor(value: Json, random: Random, nullable: boolean): Json {
  const options: Json[] = [42, 'text', true, ...(nullable ? [] : [null]), [], {}, [1, 'a'], { nested: { deeper: 1 } }];
  const kind = (v: Json) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  const different = options.filter((o) => kind(o) !== kind(value));
  return random.pick(different);
}

export interface Malformed { description: string; payload: Json }

/** Kinds: wrong type at a path, a huge string, NaN/Infinity for numbers, an extra or prototype-polluting key,
 * an unknown message type, a non-object, deep nesting. */
export function malformedVariants(valid: Json, random: Random, nullable: ReadonlySet<string> = new Set()): Malformed[] {
  const out: Malformed[] = [];
  for (const path of paths(valid)) {
    const original = parentOf(valid, path)[path.at(-1)!];
    const wrong = clone(valid);
    // null is no wrong type for a field the schema declares nullable (a Load run with no knee).
    parentOf(wrong, path)[path.at(-1)!] = wrongTypeFor(original, random, nullable.has(String(path.at(-1))));
    if (path.length === 1 && path[0] === 'type') continue;
    out.push({ description: `wrong type at ${path.join('.')}`, payload: wrong });
    // Images legitimately reach 48 MB of base64; every other string field is capped far below 3 MB.
    if (typeof original === 'string' && path.at(-1) !== 'base64') {
      const huge = clone(valid);
      parentOf(huge, path)[path.at(-1)!] = 'x'.repeat(3_000_000);
      out.push({ description: `3 MB string at ${path.join('.')}`, payload: huge });
    }
    if (typeof original === 'number') {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const odd = structuredClone(valid) as Json;
        parentOf(odd, path)[path.at(-1)!] = bad;
        out.push({ description: `${bad} at ${path.join('.')}`, payload: odd });
      }
    }
  }
  const objectPaths = [[], ...paths(valid)].filter((p) => {
    const v = p.length ? parentOf(valid, p)[p.at(-1)!] : valid;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  for (const path of objectPaths) {
    for (const key of ['__proto__', 'constructor', 'prototype', 'unexpected']) {
      const polluted = JSON.parse(JSON.stringify(valid)) as Json;
      const target = path.length ? (parentOf(polluted, path)[path.at(-1)!] as Record<string, Json>) : (polluted as Record<string, Json>);
      Object.defineProperty(target, key, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
      out.push({ description: `extra key ${key} at ${path.join('.') || '(root)'}`, payload: polluted });
    }
  }
  let deep: Json = { type: (valid as { type: string }).type };
  for (let i = 0; i < 1000; i++) deep = { type: (valid as { type: string }).type, inner: deep };
  out.push({ description: 'deeply nested', payload: deep });
  out.push({ description: 'unknown type', payload: { ...(valid as object), type: 'evalThis' } });
  out.push({ description: 'missing type', payload: (() => { const { type: _t, ...rest } = valid as { type: string }; return rest; })() });
  for (const junk of [null, 'ready', 42, [valid], true]) out.push({ description: `non-object ${JSON.stringify(junk)?.slice(0, 20)}`, payload: junk });
  return out;
}
