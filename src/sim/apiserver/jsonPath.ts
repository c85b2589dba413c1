/** Evaluates the simple JSONPath subset CRD printer columns use: `.status.state`, `.spec.list[0].x`, `.metadata.labels.a\.b`. */
export function evalSimpleJsonPath(object: unknown, path: string): unknown {
  const parts: Array<string | number> = [];
  const re = /\.((?:[^.[\\]|\\.)+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]/g;
  let m: RegExpExecArray | null;
  const trimmed = path.replace(/^\{|\}$/g, '');
  while ((m = re.exec(trimmed))) {
    if (m[1] !== undefined) parts.push(m[1].replace(/\\\./g, '.'));
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(m[3]);
  }
  let value: unknown = object;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}
