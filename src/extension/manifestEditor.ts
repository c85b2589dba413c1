// The manifest editor: lint while editing, quick fixes, hover and completion from the CRD, Validate Workspace.
// Bundled on its own (dist/manifestEditor.js) and loaded by src/extension/lazy/manifestEditorLoader.ts once a
// manifest is open, so that VS Code starting up with no manifest in sight pays nothing for the schema and the rules.
import { SchemaCompletionProvider } from './editing/schemaCompletionProvider.js';
import { SchemaHoverProvider } from './editing/schemaHoverProvider.js';
import { applyFixWithInput } from './lint/applyFixWithInput.js';
import { DiagnosticsController } from './lint/diagnosticsController.js';
import { QuickFixProvider } from './lint/quickFixProvider.js';
import { validateWorkspace } from './lint/validateWorkspace.js';
import { settings } from './settings.js';
import type { NimCacheFacts } from '../core/lint/crossDocument/nimCacheFacts.js';

export interface ManifestEditor {
  diagnostics: DiagnosticsController;
  quickFixes: QuickFixProvider;
  hover: SchemaHoverProvider;
  completion: SchemaCompletionProvider;
  validateWorkspace(): Promise<void>;
  /** A quick fix that asks for a value first (the image tag to pin). */
  applyFixWithInput: typeof applyFixWithInput;
  /** Settings changed: lint again with the new options. */
  reconfigure(): void;
  /** The NIMCaches of the cluster the explorer shows (current context): NIMServices are checked against them too. */
  setClusterNimCaches(facts: NimCacheFacts[]): void;
}

export function createManifestEditor(): ManifestEditor {
  const lint = settings.lint();
  const diagnostics = new DiagnosticsController(lint.options, lint.enabled);
  return {
    diagnostics,
    quickFixes: new QuickFixProvider(diagnostics),
    hover: new SchemaHoverProvider(),
    completion: new SchemaCompletionProvider(),
    validateWorkspace: () => validateWorkspace(diagnostics),
    applyFixWithInput,
    reconfigure: () => {
      const now = settings.lint();
      diagnostics.reconfigure(now.options, now.enabled);
    },
    setClusterNimCaches: (facts) => diagnostics.setClusterCaches(facts),
  };
}
