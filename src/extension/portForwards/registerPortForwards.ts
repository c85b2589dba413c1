import * as vscode from 'vscode';
import type { EndpointRegistry } from '../../core/endpoints/registry.js';
import { clusterEndpointKey } from '../../core/endpoints/registeredEndpoint.js';
import { curlSnippet, openAiBaseUrlExport, pythonSnippet } from '../../core/portforward/snippets.js';
import { targetOfNode, type ExplorerNode } from '../explorer/explorerNodes.js';
import { PORT_FORWARDS_VIEW } from '../explorer/viewIds.js';
import { PORT_FORWARD_COMMANDS as CMD } from './commandIds.js';
import { askLocalPort, forwardOnPort, resolvePortInUse } from './forwardOnPort.js';
import { statusBarText } from './forwardPresentation.js';
import { PortForwardRegistry, type ClusterEndpoint, type ForwardEntry } from './forwardRegistry.js';
import { openClusterForward } from './openForward.js';
import { PortForwardsTree } from './portForwardsTree.js';
import { RememberedPorts } from './rememberedPorts.js';

/** The view the activation stand-in created; the real tree attaches to it. */
export interface PortForwardsViewSlot {
  view: vscode.TreeView<ForwardEntry>;
  attach(tree: PortForwardsTree): void;
}

export interface PortForwardsDeps {
  /** The health feature's endpoints (made after this registry): "Forward on Port…" looks endpoints up there. */
  endpoints(): EndpointRegistry | undefined;
}

