import * as vscode from 'vscode';

export const DIFF_SCHEME = 'ies-apply';

/** Read-only documents for the dry-run diff: `ies-apply:/<id>/live.yaml` and `…/dry-run.yaml`, held in memory only. */
export class DryRunDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  async showDiff(id: string, live: string, dryRun: string, title: string): Promise<void> {
    const left = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${id}/live.yaml` });
    const right = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${id}/dry-run.yaml` });
    this.texts.set(left.path, live);
    this.texts.set(right.path, dryRun);
    this.changed.fire(left);
    this.changed.fire(right);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  }
}
