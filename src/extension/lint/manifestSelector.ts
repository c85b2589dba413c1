import type * as vscode from 'vscode';
import { POD_WORKLOAD_KINDS } from '../../core/workload/podTemplates.js';

/**
 * Kinds some rule covers — the NIM Operator's and every workload kind whose serving container the rules find, the
 * same as `ies lint` — other YAML files (CI configs, Helm values…) are left alone, even when broken.
 */
export const LINTED_KIND = new RegExp(`^kind:[ \\t]*["']?(${['NIMService', 'NIMCache', 'NIMPipeline', ...POD_WORKLOAD_KINDS].join('|')})\\b`, 'm');

export function isLintableManifest(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'yaml') return false;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
  return LINTED_KIND.test(document.getText());
}
