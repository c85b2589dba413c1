import { isMap, isPair, isSeq, visit, type Node } from 'yaml';
import type { ManifestDocument } from '../manifest/manifestDocument.js';

/** How the document lays out block collections, so inserted snippets look like their neighbours. */
export interface YamlLayout {
  /** Spaces per nesting level. */
  indent: number;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  indentSeq: boolean;
  eol: string;
}

export function columnOf(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** End of the line holding `offset` (before its line break). */
export function lineEndOf(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  if (newline === -1) return source.length;
  return newline > 0 && source[newline - 1] === '\r' ? newline - 1 : newline;
}

export function detectLayout(document: ManifestDocument): YamlLayout {
  const source = document.source;
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  visit(document.doc, {
    Pair(_, pair) {
      if (!isPair(pair) || indent !== undefined && indentSeq !== undefined) return;
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range) return;
      const keyColumn = columnOf(source, key.range[0]);
      if (isMap(value) && !value.flow && indent === undefined) {
        const first = value.items.find(isPair)?.key as Node | undefined;
        if (first?.range && startsLine(source, first.range[0])) {
          const delta = columnOf(source, first.range[0]) - keyColumn;
          if (delta > 0) indent = delta;
        }
      }
      if (isSeq(value) && !value.flow && indentSeq === undefined && startsLine(source, value.range[0])) {
        indentSeq = columnOf(source, value.range[0]) > keyColumn;
      }
    },
  });
  return { indent: indent ?? 2, indentSeq: indentSeq ?? true, eol: source.includes('\r\n') ? '\r\n' : '\n' };
}

/** True when only spaces precede `offset` on its line. */
export function startsLine(source: string, offset: number): boolean {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(source.slice(lineStart, offset));
}
