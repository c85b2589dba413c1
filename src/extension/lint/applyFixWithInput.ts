import * as vscode from 'vscode';
import type { QuickFix } from '../../core/lint/diagnostic.js';
import { fixWithInput, validateFixInput } from '../../core/lint/fixInput.js';
import { QUICK_FIX_APPLIED } from './commandIds.js';
import { toWorkspaceEdit } from './toVscode.js';

/**
 * A quick fix that needs a value only the user knows ("Pin the image tag…"): asks for it, fills it in with
 * the same core function the tests use, and applies the edits — unless the document changed meanwhile.
 */
export async function applyFixWithInput(uri: vscode.Uri, version: number, fix: QuickFix): Promise<void> {
  if (!fix.input) return;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document) return;
  const value = await vscode.window.showInputBox({
    title: fix.title.replace(/…$/, ''),
    prompt: fix.input.prompt,
    placeHolder: fix.input.example,
    validateInput: (text) => validateFixInput(fix, text),
  });
  if (value === undefined) return;
  if (document.version !== version) {
    void vscode.window.showWarningMessage('The file changed while the value was asked for: run the quick fix again.');
    return;
  }
  const resolved = fixWithInput(fix, value);
  if (!resolved?.edits?.length) return;
  if (await vscode.workspace.applyEdit(toWorkspaceEdit(document, resolved.edits))) await vscode.commands.executeCommand(QUICK_FIX_APPLIED);
}
