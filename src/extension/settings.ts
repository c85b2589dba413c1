import * as vscode from 'vscode';
import { parseOperatorVersion, type LintOptions, type PinnedModel } from '../core/lint/options.js';

export const SECTION = 'inferenceEndpointStudio';

export function readLintOptions(): LintOptions {
  const config = vscode.workspace.getConfiguration(SECTION);
  const pinned = config.get<PinnedModel[] | null>('lint.pinnedModels', null);
  return {
    operatorVersion: parseOperatorVersion(config.get<string>('operatorVersion', 'latest')),
    pinnedModels: Array.isArray(pinned) && pinned.length > 0 ? pinned : undefined,
    disabledRules: config.get<string[]>('lint.disabledRules', []),
  };
}

export function lintEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('lint.enable', true);
}
