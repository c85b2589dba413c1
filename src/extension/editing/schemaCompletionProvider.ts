import * as vscode from 'vscode';
import { completeAt } from '../../core/schema/completion.js';
import { settings } from '../settings.js';
import { toRange } from '../lint/toVscode.js';

/** Field names from the CRD valid at the cursor, and enum values after `key: `. */
export class SchemaCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = [':', ' '];

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    if (document.languageId !== 'yaml') return [];
    const text = document.getText();
    if (!/^kind:[ \t]*["']?(NIMService|NIMCache)\b/m.test(text)) return [];
    const lineIndent = /^\s*/.exec(document.lineAt(position.line).text)?.[0] ?? '';
    return completeAt(text, document.offsetAt(position), { operatorVersion: settings.lint().options.operatorVersion }).map((item) => {
      const completion = new vscode.CompletionItem(item.label, item.kind === 'field' ? vscode.CompletionItemKind.Field : vscode.CompletionItemKind.EnumMember);
      completion.detail = item.detail;
      completion.documentation = new vscode.MarkdownString(item.documentation);
      completion.insertText = relativeToLine(item.insertText, lineIndent);
      completion.range = toRange(document, item.range.start, item.range.end);
      return completion;
    });
  }
}

/** The core writes absolute indentation; VS Code adds the current line's indentation to every inserted line. */
function relativeToLine(insertText: string, lineIndent: string): string {
  return insertText.split('\n').map((line, i) => (i > 0 && line.startsWith(lineIndent) ? line.slice(lineIndent.length) : line)).join('\n');
}
