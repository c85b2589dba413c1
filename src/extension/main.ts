import * as vscode from 'vscode';
import { DiagnosticsController } from './lint/diagnosticsController.js';
import { QUICK_FIX_APPLIED, QuickFixProvider } from './lint/quickFixProvider.js';
import { OPEN_EXAMPLE_MANIFEST, openExampleManifest } from './walkthrough/exampleManifest.js';
import { CREATE_FILE_FROM_FIX, createFileFromFix } from './lint/createFileFromFix.js';
import { VALIDATE_WORKSPACE, validateWorkspace } from './lint/validateWorkspace.js';
import { SchemaHoverProvider } from './editing/schemaHoverProvider.js';
import { SchemaCompletionProvider } from './editing/schemaCompletionProvider.js';
import { NEW_FROM_TEMPLATE, newFromTemplate } from './scaffold/newFromTemplate.js';
import { ClusterFeatureLoader } from './lazy/clusterFeatureLoader.js';
import { lintEnabled, readLintOptions, SECTION } from './settings.js';
import type * as ClusterFeaturesModule from './clusterFeatures.js';

const YAML: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }];

/** The commands this bundle registers itself; every other contributed command belongs to the cluster features. */
const EAGER_COMMANDS = new Set([CREATE_FILE_FROM_FIX, VALIDATE_WORKSPACE, NEW_FROM_TEMPLATE, OPEN_EXAMPLE_MANIFEST]);

export function activate(context: vscode.ExtensionContext): { clusterFeaturesLoaded(): boolean } {
  const diagnostics = new DiagnosticsController(readLintOptions(), lintEnabled());
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(YAML, new QuickFixProvider(diagnostics), QuickFixProvider.metadata),
    vscode.languages.registerHoverProvider(YAML, new SchemaHoverProvider()),
    vscode.languages.registerCompletionItemProvider(YAML, new SchemaCompletionProvider(), ...SchemaCompletionProvider.triggerCharacters),
    vscode.commands.registerCommand(CREATE_FILE_FROM_FIX, createFileFromFix),
    vscode.commands.registerCommand(VALIDATE_WORKSPACE, () => validateWorkspace(diagnostics)),
    vscode.commands.registerCommand(NEW_FROM_TEMPLATE, () => newFromTemplate(context.asAbsolutePath('templates'))),
    vscode.commands.registerCommand(OPEN_EXAMPLE_MANIFEST, openExampleManifest),
    vscode.commands.registerCommand(QUICK_FIX_APPLIED, () => undefined),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) diagnostics.reconfigure(readLintOptions(), lintEnabled());
    }),
  );
  const contributed = (context.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>;
  const cluster = new ClusterFeatureLoader(
    context,
    contributed.map((c) => c.command).filter((id) => !EAGER_COMMANDS.has(id)),
    // A separate bundle beside this one (scripts/build.mjs), required only when first needed.
    () => require(context.asAbsolutePath('dist/clusterFeatures.js')) as typeof ClusterFeaturesModule,
  );
  // A pinned endpoint shows its health in the status bar from the start: that is a use.
  if (vscode.workspace.getConfiguration(SECTION).get<string>('health.pinnedEndpoint')) setTimeout(() => cluster.load(), 0);
  return { clusterFeaturesLoaded: () => cluster.isLoaded };
}

export function deactivate(): void {}
