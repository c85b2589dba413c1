import type { PathSegment } from '../manifest/manifestDocument.js';

/**
 * Finds where a cursor sits in block YAML from indentation alone, so completion works on lines the parser
 * cannot make sense of yet (`    sha`, an empty line inside `storage:`). List items become index 0.
 */
interface LineShape {
  indent: number;
  dash: boolean;
  /** Column where the content after `- ` starts. */
  contentColumn: number;
  key?: string;
  /** The key has an inline value (`key: value`), so it cannot own the lines below. */
  inlineValue: boolean;
}

const KEY_LINE = /^([^\s#:'"{}[\],&*!|>%@`][^:#]*?|"[^"]*"|'[^']*'):(?:\s+(.*))?$/;

export function shapeOf(line: string): LineShape | undefined {
  const trimmed = line.trimStart();
  if (!trimmed || trimmed.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(line)) return undefined;
  const indent = line.length - trimmed.length;
  const dashMatch = /^-(\s+|$)/.exec(trimmed);
  const content = dashMatch ? trimmed.slice(dashMatch[0].length) : trimmed;
  const contentColumn = dashMatch ? indent + dashMatch[0].length : indent;
  const match = KEY_LINE.exec(content.replace(/\s+#.*$/, '').trimEnd());
  const key = match ? match[1].replace(/^["']|["']$/g, '') : undefined;
  const rest = match?.[2]?.trim() ?? '';
  return { indent, dash: !!dashMatch, contentColumn, key, inlineValue: rest !== '' && !/^[|>]/.test(rest) };
}

/** Path of the map that holds a key at `column` on line `lineNo` (whose own shape says whether it starts a list item). */
export function containerPath(lines: readonly string[], lineNo: number, column: number, startsItem: boolean): PathSegment[] | undefined {
  const path: PathSegment[] = [];
  let looking: { kind: 'map'; column: number } | { kind: 'seqOwner'; dashColumn: number } = startsItem ? { kind: 'seqOwner', dashColumn: column } : { kind: 'map', column };
  if (startsItem) path.unshift(0);
  for (let i = lineNo - 1; i >= 0; i--) {
    const shape = shapeOf(lines[i]);
    if (!shape) {
      if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) break;
      continue;
    }
    if (looking.kind === 'map') {
      if (looking.column === 0) break;
      if (shape.dash && shape.contentColumn === looking.column) {
        path.unshift(0);
        looking = { kind: 'seqOwner', dashColumn: shape.indent };
        continue;
      }
      if (shape.contentColumn >= looking.column) continue;
    } else if (shape.indent > looking.dashColumn || (shape.dash && shape.indent === looking.dashColumn)) continue;
    // The owner of what was looked for: its key joins the path, and the search goes on for its own owner.
    if (!shape.key || shape.inlineValue) return undefined;
    path.unshift(shape.key);
    if (shape.dash) {
      path.unshift(0);
      looking = { kind: 'seqOwner', dashColumn: shape.indent };
    } else looking = { kind: 'map', column: shape.indent };
  }
  if (looking.kind === 'map' && looking.column !== 0) return undefined;
  if (looking.kind === 'seqOwner') return undefined;
  return path;
}

/** Keys already present in the map that holds line `lineNo`'s key at `column`. */
export function siblingKeys(lines: readonly string[], lineNo: number, column: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const shape = shapeOf(lines[i]);
      if (!shape) {
        if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) return;
        continue;
      }
      if (shape.dash && shape.contentColumn === column) {
        // The first line of this list item (going up), or the next item (going down).
        if (step === -1 && shape.key) keys.add(shape.key);
        return;
      }
      if (shape.indent < column) return;
      if (shape.indent === column && shape.key) keys.add(shape.key);
    }
  };
  if (!startsItem) scan(lineNo - 1, -1);
  scan(lineNo + 1, 1);
  return keys;
}
