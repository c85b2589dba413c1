import * as vscode from 'vscode';
import { DiagnosticsController } from './lint/diagnosticsController.js';
import { QuickFixProvider } from './lint/quickFixProvider.js';
import { CREATE_FILE_FROM_FIX, createFileFromFix } from './lint/createFileFromFix.js';
import { VALIDATE_WORKSPACE, validateWorkspace } from './lint/validateWorkspace.js';
import { SchemaHoverProvider } from './editing/schemaHoverProvider.js';
import { SchemaCompletionProvider } from './editing/schemaCompletionProvider.js';
import { NEW_FROM_TEMPLATE, newFromTemplate } from './scaffold/newFromTemplate.js';
import { registerHealthFeature } from './health/registerHealthFeature.js';
import { registerPlayground } from './playground/registerPlayground.js';
import { registerExplorer } from './explorer/registerExplorer.js';
import { connectExplorerAndHealth } from './explorerHealth.js';
import { registerLaunchFeature } from './launch/registerLaunchFeature.js';
import { lintEnabled, readLintOptions, SECTION } from './settings.js';

const YAML: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }];

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = new DiagnosticsController(readLintOptions(), lintEnabled());
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(YAML, new QuickFixProvider(diagnostics), QuickFixProvider.metadata),
    vscode.languages.registerHoverProvider(YAML, new SchemaHoverProvider()),
    vscode.languages.registerCompletionItemProvider(YAML, new SchemaCompletionProvider(), ...SchemaCompletionProvider.triggerCharacters),
    vscode.commands.registerCommand(CREATE_FILE_FROM_FIX, createFileFromFix),
    vscode.commands.registerCommand(VALIDATE_WORKSPACE, () => validateWorkspace(diagnostics)),
    vscode.commands.registerCommand(NEW_FROM_TEMPLATE, () => newFromTemplate(context.asAbsolutePath('templates'))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) diagnostics.reconfigure(readLintOptions(), lintEnabled());
    }),
  );
  const health = registerHealthFeature(context);
  registerPlayground(context, { registry: health.registry, reach: health.reach });
  const explorer = registerExplorer(context);
  context.subscriptions.push(connectExplorerAndHealth(explorer, health));
  registerLaunchFeature(context);
}

export function deactivate(): void {}
