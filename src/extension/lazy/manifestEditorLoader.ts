import * as vscode from 'vscode';
import { isLintableManifest } from '../lint/manifestSelector.js';
import type * as ManifestEditorModule from '../manifestEditor.js';
import type { NimCacheFacts } from '../../core/lint/crossDocument/nimCacheFacts.js';

type Module = typeof ManifestEditorModule;
const YAML: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }];
/** What the completion provider reacts to; declared here because it must be known before the provider loads. */
const COMPLETION_TRIGGERS = [':', ' '];

/**
 * Stands in for the manifest editor until a manifest is open (or a YAML file becomes one as it is typed): its
 * providers answer nothing for other files and load the editor for manifests; Validate Workspace loads it too.
 */
export class ManifestEditorLoader implements vscode.Disposable {
  private editor: ManifestEditorModule.ManifestEditor | undefined;
  private readonly watching: vscode.Disposable[];
  private readonly providers: vscode.Disposable[];

  constructor(private readonly loadModule: () => Module, private readonly clusterNimCaches: () => NimCacheFacts[]) {
    const notice = (document: vscode.TextDocument) => {
      // The regex test reads the text: only YAML documents, and only until the editor is loaded.
      if (!this.editor && document.languageId === 'yaml' && isLintableManifest(document)) this.get();
    };
    this.watching = [
      vscode.workspace.onDidOpenTextDocument(notice),
      vscode.workspace.onDidChangeTextDocument((e) => notice(e.document)),
    ];
    // Manifests already open when VS Code starts are linted right after activation, not during it.
    setTimeout(() => { for (const document of vscode.workspace.textDocuments) notice(document); }, 0);
    const forManifests = <T>(document: vscode.TextDocument, use: (editor: ManifestEditorModule.ManifestEditor) => T): T | undefined => (isLintableManifest(document) ? use(this.get()) : undefined);
    this.providers = [
      vscode.languages.registerCodeActionsProvider(YAML, {
        provideCodeActions: (document, range, context) => forManifests(document, (e) => e.quickFixes.provideCodeActions(document, range, context)),
      }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.languages.registerHoverProvider(YAML, {
        provideHover: (document, position) => forManifests(document, (e) => e.hover.provideHover(document, position)),
      }),
      vscode.languages.registerCompletionItemProvider(YAML, {
        provideCompletionItems: (document, position) => forManifests(document, (e) => e.completion.provideCompletionItems(document, position)),
      }, ...COMPLETION_TRIGGERS),
    ];
  }

  get isLoaded(): boolean {
    return this.editor !== undefined;
  }

  get(): ManifestEditorModule.ManifestEditor {
    if (!this.editor) {
      this.editor = this.loadModule().createManifestEditor();
      this.editor.setClusterNimCaches(this.clusterNimCaches());
      for (const d of this.watching.splice(0)) d.dispose();
    }
    return this.editor;
  }

  /** Only a loaded editor lints; one loaded later gets them from `clusterNimCaches`. */
  setClusterNimCaches(facts: NimCacheFacts[]): void {
    this.editor?.setClusterNimCaches(facts);
  }

  /** Settings changed: only a loaded editor has anything to redo. */
  reconfigure(): void {
    this.editor?.reconfigure();
  }

  dispose(): void {
    for (const d of [...this.watching, ...this.providers]) d.dispose();
    this.editor?.diagnostics.dispose();
  }
}
