import * as vscode from 'vscode';
import type { LintDiagnostic } from '../../core/lint/diagnostic.js';
import { Linter } from '../../core/lint/linter.js';
import { nimCachesDeclaredIn, type NimCacheFacts } from '../../core/lint/crossDocument/nimCacheFacts.js';
import type { LintOptions } from '../../core/lint/options.js';
import { isLintableManifest, LINTED_KIND } from './manifestSelector.js';
import { LineIndex } from '../../core/text/lineIndex.js';
import { toDiagnostic, toDiagnosticAt } from './toVscode.js';

const DEBOUNCE_MS = 150;

interface Linted {
  version: number;
  findings: LintDiagnostic[];
}

/**
 * Lints open manifests on open and on every change (debounced), re-linting only the changed document —
 * and inside it, through the Linter's cache, only the YAML documents whose text changed.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('inference-endpoint-studio');
  private readonly linters = new Map<string, Linter>();
  /** The NIMCaches of the other open manifests each linter was made with (a NIMService's cache in another file). */
  private readonly knownCaches = new Map<string, string>();
  private readonly results = new Map<string, Linted>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Files a workspace validation covered: their findings outlive closing the editor. */
  private readonly scanned = new Set<string>();
  /** The NIMCaches the workspace's files declared at the last validation (a NIMService's cache in another file). */
  private workspaceCaches: NimCacheFacts[] = [];
  private clusterCaches: NimCacheFacts[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were updated (tests and the status of other features use it). */
  readonly onDidLint = this.changed.event;

  constructor(private options: LintOptions, private enabled: boolean) {
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.schedule(d, 0);
        if (/kind:\s*NIMCache\b/.test(d.getText())) this.scheduleCacheUsers(d);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.schedule(e.document, DEBOUNCE_MS);
        if (/kind:\s*NIMCache\b/.test(e.document.getText())) this.scheduleCacheUsers(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** New settings: drop every cache and lint the open documents again. */
  reconfigure(options: LintOptions, enabled: boolean): void {
    this.options = options;
    this.enabled = enabled;
    this.linters.clear();
    this.knownCaches.clear();
    this.results.clear();
    this.collection.clear();
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** Findings (with their quick fixes) of the document's current version, linting now if needed. */
  findingsFor(document: vscode.TextDocument): LintDiagnostic[] {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (cached && cached.version === document.version) return cached.findings;
    if (!this.enabled || !isLintableManifest(document)) return [];
    return this.lintNow(document);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    if (!this.enabled || !isLintableManifest(document)) {
      if (this.results.has(key) || this.collection.has(document.uri)) this.forget(document.uri);
      return;
    }
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.lintNow(document);
    }, delay));
  }

  /** Another open manifest declares NIMCaches that changed: lint the open manifests that mount a NIMCache again. */
  private scheduleCacheUsers(changed: vscode.TextDocument): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document !== changed && /nimCache:/.test(document.getText())) this.schedule(document, DEBOUNCE_MS * 2);
    }
  }

  /** NIMCaches declared in the other open manifests. */
  private cachesOutside(document: vscode.TextDocument) {
    return vscode.workspace.textDocuments
      .filter((d) => d !== document && !d.isClosed && isLintableManifest(d) && /kind:\s*NIMCache\b/.test(d.getText()))
      .flatMap((d) => nimCachesDeclaredIn(d.getText()));
  }

  private lintNow(document: vscode.TextDocument): LintDiagnostic[] {
    const key = document.uri.toString();
    const known = /nimCache:/.test(document.getText()) ? [...this.cachesOutside(document), ...this.clusterCaches] : [];
    const knownKey = JSON.stringify(known);
    let linter = this.linters.get(key);
    if (!linter || this.knownCaches.get(key) !== knownKey) {
      linter = new Linter({ ...this.options, knownNimCaches: [...(this.options.knownNimCaches ?? []), ...known] });
      this.linters.set(key, linter);
      this.knownCaches.set(key, knownKey);
    }
    const findings = linter.lint(document.getText());
    this.results.set(key, { version: document.version, findings });
    this.collection.set(document.uri, findings.map((f) => toDiagnostic(document, f)));
    this.changed.fire(document.uri);
    return findings;
  }

  /** The current context's NIMCaches (after those of the files): open manifests that mount a NIMCache are linted again. */
  setClusterCaches(caches: NimCacheFacts[]): void {
    this.clusterCaches = caches;
    for (const document of vscode.workspace.textDocuments) {
      if (!document.isClosed && isLintableManifest(document) && /nimCache:/.test(document.getText())) this.schedule(document, DEBOUNCE_MS);
    }
  }

  /** What workspace validation found declared in all the files: the NIMCaches files on disk are linted against. */
  setWorkspaceCaches(caches: NimCacheFacts[]): void {
    this.workspaceCaches = caches;
  }

  /** Lints a file that is not open (workspace validation); its findings stay in Problems after it closes. */
  async lintFileOnDisk(uri: vscode.Uri, text?: string): Promise<number> {
    text ??= new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    this.scanned.add(uri.toString());
    if (!this.enabled || !LINTED_KIND.test(text)) {
      this.collection.delete(uri);
      return 0;
    }
    const findings = new Linter({ ...this.options, knownNimCaches: [...(this.options.knownNimCaches ?? []), ...this.workspaceCaches, ...this.clusterCaches] }).lint(text);
    const lines = new LineIndex(text);
    this.collection.set(uri, findings.map((f) => toDiagnosticAt(lines, f)));
    return findings.length;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.linters.delete(key);
    this.knownCaches.delete(key);
    this.results.delete(key);
    if (this.scanned.has(key) && uri.scheme === 'file') void this.lintFileOnDisk(uri).catch(() => this.collection.delete(uri));
    else this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
