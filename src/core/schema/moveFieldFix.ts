import { isMap, type Node } from 'yaml';
import type { QuickFix, TextEdit } from '../lint/diagnostic.js';
import type { ManifestDocument, PathSegment } from '../manifest/manifestDocument.js';
import { fieldPath } from './validate.js';

const INDENT = 2;

/**
 * Moves a block `key: …` entry to where the schema has that field (`spec.router` → `spec.expose.router`):
 * its lines are cut and pasted under the deepest existing parent, re-indented, with any missing parents
 * created around it. Only for block-style entries that start their own line; otherwise no fix.
 */
export function moveFieldFix(document: ManifestDocument, from: readonly PathSegment[], to: readonly PathSegment[]): QuickFix | undefined {
  if (document.pairAt(to)) return undefined;
  const pair = document.pairAt(from);
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range) return undefined;
  const source = document.source;
  const keyStart = key.range[0];
  const lineStart = source.lastIndexOf('\n', keyStart - 1) + 1;
  const column = keyStart - lineStart;
  if (source.slice(lineStart, keyStart).trim() !== '') return undefined;
  const value = pair.value as Node | null;
  const valueEnd = value?.range ? value.range[1] : key.range[1];
  const lastLineEnd = source.indexOf('\n', valueEnd - 1 < keyStart ? keyStart : Math.max(keyStart, valueEnd - 1));
  const blockEnd = lastLineEnd === -1 ? source.length : lastLineEnd + 1;
  const lines = source.slice(lineStart, blockEnd).replace(/\n$/, '').split('\n');
  if (lines.some((line) => line.trim() !== '' && line.length - line.trimStart().length < column)) return undefined;

  // Deepest parent of the target that already exists as a block map.
  const parentPath = to.slice(0, -1);
  let existing = from.length - 1;
  while (existing < parentPath.length && isMap(document.nodeAt(parentPath.slice(0, existing + 1)))) existing++;
  const anchorPath = parentPath.slice(0, existing);
  const missing = parentPath.slice(existing).map(String);
  const anchor = anchorPath.length === from.length - 1 ? undefined : document.nodeAt(anchorPath);
  let insertAt: number;
  let childColumn: number;
  if (anchor === undefined) {
    insertAt = lineStart;
    childColumn = column;
  } else {
    if (!isMap(anchor) || anchor.flow) return undefined;
    const anchorKey = document.pairAt(anchorPath)?.key as Node | undefined;
    const first = anchor.items[0]?.key as Node | undefined;
    if (!anchorKey?.range || !first?.range) return undefined;
    childColumn = first.range[0] - (source.lastIndexOf('\n', first.range[0] - 1) + 1);
    const anchorLineEnd = source.indexOf('\n', anchorKey.range[0]);
    if (anchorLineEnd === -1) return undefined;
    insertAt = anchorLineEnd + 1;
  }
  const wrapper = missing.map((name, i) => `${' '.repeat(childColumn + i * INDENT)}${name}:\n`).join('');
  const shift = childColumn + missing.length * INDENT - column;
  const moved = lines.map((line) => (line.trim() === '' ? line : shift >= 0 ? ' '.repeat(shift) + line : line.slice(-shift))).join('\n') + '\n';
  const edits: TextEdit[] =
    insertAt === lineStart
      ? [{ start: document.base + lineStart, end: document.base + blockEnd, newText: wrapper + moved }]
      : [
          { start: document.base + lineStart, end: document.base + blockEnd, newText: '' },
          { start: document.base + insertAt, end: document.base + insertAt, newText: wrapper + moved },
        ];
  return { title: `Move to \`${fieldPath(to)}\``, edits, isPreferred: true };
}
