import * as vscode from 'vscode';

/**
 * A tree data provider that stands in for one loaded later: the view exists from activation (so VS Code never shows
 * "no data provider"), and the first time it asks for children the real provider is loaded and takes over.
 */
export class LazyTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private inner: vscode.TreeDataProvider<T> | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  private forwarding: vscode.Disposable | undefined;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => Promise<void>) {}

  attach(inner: vscode.TreeDataProvider<T>): void {
    this.inner = inner;
    this.forwarding = inner.onDidChangeTreeData?.((e) => this.changed.fire(e));
    this.changed.fire();
  }

  async getChildren(element?: T): Promise<T[]> {
    if (!this.inner) await this.load();
    return (await this.inner?.getChildren(element)) ?? [];
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.inner!.getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.inner?.getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
