import * as vscode from 'vscode';
import type * as ClusterFeaturesModule from '../clusterFeatures.js';
import type { ExplorerNode } from '../explorer/explorerNodes.js';
import { EXPLORER_VIEW, PLAYGROUND_VIEW_TYPE, PORT_FORWARDS_VIEW } from '../explorer/viewIds.js';
import type { ForwardEntry } from '../portForwards/forwardRegistry.js';
import { LazyTreeProvider } from './lazyTreeProvider.js';

type Module = typeof ClusterFeaturesModule;

/**
 * Stands in for the cluster features until one is used: every command they contribute is a proxy that loads them
 * and runs the real command, the explorer view loads them when it first asks for children, and a playground panel
 * restored after a reload loads them to re-attach. Until then the extension host holds only the manifest editor.
 */
export class ClusterFeatureLoader {
  private loaded: ClusterFeaturesModule.ClusterFeatures | undefined;
  private readonly proxies: vscode.Disposable[] = [];
  private readonly tree: LazyTreeProvider<ExplorerNode>;
  private readonly view: vscode.TreeView<ExplorerNode>;
  private readonly forwardsTree: LazyTreeProvider<ForwardEntry>;
  private readonly forwardsView: vscode.TreeView<ForwardEntry>;

  constructor(private readonly context: vscode.ExtensionContext, commandIds: readonly string[], private readonly loadModule: () => Module, private readonly hooks: ClusterFeaturesModule.ClusterFeatureHooks) {
    this.tree = new LazyTreeProvider(async () => void this.load());
    this.view = vscode.window.createTreeView(EXPLORER_VIEW, { treeDataProvider: this.tree, showCollapseAll: true });
    this.forwardsTree = new LazyTreeProvider(async () => void this.load());
    this.forwardsView = vscode.window.createTreeView(PORT_FORWARDS_VIEW, { treeDataProvider: this.forwardsTree });
    for (const id of commandIds) {
      this.proxies.push(vscode.commands.registerCommand(id, (...args: unknown[]) => {
        this.load();
        return vscode.commands.executeCommand(id, ...args);
      }));
    }
    context.subscriptions.push(
      this.view,
      this.tree,
      this.forwardsView,
      this.forwardsTree,
      { dispose: () => { for (const proxy of this.proxies.splice(0)) proxy.dispose(); } },
      vscode.window.registerWebviewPanelSerializer(PLAYGROUND_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.load().playground.restore(panel),
      }),
    );
  }

  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  load(): ClusterFeaturesModule.ClusterFeatures {
    if (this.loaded) return this.loaded;
    // The real commands take the proxies' ids, so the proxies go first; both happen in this one synchronous call.
    for (const proxy of this.proxies.splice(0)) proxy.dispose();
    try {
      this.loaded = this.loadModule().registerClusterFeatures(
        this.context,
        { view: this.view, attach: (tree) => this.tree.attach(tree) },
        { view: this.forwardsView, attach: (tree) => this.forwardsTree.attach(tree) },
        this.hooks,
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Inference Endpoint Studio could not load its cluster features: ${(error as Error).message}`);
      throw error;
    }
    return this.loaded;
  }
}
