import type { LintDiagnostic, Severity } from '../lint/diagnostic.js';
import { LineIndex } from '../text/lineIndex.js';

/** A diagnostic with 1-based line/column positions, as the CLI prints and CI tools read them. */
export interface PositionedDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function toPositioned(text: string, diagnostics: readonly LintDiagnostic[], index = new LineIndex(text)): PositionedDiagnostic[] {
  return diagnostics.map((d) => {
    const start = index.positionAt(d.start);
    const end = index.positionAt(d.end);
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  }).sort((a, b) => a.line - b.line || a.column - b.column);
}
