// Activation: only stand-ins. Each part of the extension is a bundle of its own (scripts/build.mjs), required the
// first time it is used — the manifest editor when a manifest is open, the template commands when one runs, the
// cluster features (explorer, health, playground, launch, logs) when their view shows or a command runs.
import * as vscode from 'vscode';
import type * as ClusterFeaturesModule from './clusterFeatures.js';
import { ClusterFeatureLoader } from './lazy/clusterFeatureLoader.js';
import { ManifestEditorLoader } from './lazy/manifestEditorLoader.js';
import { CREATE_FILE_FROM_FIX, createFileFromFix } from './lint/createFileFromFix.js';
import { APPLY_FIX_WITH_INPUT, QUICK_FIX_APPLIED, VALIDATE_WORKSPACE } from './lint/commandIds.js';
import type * as ManifestEditorModule from './manifestEditor.js';
import type { NimCacheFacts } from '../core/lint/crossDocument/nimCacheFacts.js';
import { NEW_FROM_TEMPLATE, OPEN_EXAMPLE_MANIFEST } from './scaffold/commandIds.js';
import type * as ScaffoldCommandsModule from './scaffoldCommands.js';
import { SECTION, settings } from './settings.js';

/** The commands this bundle registers itself; every other contributed command belongs to the cluster features. */
const EAGER_COMMANDS = new Set([CREATE_FILE_FROM_FIX, VALIDATE_WORKSPACE, NEW_FROM_TEMPLATE, OPEN_EXAMPLE_MANIFEST]);

export interface ExtensionApi {
  /** Which parts have been loaded so far (the end-to-end suite checks that activation loads none). */
  loaded(): { manifestEditor: boolean; clusterFeatures: boolean; templates: boolean };
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const bundle = <T>(name: string) => {
    let module: T | undefined;
    return { get: () => (module ??= require(context.asAbsolutePath(`dist/${name}.js`)) as T), get loaded() { return module !== undefined; } };
  };
  const scaffold = bundle<typeof ScaffoldCommandsModule>('scaffoldCommands');
  const editorBundle = bundle<typeof ManifestEditorModule>('manifestEditor');
  // The cluster features publish the current context's NIMCaches; the manifest editor lints against them.
  let clusterNimCaches: NimCacheFacts[] = [];
  const editor = new ManifestEditorLoader(() => editorBundle.get(), () => clusterNimCaches);
  context.subscriptions.push(
    editor,
    vscode.commands.registerCommand(CREATE_FILE_FROM_FIX, createFileFromFix),
    vscode.commands.registerCommand(VALIDATE_WORKSPACE, () => editor.get().validateWorkspace()),
    vscode.commands.registerCommand(NEW_FROM_TEMPLATE, () => scaffold.get().newFromTemplate(context.asAbsolutePath('templates'))),
    vscode.commands.registerCommand(OPEN_EXAMPLE_MANIFEST, () => scaffold.get().openExampleManifest()),
    vscode.commands.registerCommand(QUICK_FIX_APPLIED, () => undefined),
    vscode.commands.registerCommand(APPLY_FIX_WITH_INPUT, (...args: Parameters<ManifestEditorModule.ManifestEditor['applyFixWithInput']>) => editor.get().applyFixWithInput(...args)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) editor.reconfigure();
    }),
  );
  const contributed = (context.extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>;
  const clusterBundle = bundle<typeof ClusterFeaturesModule>('clusterFeatures');
  const cluster = new ClusterFeatureLoader(context, contributed.map((c) => c.command).filter((id) => !EAGER_COMMANDS.has(id)), () => clusterBundle.get(), {
    clusterNimCaches: (facts) => {
      clusterNimCaches = facts;
      editor.setClusterNimCaches(facts);
    },
  });
  // A pinned endpoint shows its health in the status bar from the start: that is a use.
  if (settings.health().pinned) setTimeout(() => cluster.load(), 0);
  return { loaded: () => ({ manifestEditor: editor.isLoaded, clusterFeatures: cluster.isLoaded, templates: scaffold.loaded }) };
}

export function deactivate(): void {}
