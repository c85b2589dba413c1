import * as vscode from 'vscode';

const NIMSERVICE = /^kind:\s*NIMService\s*$/m;

/**
 * The manifest to launch when the command came from a cluster in the tree: the active editor when it holds a
 * NIMService, else one picked from the workspace's YAML files that declare one.
 */
export async function pickNimServiceManifest(context: string): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && NIMSERVICE.test(active.getText())) return active.uri;
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', 500);
  const manifests: vscode.Uri[] = [];
  for (const uri of files) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (NIMSERVICE.test(text)) manifests.push(uri);
  }
  if (!manifests.length) {
    void vscode.window.showErrorMessage('No NIMService manifest in the workspace: open one (or create one with "New NIMService from Template…") and launch it here again.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    manifests.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: `Launch which NIMService into ${context}?`, placeHolder: 'A manifest from the workspace' },
  );
  return picked?.uri;
}
