import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../lint/diagnostic.js';
import { findPair, type ManifestDocument, type YamlPath } from '../manifest/manifestDocument.js';
import { columnOf, detectLayout, lineEndOf, startsLine } from './layout.js';
import { renderBlock, renderFlow } from './render.js';

/**
 * Minimal text edits computed from the parsed document and its source, so everything the edit does not
 * touch (comments, quoting, blank lines, key order) stays byte-for-byte. Every helper returns file
 * offsets, or undefined when the document's shape does not allow the edit (a scalar where a map should be…).
 */

/** Adds `entries` to the map at `path`, creating missing parent maps. Existing keys are not overwritten. */
export function insertIntoMap(document: ManifestDocument, path: YamlPath, entries: Record<string, unknown>): TextEdit[] | undefined {
  let node: unknown = document.root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      continue;
    }
    if (!isMap(node)) return undefined;
    const pair = findPair(node, segment);
    if (!pair) return insertEntries(document, node, nest(path.slice(i), entries));
    if (isEmptyValue(pair.value)) return fillEmptyValue(document, pair, nest(path.slice(i + 1), entries));
    node = pair.value;
  }
  if (!isMap(node)) return undefined;
  const missing = Object.fromEntries(Object.entries(entries).filter(([key]) => !findPair(node as YAMLMap, key)));
  if (Object.keys(missing).length === 0) return [];
  return insertEntries(document, node, missing);
}

/** Appends `items` to the sequence at `path`; creates the sequence (and its parents) when absent. */
export function appendToSequence(document: ManifestDocument, path: YamlPath, items: unknown[]): TextEdit[] | undefined {
  if (path.length === 0) return undefined;
  const pair = document.pairAt(path);
  if (pair && isEmptyValue(pair.value)) return fillEmptyValue(document, pair, items);
  const node = document.nodeAt(path);
  if (node === undefined) {
    if (pair) return undefined;
    return insertIntoMap(document, path.slice(0, -1), { [String(path[path.length - 1])]: items });
  }
  if (!isSeq(node) || !node.range) return undefined;
  return node.flow ? appendToFlowSeq(document, node, items) : appendToBlockSeq(document, node, items);
}

/** Replaces a scalar's text with `value`, keeping its quoting style when the value allows it. */
export function replaceScalar(document: ManifestDocument, path: YamlPath, value: string | number | boolean): TextEdit[] | undefined {
  const node = document.nodeAt(path);
  if (!isScalar(node) || !node.range) return undefined;
  return [{ start: document.base + node.range[0], end: document.base + node.range[1], newText: renderScalarLike(node, value) }];
}

/** Removes a block-map entry: its whole lines, keeping a trailing comment on the key line as a comment line. */
export function deleteEntry(document: ManifestDocument, path: YamlPath): TextEdit[] | undefined {
  const parent = document.nodeAt(path.slice(0, -1)) ?? (path.length === 1 ? document.root ?? undefined : undefined);
  if (!isMap(parent) || parent.flow) return undefined;
  const pair = findPair(parent, path[path.length - 1]);
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range) return undefined;
  const source = document.source;
  if (!startsLine(source, key.range[0])) return undefined;
  const start = source.lastIndexOf('\n', key.range[0] - 1) + 1;
  const end = entryEnd(source, pair);
  const keyLineEnd = lineEndOf(source, key.range[0]);
  const comment = /\s#.*$/.exec(source.slice(key.range[0], keyLineEnd))?.[0].trim();
  const eol = detectLayout(document).eol;
  const keep = comment && end > keyLineEnd ? ' '.repeat(columnOf(source, key.range[0])) + comment + eol : '';
  return [{ start: document.base + start, end: document.base + end, newText: keep }];
}

function nest(path: YamlPath, entries: Record<string, unknown>): Record<string, unknown> {
  let value: Record<string, unknown> = entries;
  for (let i = path.length - 1; i >= 0; i--) value = { [String(path[i])]: value };
  return value;
}

function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  return isScalar(value) && (value.value === null || value.value === '') && value.type !== Scalar.QUOTE_DOUBLE && value.type !== Scalar.QUOTE_SINGLE;
}

