import type { TextEdit } from '../lint/diagnostic.js';

/**
 * Inserts at the same offset merged into one edit, in list order. Editors disagree on the order of two
 * inserts at one position (VS Code keeps list order, applyTextEdits reverses it); one edit means one result.
 */
export function combineEdits(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find((e) => e.start === e.end && edit.start === edit.end && e.start === edit.start);
    if (same) same.newText += edit.newText;
    else out.push({ ...edit });
  }
  return out;
}
