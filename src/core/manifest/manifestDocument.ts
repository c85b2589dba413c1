import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, type ParsedNode, type YAMLMap } from 'yaml';

export type PathSegment = string | number;
export type YamlPath = readonly PathSegment[];

export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * One YAML document of a manifest file, with every range translated to offsets in the whole file.
 * Rules and quick fixes go through this class so none of them has to think about where the document starts.
 */
export class ManifestDocument {
  private jsCache: unknown;
  private jsDone = false;

  constructor(
    /** Position of this document in its file (0-based). */
    readonly index: number,
    /** Offset of this document's chunk in the whole file. */
    readonly base: number,
    /** The chunk's own text (ranges in `doc` are relative to it). */
    readonly source: string,
    readonly doc: Document.Parsed,
  ) {}

  get root(): ParsedNode | null {
    return this.doc.contents;
  }

  get kind(): string | undefined {
    const kind = this.valueAt(['kind']);
    return typeof kind === 'string' ? kind : undefined;
  }

  get apiVersion(): string | undefined {
    const apiVersion = this.valueAt(['apiVersion']);
    return typeof apiVersion === 'string' ? apiVersion : undefined;
  }

  get name(): string | undefined {
    const name = this.valueAt(['metadata', 'name']);
    return typeof name === 'string' ? name : undefined;
  }

  get namespace(): string | undefined {
    const ns = this.valueAt(['metadata', 'namespace']);
    return typeof ns === 'string' ? ns : undefined;
  }

  isKind(apiGroup: string, kind: string): boolean {
    return this.kind === kind && (this.apiVersion ?? '').split('/')[0] === apiGroup;
  }

  /** The whole document as plain JS (cached; do not mutate). */
  toJS(): unknown {
    if (!this.jsDone) {
      try {
        this.jsCache = this.doc.toJS({ maxAliasCount: 1000 });
      } catch {
        this.jsCache = undefined;
      }
      this.jsDone = true;
    }
    return this.jsCache;
  }

  /** The node at a path, or undefined when any step is missing or not a collection. */
  nodeAt(path: YamlPath): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(node)) node = findPair(node, segment)?.value ?? undefined;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
      if (node === null || node === undefined) return undefined;
    }
    return (node ?? undefined) as Node | undefined;
  }

  /** Plain JS value at a path. */
  valueAt(path: YamlPath): unknown {
    const node = this.nodeAt(path);
    if (node === undefined) return undefined;
    if (isScalar(node)) return node.value;
    return (node as { toJSON?: () => unknown }).toJSON?.();
  }

  /** The key/value pair whose key is the last path segment. */
  pairAt(path: YamlPath): Pair<Node, Node | null> | undefined {
    if (path.length === 0) return undefined;
    const parent = this.nodeAt(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    return findPair(parent, path[path.length - 1]);
  }

  /** File offsets of a node's value (without trailing comments). */
  rangeOf(node: Node | null | undefined): OffsetRange | undefined {
    const range = node?.range;
    if (!range) return undefined;
    return { start: this.base + range[0], end: this.base + range[1] };
  }

  /** The key of the entry at `path` — where a diagnostic about the entry as a whole belongs. */
  keyRange(path: YamlPath): OffsetRange | undefined {
    const pair = this.pairAt(path);
    if (pair && pair.key) return this.rangeOf(pair.key as Node);
    if (path.length && typeof path[path.length - 1] === 'number') return this.valueRange(path);
    return undefined;
  }

  valueRange(path: YamlPath): OffsetRange | undefined {
    return this.rangeOf(this.nodeAt(path));
  }

  /** Range for a diagnostic about `path`: its key, else its value, else the nearest ancestor that exists. */
  bestRange(path: YamlPath): OffsetRange {
    for (let length = path.length; length > 0; length--) {
      const sub = path.slice(0, length);
      const range = this.keyRange(sub) ?? this.valueRange(sub);
      if (range) return range;
    }
    return this.headerRange();
  }

  /** `kind: X` when present, else the first line of the document: where document-level findings go. */
  headerRange(): OffsetRange {
    const kindKey = this.keyRange(['kind']);
    if (kindKey) {
      const kindValue = this.valueRange(['kind']);
      return { start: kindKey.start, end: kindValue?.end ?? kindKey.end };
    }
    const root = this.rangeOf(this.doc.contents);
    if (root) {
      const lineEnd = this.source.indexOf('\n', root.start - this.base);
      return { start: root.start, end: lineEnd === -1 ? root.end : Math.min(root.end, this.base + lineEnd) };
    }
    return { start: this.base, end: this.base };
  }

  get end(): number {
    return this.base + this.source.length;
  }
}

export function findPair(map: YAMLMap, key: PathSegment): Pair<Node, Node | null> | undefined {
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const keyValue = isScalar(k) ? k.value : k;
    if (keyValue === key || (typeof key === 'string' && String(keyValue) === key)) return item as Pair<Node, Node | null>;
  }
  return undefined;
}
