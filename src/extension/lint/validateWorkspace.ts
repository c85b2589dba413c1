import * as vscode from 'vscode';
import type { DiagnosticsController } from './diagnosticsController.js';

export { VALIDATE_WORKSPACE } from './commandIds.js';

/** Lints every YAML manifest in the workspace into the Problems panel, with progress and cancellation. */
export async function validateWorkspace(controller: DiagnosticsController): Promise<void> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,**/.git/**,**/dist/**,**/.vscode-test/**}');
  let problems = 0;
  let failed = 0;
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Validating NIMService manifests', cancellable: true },
    async (progress, token) => {
      for (const [i, uri] of files.entries()) {
        if (token.isCancellationRequested) return true;
        progress.report({ message: `${i + 1}/${files.length} ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / Math.max(1, files.length) });
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        try {
          problems += open ? controller.findingsFor(open).length : await controller.lintFileOnDisk(uri);
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