function insertEntries(document: ManifestDocument, map: YAMLMap, entries: Record<string, unknown>): TextEdit[] | undefined {
  if (!map.range) return undefined;
  if (map.flow) return insertIntoFlowMap(document, map, entries);
  const source = document.source;
  const layout = detectLayout(document);
  const firstKey = (map.items[0]?.key ?? undefined) as Node | undefined;
  const column = firstKey?.range ? columnOf(source, firstKey.range[0]) : 0;
  const block = renderBlock(entries, column, layout);
  const lastPair = map.items[map.items.length - 1];
  const end = lastPair ? entryEnd(source, lastPair) : map.range[1];
  return [insertAtLineBoundary(document, end, block, layout.eol)];
}

/** Offset just after the last line of an entry (its value, any trailing comment, and the line break). */
function entryEnd(source: string, pair: Pair<unknown, unknown>): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  const last = value?.range ? value.range[1] : key?.range ? key.range[1] : 0;
  if (last > 0 && source[last - 1] === '\n') return last;
  const lineEnd = lineEndOf(source, last);
  const newline = source.indexOf('\n', lineEnd);
  return newline === -1 ? source.length : newline + 1;
}

function insertAtLineBoundary(document: ManifestDocument, offset: number, block: string, eol: string): TextEdit {
  const source = document.source;
  if (offset === 0 || source[offset - 1] === '\n') return { start: document.base + offset, end: document.base + offset, newText: block };
  return { start: document.base + offset, end: document.base + offset, newText: eol + block.slice(0, block.length - eol.length) };
}

/** `key:` (or `key: ~`) followed by a new block under it. */
function fillEmptyValue(document: ManifestDocument, pair: Pair<unknown, unknown>, value: unknown): TextEdit[] | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const source = document.source;
  const layout = detectLayout(document);
  const lineEnd = lineEndOf(source, key.range[1]);
  const column = columnOf(source, key.range[0]) + (Array.isArray(value) && !layout.indentSeq ? 0 : layout.indent);
  const block = renderBlock(value, column, layout);
  const explicit = pair.value as Node | null;
  if (explicit?.range && explicit.range[1] > explicit.range[0] && explicit.range[1] <= lineEnd) {
    let start = explicit.range[0];
    while (start > key.range[1] && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
    const rest = source.slice(explicit.range[1], lineEnd);
    return [{ start: document.base + start, end: document.base + lineEnd, newText: rest + layout.eol + block.slice(0, -layout.eol.length) }];
  }
  return [{ start: document.base + lineEnd, end: document.base + lineEnd, newText: layout.eol + block.slice(0, -layout.eol.length) }];
}

function insertIntoFlowMap(document: ManifestDocument, map: YAMLMap, entries: Record<string, unknown>): TextEdit[] | undefined {
  const text = Object.entries(entries)
    .map(([key, value]) => `${renderFlow(key)}: ${renderFlow(value)}`)
    .join(', ');
  const last = map.items[map.items.length - 1];
  if (!last) return [{ start: document.base + map.range![0] + 1, end: document.base + map.range![0] + 1, newText: text }];
  const end = ((last.value as Node | null)?.range ?? (last.key as Node | null)?.range)?.[1];
  if (end === undefined) return undefined;
  return [{ start: document.base + end, end: document.base + end, newText: `, ${text}` }];
}

function appendToFlowSeq(document: ManifestDocument, seq: YAMLSeq, items: unknown[]): TextEdit[] | undefined {
  const first = seq.items[0];
  const doubleQuoted = isScalar(first) && first.type === Scalar.QUOTE_DOUBLE;
  const text = items.map((item) => renderFlow(item, doubleQuoted)).join(', ');
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last) return [{ start: document.base + seq.range![0] + 1, end: document.base + seq.range![0] + 1, newText: text }];
  if (!last.range) return undefined;
  return [{ start: document.base + last.range[1], end: document.base + last.range[1], newText: `, ${text}` }];
}

function appendToBlockSeq(document: ManifestDocument, seq: YAMLSeq, items: unknown[]): TextEdit[] | undefined {
  const source = document.source;
  const layout = detectLayout(document);
  const column = columnOf(source, seq.range![0]);
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  let end = seq.range![1];
  if (last?.range && source[end - 1] !== '\n') {
    const lineEnd = lineEndOf(source, last.range[1]);
    const newline = source.indexOf('\n', lineEnd);
    end = newline === -1 ? source.length : newline + 1;
  }
  return [insertAtLineBoundary(document, end, renderBlock(items, column, layout), layout.eol)];
}

function renderScalarLike(node: Scalar, value: string | number | boolean): string {
  if (typeof value === 'string') {
    if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
    if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  }
  return renderFlow(value);
}
