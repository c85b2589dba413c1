/**
 * Field paths as structured-merge-diff writes them in `managedFields[].fieldsV1`: each element is `f:<field>`,
 * `k:{"name":"x"}` (a map-list item by its keys), `v:"x"` (a set item by value) or `i:<n>`.
 */
export type FieldPath = string[];

export class FieldSet {
  private readonly paths = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const p of paths) this.add(p);
  }

  add(path: FieldPath): void {
    this.paths.set(JSON.stringify(path), path);
  }

  has(path: FieldPath): boolean {
    return this.paths.has(JSON.stringify(path));
  }

  delete(path: FieldPath): void {
    this.paths.delete(JSON.stringify(path));
  }

  get size(): number {
    return this.paths.size;
  }

  values(): FieldPath[] {
    return [...this.paths.values()];
  }

  /** Whether some path of this set is `path` or lies under it. */
  coversOrBelow(path: FieldPath): boolean {
    return this.values().some((p) => p.length >= path.length && path.every((e, i) => p[i] === e));
  }

  filter(keep: (path: FieldPath) => boolean): FieldSet {
    return new FieldSet(this.values().filter(keep));
  }
}

/** `k:` element for a map-list item: its key fields, sorted, as compact JSON. */
export function keyElement(item: Record<string, unknown>, keys: string[]): string {
  const out: Record<string, unknown> = {};
  for (const k of [...keys].sort()) out[k] = item[k];
  return `k:${JSON.stringify(out)}`;
}

export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

/** The `fieldsV1` tree: a member with children gets a `.` entry. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Record<string, any> = {};
  const members = new Set(set.values().map((p) => JSON.stringify(p)));
  for (const path of set.values()) {
    let node = root;
    for (const element of path) node = node[element] ??= {};
  }
  const mark = (node: Record<string, any>, path: FieldPath) => {
    for (const [element, child] of Object.entries(node)) {
      if (element === '.') continue;
      const childPath = [...path, element];
      if (Object.keys(child).length > 0 && members.has(JSON.stringify(childPath))) child['.'] = {};
      mark(child, childPath);
    }
  };
  mark(root, []);
  return sortTree(root);
}

function sortTree(node: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of Object.keys(node).sort()) out[key] = sortTree(node[key]);
  return out;
}

export function fromFieldsV1(tree: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (node: unknown, path: FieldPath) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const children = Object.keys(node).filter((k) => k !== '.');
    if (path.length && (children.length === 0 || '.' in node)) set.add(path);
    for (const key of children) walk((node as Record<string, unknown>)[key], [...path, key]);
  };
  walk(tree, []);
  return set;
}

/** The path as structured-merge-diff prints it in conflicts: `.spec.containers[name="nginx"].image`. */
export function pathText(path: FieldPath): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      if (element.startsWith('f:')) return `.${body}`;
      if (element.startsWith('k:')) {
        const keys = JSON.parse(body) as Record<string, unknown>;
        return `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      if (element.startsWith('v:')) return `[=${body}]`;
      return `[${body}]`;
    })
    .join('');
}

/** structured-merge-diff's iteration order of a set: at each node its members first, then its children, each sorted. */
export function comparePaths(a: FieldPath, b: FieldPath): number {
  let c = 0;
  while (c < a.length && c < b.length && a[c] === b[c]) c++;
  if (c === a.length || c === b.length) return a.length - b.length;
  const aMember = a.length === c + 1;
  const bMember = b.length === c + 1;
  if (aMember !== bMember) return aMember ? -1 : 1;
  return a[c] < b[c] ? -1 : 1;
}