/** The Port Forwards view, its status-bar count and commands, and the registry health checks and the playground share. */
export function registerPortForwards(context: vscode.ExtensionContext, slot: PortForwardsViewSlot, deps: PortForwardsDeps): PortForwardRegistry {
  const output = vscode.window.createOutputChannel('Inference Port Forwards');
  const ports = new RememberedPorts(context.workspaceState);
  const registry: PortForwardRegistry = new PortForwardRegistry({
    open: openClusterForward,
    rememberedPort: (key) => ports.get(key),
    log: (line) => output.appendLine(`${new Date().toISOString()} ${line}`),
    onPortInUse: (entry, error) => {
      void resolvePortInUse(entry.endpoint, error).then((next) => {
        if (next === 'cancel') return;
        return forwardOnPort(registry, ports, entry.endpoint, next);
      });
    },
  });
  const tree = new PortForwardsTree(registry);
  slot.attach(tree);
  const statusBar = vscode.window.createStatusBarItem('inferenceEndpointStudio.portForwards', vscode.StatusBarAlignment.Left, 49);
  statusBar.name = 'Port Forwards';
  statusBar.command = `${PORT_FORWARDS_VIEW}.focus`;
  const renderStatusBar = () => {
    const entries = registry.list();
    if (!entries.length) return statusBar.hide();
    statusBar.text = statusBarText(entries.length);
    statusBar.accessibilityInformation = { label: `Port forwards: ${entries.length}`, role: 'button' };
    statusBar.tooltip = entries.map((e) => `${e.endpoint.name} → ${e.status().localUrl ?? e.status().state}`).join('\n');
    statusBar.show();
  };
  // Bytes move without events: every 2 s while the view shows, re-render only when a row would read differently.
  let shown = '';
  const ticker = setInterval(() => {
    if (!slot.view.visible) return;
    const now = JSON.stringify(registry.list().map((e) => e.status()));
    if (now !== shown) tree.refresh();
    shown = now;
  }, 2000);

  const entryFrom = async (arg: unknown, placeHolder: string): Promise<ForwardEntry | undefined> => {
    if (typeof arg === 'string') return registry.get(arg);
    if (arg && typeof (arg as ForwardEntry).key === 'string' && (arg as ForwardEntry).endpoint) return registry.get((arg as ForwardEntry).key);
    const all = registry.list();
    if (!all.length) {
      void vscode.window.showInformationMessage('No port forwards. A health check or the playground opens one; so does "Forward on Port…" on an endpoint.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(all.map((e) => ({ label: e.endpoint.name, description: e.status().localUrl ?? e.status().state, entry: e })), { placeHolder });
    return picked?.entry;
  };

  /** An endpoint from a forward row, an explorer endpoint node, a key, or a pick of the known cluster endpoints. */
  const endpointFrom = async (arg: unknown): Promise<ClusterEndpoint | undefined> => {
    const known = deps.endpoints();
    let key: string | undefined;
    if (typeof arg === 'string') key = arg;
    else if (arg && typeof (arg as ForwardEntry).key === 'string' && (arg as ForwardEntry).endpoint) return (arg as ForwardEntry).endpoint;
    else if (arg && (arg as ExplorerNode).type === 'endpoint') {
      const ref = targetOfNode(arg as ExplorerNode);
      if (ref?.namespace) key = clusterEndpointKey({ context: ref.context, namespace: ref.namespace, name: ref.name });
    }
    const candidates = (known?.all() ?? []).filter((e): e is ClusterEndpoint => Boolean(e.cluster));
    if (key) {
      const found = candidates.find((e) => e.key === key) ?? registry.get(key)?.endpoint;
      if (!found) void vscode.window.showWarningMessage('That endpoint is not known yet: open it in the Clusters view first.');
      return found;
    }
    if (!candidates.length) {
      void vscode.window.showInformationMessage('No cluster endpoints yet: connect a cluster in the Clusters view.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(candidates.map((e) => ({ label: e.name, description: e.cluster.context, endpoint: e })), { placeHolder: 'Endpoint to forward' });
    return picked?.endpoint;
  };

  const copy = (arg: unknown, what: string, text: (url: string, entry: ForwardEntry) => string) => async () => {
    const entry = await entryFrom(arg, `Port forward whose ${what} to copy`);
    const url = entry?.status().localUrl;
    if (!entry) return;
    if (!url) {
      void vscode.window.showWarningMessage(`${entry.endpoint.name} has no local URL yet (${entry.status().state}${entry.status().reason ? `: ${entry.status().reason}` : ''}).`);
      return;
    }
    await vscode.env.clipboard.writeText(text(url, entry));
    void vscode.window.setStatusBarMessage(`Copied ${what} of ${entry.endpoint.name}`, 3000);
  };

  context.subscriptions.push(
    output,
    tree,
    statusBar,
    { dispose: () => { clearInterval(ticker); registry.dispose(); } },
    registry.onDidChange(renderStatusBar),
    vscode.commands.registerCommand(CMD.stop, async (arg?: unknown) => {
      const entry = await entryFrom(arg, 'Port forward to stop');
      if (entry) await registry.stop(entry.key);
    }),
    vscode.commands.registerCommand(CMD.restart, async (arg?: unknown) => {
      const entry = await entryFrom(arg, 'Port forward to restart');
      if (!entry) return;
      const port = entry.status().localPort ?? entry.requestedPort;
      await forwardOnPort(registry, ports, entry.endpoint, port, false);
    }),
    vscode.commands.registerCommand(CMD.copyUrl, (arg?: unknown) => copy(arg, 'local URL', (url) => url)()),
    vscode.commands.registerCommand(CMD.copyOpenAiBaseUrl, (arg?: unknown) => copy(arg, 'OPENAI_BASE_URL', (url) => openAiBaseUrlExport(url))()),
    vscode.commands.registerCommand(CMD.copyCurl, (arg?: unknown) => copy(arg, 'curl snippet', (url, e) => curlSnippet(url, e.endpoint.expectedModel))()),
    vscode.commands.registerCommand(CMD.copyPython, (arg?: unknown) => copy(arg, 'Python snippet', (url, e) => pythonSnippet(url, e.endpoint.expectedModel))()),
    vscode.commands.registerCommand(CMD.forwardOnPort, async (arg?: unknown) => {
      const endpoint = await endpointFrom(arg);
      if (!endpoint) return undefined;
      const current = registry.get(endpoint.key)?.status().localPort ?? ports.get(endpoint.key);
      const port = await askLocalPort(endpoint, current);
      if (port === undefined) return undefined;
      return forwardOnPort(registry, ports, endpoint, port);
    }),
  );
  renderStatusBar();
  return registry;
}
