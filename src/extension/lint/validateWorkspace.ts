import * as vscode from 'vscode';
import { nimCachesDeclaredIn } from '../../core/lint/crossDocument/nimCacheFacts.js';
import type { DiagnosticsController } from './diagnosticsController.js';

export { VALIDATE_WORKSPACE } from './commandIds.js';

/**
 * Lints every YAML manifest in the workspace into the Problems panel, with progress and cancellation. Every file is
 * read first, so a NIMService is checked against the NIMCache it mounts wherever in the workspace that is declared.
 */
export async function validateWorkspace(controller: DiagnosticsController): Promise<void> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,**/.git/**,**/dist/**,**/.vscode-test/**}');
  let problems = 0;
  let failed = 0;
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Validating NIMService manifests', cancellable: true },
    async (progress, token) => {
      const texts = new Map<string, string>();
      const openDocuments = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
      for (const [i, uri] of files.entries()) {
        if (token.isCancellationRequested) return true;
        progress.report({ message: `reading ${i + 1}/${files.length}` });
        const open = openDocuments.get(uri.toString());
        try {
          texts.set(uri.toString(), open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        } catch {
          failed++;
        }
      }
      controller.setWorkspaceCaches([...texts.values()].flatMap(nimCachesDeclaredIn));
      for (const [i, uri] of files.entries()) {
        if (token.isCancellationRequested) return true;
        const text = texts.get(uri.toString());
        if (text === undefined) continue;
        progress.report({ message: `${i + 1}/${files.length} ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / Math.max(1, files.length) });
        const open = openDocuments.get(uri.toString());
        try {
          problems += open ? controller.findingsFor(open).length : await controller.lintFileOnDisk(uri, text);
        } catch {
          failed++;
        }
      }
      return false;
    },
  );
  const summary = `${cancelled ? 'Validation cancelled: ' : ''}${files.length} YAML file${files.length === 1 ? '' : 's'} checked, ${problems} problem${problems === 1 ? '' : 's'} found${failed ? `, ${failed} unreadable` : ''}.`;
  const choice = await vscode.window.showInformationMessage(summary, ...(problems ? ['Show Problems'] : []));
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}
