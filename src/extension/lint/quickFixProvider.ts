import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnosticsController.js';
import { toRange, toWorkspaceEdit } from './toVscode.js';
import { CREATE_FILE_FROM_FIX } from './createFileFromFix.js';
import { APPLY_FIX_WITH_INPUT, QUICK_FIX_APPLIED } from './commandIds.js';

/** Turns each finding's quick fixes into code actions: minimal text edits, or a new file for conversions. */
export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const finding of this.diagnostics.findingsFor(document)) {
      if (!finding.fixes?.length) continue;
      const findingRange = toRange(document, finding.start, finding.end);
      if (!findingRange.intersection(range) && !findingRange.contains(range)) continue;
      const related = context.diagnostics.filter((d) => d.code === finding.code && d.range.isEqual(findingRange));
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = related;
        action.isPreferred = fix.isPreferred;
        if (fix.input) {
          // The edits hold a placeholder until the user answers (e.g. which release to pin).
          action.command = { title: fix.title, command: APPLY_FIX_WITH_INPUT, arguments: [document.uri, document.version, fix] };
          actions.push(action);
          continue;
        }
        if (fix.edits?.length) action.edit = toWorkspaceEdit(document, fix.edits);
        if (fix.newFile) {
          action.command = { title: fix.title, command: CREATE_FILE_FROM_FIX, arguments: [document.uri, fix.newFile.suggestedName, fix.newFile.content] };
        } else {
          action.command = { title: fix.title, command: QUICK_FIX_APPLIED };
        }
        actions.push(action);
      }
    }
    return actions;
  }
}
