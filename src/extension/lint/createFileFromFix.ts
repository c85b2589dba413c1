import * as vscode from 'vscode';
import { uriExists } from '../files.js';
import { Utils } from './uriUtils.js';

export const CREATE_FILE_FROM_FIX = 'inferenceEndpointStudio.createFileFromFix';

/**
 * Opens a quick fix's new file (e.g. "Convert to NIMService") as an unsaved editor next to the source,
 * under a name no existing file has: the user reviews it and saves; nothing on disk is overwritten.
 */
export async function createFileFromFix(source: vscode.Uri, suggestedName: string, content: string): Promise<void> {
  const directory = source.scheme === 'file' ? Utils.dirname(source) : vscode.workspace.workspaceFolders?.[0]?.uri;
  let target: vscode.Uri;
  if (directory) {
    target = await freeName(directory, suggestedName);
    target = target.with({ scheme: 'untitled' });
  } else {
    target = vscode.Uri.parse(`untitled:${suggestedName}`);
  }
  const document = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  await editor.edit((builder) => builder.replace(new vscode.Range(0, 0, document.lineCount, 0), content));
  await vscode.languages.setTextDocumentLanguage(document, 'yaml');
}

async function freeName(directory: vscode.Uri, name: string): Promise<vscode.Uri> {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(directory, n === 1 ? name : `${stem}-${n}${extension}`);
    if (!(await uriExists(candidate))) return candidate;
  }
}
