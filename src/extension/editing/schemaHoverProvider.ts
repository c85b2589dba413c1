import * as vscode from 'vscode';
import { parseManifestFile } from '../../core/manifest/parseManifest.js';
import { describeAt } from '../../core/schema/lookup.js';
import { settings } from '../settings.js';
import { isLintableManifest } from '../lint/manifestSelector.js';
import { toRange } from '../lint/toVscode.js';

/** Hover on a NIMService / NIMCache field: its type, constraints and description from the operator's CRD. */
export class SchemaHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isLintableManifest(document)) return undefined;
    const offset = document.offsetAt(position);
    const manifest = parseManifestFile(document.getText()).documents.find((d) => offset >= d.base && offset <= d.end);
    if (!manifest) return undefined;
    const description = describeAt(manifest, offset, settings.lint().options.operatorVersion);
    if (!description) return undefined;
    const markdown = new vscode.MarkdownString(description.markdown);
    return new vscode.Hover(markdown, description.range ? toRange(document, description.range.start, description.range.end) : undefined);
  }
}
