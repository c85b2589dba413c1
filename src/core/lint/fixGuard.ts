import { parseAllDocuments } from 'yaml';
import { applyTextEdits } from '../yaml/textEdits.js';
import type { LintDiagnostic, QuickFix } from './diagnostic.js';

/**
 * Drops quick fixes that would leave the document's YAML worse than it is: structural fixes (moving a field,
 * adding a block) compute their text from a parse that a half-written document only approximates — tabs,
 * odd indentation, junk — so their result is checked by parsing it once more. `chunk` is the YAML document's
 * text at file offset `start`; fixes with edits outside it are kept as they are.
 */
export function withoutHarmfulFixes(diagnostics: LintDiagnostic[], chunk: { start: number; text: string }): LintDiagnostic[] {
  if (!diagnostics.some((d) => d.fixes?.some((f) => f.edits?.length))) return diagnostics;
  let baseline: number | undefined;
  const errorsBefore = () => (baseline ??= yamlErrors(chunk.text));
  const harmless = (fix: QuickFix) => {
    if (!fix.edits?.length) return true;
    const end = chunk.start + chunk.text.length;
    if (fix.edits.some((e) => e.start < chunk.start || e.end > end)) return true;
    try {
      const edited = applyTextEdits(chunk.text, fix.edits.map((e) => ({ ...e, start: e.start - chunk.start, end: e.end - chunk.start })));
      // A fix that eats the document's last newline glues the next document's `---` onto its last line, which the
      // document alone would not show.
      if (chunk.text.endsWith('\n') && !edited.endsWith('\n')) return false;
      return yamlErrors(edited) <= errorsBefore();
    } catch {
      return false;
    }
  };
  return diagnostics.map((d) => {
    if (!d.fixes?.length) return d;
    const fixes = d.fixes.filter(harmless);
    return fixes.length === d.fixes.length ? d : { ...d, fixes: fixes.length ? fixes : undefined };
  });
}

function yamlErrors(text: string): number {
  try {
    return parseAllDocuments(text, { uniqueKeys: false }).reduce((sum, doc) => sum + doc.errors.length, 0);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
