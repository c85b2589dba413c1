import * as vscode from 'vscode';

export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** True when `target` is free, or its owner agreed (modal) to replace it: no file is overwritten without asking. */
export async function mayWrite(target: vscode.Uri): Promise<boolean> {
  if (!(await uriExists(target))) return true;
  const answer = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} already exists. Replace it?`, { modal: true }, 'Replace');
  return answer === 'Replace';
}
