import * as vscode from 'vscode';
import type { LintDiagnostic, TextEdit } from '../../core/lint/diagnostic.js';
import type { LineIndex } from '../../core/text/lineIndex.js';

export const DIAGNOSTIC_SOURCE = 'Inference Endpoint Studio';

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toRange(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

export function toDiagnostic(document: vscode.TextDocument, finding: LintDiagnostic): vscode.Diagnostic {
  return makeDiagnostic(toRange(document, finding.start, finding.end), finding);
}

/** For files that are not open: positions from the file's own text. */
export function toDiagnosticAt(lines: LineIndex, finding: LintDiagnostic): vscode.Diagnostic {
  const start = lines.positionAt(finding.start);
  const end = lines.positionAt(finding.end);
  return makeDiagnostic(new vscode.Range(start.line, start.character, end.line, end.character), finding);
}

function makeDiagnostic(range: vscode.Range, finding: LintDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, finding.message, severities[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) workspaceEdit.replace(document.uri, toRange(document, edit.start, edit.end), edit.newText);
  return workspaceEdit;
}
