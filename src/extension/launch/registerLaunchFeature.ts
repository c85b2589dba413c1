import * as vscode from 'vscode';
import { DIAGNOSE, diagnoseCommand, EVIDENCE_SCHEME, EvidenceDocuments } from '../doctor/diagnoseCommand.js';
import { LogStreams, STOP_LOGS } from '../logs/logStreams.js';
import { FOLLOW_LOGS, followLogsCommand, STREAM_LOGS, streamLogsCommand } from '../logs/streamLogsCommand.js';
import { COPY_DOCKER_RUN, copyDockerRunCommand, DELETE, deleteCommand, RESTART, restartCommand, SCALE, scaleCommand } from '../operate/operateCommands.js';
import { DIFF_SCHEME, DryRunDocuments } from './dryRunDiff.js';
import { isExplorerNode } from '../explorer/explorerNodes.js';
import { LAUNCH, launchManifest } from './launchCommand.js';
import { pickNimServiceManifest } from './pickManifest.js';

/** Launch, logs, doctor and operate commands (palette, editor title, explorer context menu). */
export function registerLaunchFeature(context: vscode.ExtensionContext): void {
  const diff = new DryRunDocuments();
  const evidence = new EvidenceDocuments();
  const output = vscode.window.createOutputChannel('Inference Endpoint Studio: Launch', { log: true });
  const logStreams = new LogStreams();
  context.subscriptions.push(
    output,
    logStreams,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diff),
    vscode.workspace.registerTextDocumentContentProvider(EVIDENCE_SCHEME, evidence),
    vscode.commands.registerCommand(LAUNCH, async (target?: unknown, context?: unknown) => {
      // From a cluster in the tree: that cluster, and a manifest to pick; from an editor or the palette: that file.
      if (isExplorerNode(target) && target.type === 'cluster') {
        const uri = await pickNimServiceManifest(target.context);
        return uri && launchManifest(uri, diff, output, target.context);
      }
      return launchManifest(target instanceof vscode.Uri ? target : undefined, diff, output, typeof context === 'string' ? context : undefined);
    }),
    vscode.commands.registerCommand(STREAM_LOGS, (node?: unknown) => streamLogsCommand(node, logStreams)),
    vscode.commands.registerCommand(FOLLOW_LOGS, (node?: unknown) => followLogsCommand(node, logStreams)),
    vscode.commands.registerCommand(STOP_LOGS, (key?: unknown) => logStreams.stopCommand(key)),
    vscode.commands.registerCommand(DIAGNOSE, (node?: unknown, manifest?: vscode.Uri) => diagnoseCommand(node, manifest, evidence, output)),
    vscode.commands.registerCommand(SCALE, (node?: unknown) => scaleCommand(node)),
    vscode.commands.registerCommand(RESTART, (node?: unknown) => restartCommand(node)),
    vscode.commands.registerCommand(DELETE, (node?: unknown) => deleteCommand(node)),
    vscode.commands.registerCommand(COPY_DOCKER_RUN, (uri?: vscode.Uri) => copyDockerRunCommand(uri instanceof vscode.Uri ? uri : undefined)),
  );
}
