import * as vscode from 'vscode';
import type { ForwardState } from '../../core/portforward/podForwarder.js';
import type { ForwardEntry, PortForwardRegistry } from './forwardRegistry.js';
import { forwardDescription, forwardTooltipMarkdown } from './forwardPresentation.js';

const ICONS: Record<ForwardState, vscode.ThemeIcon> = {
  connecting: new vscode.ThemeIcon('loading~spin'),
  forwarding: new vscode.ThemeIcon('plug', new vscode.ThemeColor('testing.iconPassed')),
  reconnecting: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  stopped: new vscode.ThemeIcon('debug-stop'),
};

/** The Port Forwards view: one row per forward of the registry (health checks', the playground's, the user's). */
export class PortForwardsTree implements vscode.TreeDataProvider<ForwardEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: PortForwardRegistry) {
    this.subscription = registry.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(element?: ForwardEntry): ForwardEntry[] {
    if (element) return [];
    return this.registry.list().sort((a, b) => a.endpoint.name.localeCompare(b.endpoint.name));
  }

  getTreeItem(entry: ForwardEntry): vscode.TreeItem {
    const status = entry.status();
    const item = new vscode.TreeItem(entry.endpoint.name, vscode.TreeItemCollapsibleState.None);
    item.id = entry.key;
    item.description = forwardDescription(status, entry.requestedPort);
    item.tooltip = new vscode.MarkdownString(forwardTooltipMarkdown(entry, status));
    item.iconPath = ICONS[status.state];
    item.contextValue = `ies.portForward.${status.state}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
