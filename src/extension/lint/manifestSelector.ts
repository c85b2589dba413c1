import type * as vscode from 'vscode';

/** Kinds some rule covers; other YAML files (CI configs, Helm values…) are left alone, even when broken. */
export const LINTED_KIND = /^kind:[ \t]*["']?(NIMService|NIMCache|NIMPipeline|Deployment|StatefulSet)\b/m;

export function isLintableManifest(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'yaml') return false;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
  return LINTED_KIND.test(document.getText());
}
