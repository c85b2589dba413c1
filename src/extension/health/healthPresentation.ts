import * as vscode from 'vscode';
import type { HealthReport } from '../../core/health/types.js';

export const ENDPOINT_URI_SCHEME = 'ies-endpoint';

/** The resourceUri a tree item sets so that the health decoration applies to it. */
export function endpointHealthUri(endpointKey: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ENDPOINT_URI_SCHEME, path: '/' + encodeURIComponent(endpointKey) });
}

export function endpointKeyOf(uri: vscode.Uri): string | undefined {
  return uri.scheme === ENDPOINT_URI_SCHEME ? decodeURIComponent(uri.path.slice(1)) : undefined;
}

export function healthIcon(report: HealthReport | undefined): string {
  if (!report) return '$(circle-outline)';
  return report.status === 'fail' ? '$(error)' : report.status === 'warn' ? '$(warning)' : '$(pass-filled)';
}

export function healthWord(report: HealthReport | undefined): string {
  if (!report) return 'not checked';
  return report.status === 'fail' ? 'unhealthy' : report.status === 'warn' ? 'healthy (warnings)' : 'healthy';
}

/** First failing (else warning) check, the one line that explains the state. */
export function headline(report: HealthReport): string | undefined {
  const worst = report.checks.find((c) => c.status === 'fail') ?? report.checks.find((c) => c.status === 'warn');
  return worst ? `${worst.name}: ${worst.detail}` : undefined;
}

export function healthTooltip(report: HealthReport | undefined, name: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${name}** — ${healthIcon(report)} ${healthWord(report)}\n\n`);
  if (!report) return md;
  for (const c of report.checks) {
    if (c.status === 'skip') continue;
    const icon = c.status === 'pass' ? '$(check)' : c.status === 'warn' ? '$(warning)' : '$(error)';
    md.appendMarkdown(`${icon} \`${c.name}\` `);
    md.appendText(`${c.detail} (${Math.round(c.ms)} ms)`);
    md.appendMarkdown('\n\n');
  }
  md.appendText(`checked ${new Date(report.at).toLocaleTimeString()}${report.via ? ` via ${report.via}` : ''}`);
  return md;
}

/** Badge and colour for tree items whose resourceUri is endpointHealthUri(key). */
export class HealthDecorationProvider implements vscode.FileDecorationProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;

  constructor(private readonly read: (key: string) => HealthReport | undefined) {}

  changed(key: string): void {
    this.emitter.fire(endpointHealthUri(key));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const key = endpointKeyOf(uri);
    const report = key ? this.read(key) : undefined;
    if (!report) return undefined;
    const color = report.status === 'fail' ? 'list.errorForeground' : report.status === 'warn' ? 'list.warningForeground' : undefined;
    return new vscode.FileDecoration(report.status === 'fail' ? '✗' : report.status === 'warn' ? '!' : '✓', `${healthWord(report)}${headline(report) ? ` — ${headline(report)}` : ''}`, color ? new vscode.ThemeColor(color) : undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
