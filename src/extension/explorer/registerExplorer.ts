import * as vscode from 'vscode';
import { clusterEndpointKey } from '../../core/endpoints/registeredEndpoint.js';
import { ClusterManager } from '../../core/kube/clusterManager.js';
import { displayServer } from '../../core/kube/displayServer.js';
import { deleteObject, scaleWorkload } from '../../core/kube/operate.js';
import { DEPLOYMENTS, NIM_CACHES, NIM_SERVICES, NODES, PODS, STATEFUL_SETS } from '../../core/kube/resourceKinds.js';
import { SECTION, settings } from '../settings.js';
import { targetOfNode, type ExplorerNode } from './explorerNodes.js';
import { ExplorerTreeProvider, RETRY } from './explorerTreeProvider.js';
import { OBJECT_SCHEME, ObjectDocumentProvider, objectUri } from './objectDocuments.js';
import { SimulatedCluster } from './simulatedCluster.js';
import { registerCompatibleProfiles } from './compatibleProfilesCommand.js';
import { registerDiagnoseCache } from './diagnoseCacheCommand.js';

import { markWalkthroughStep } from '../walkthrough/walkthroughSteps.js';
import { EXPLORER_VIEW } from './viewIds.js';

export { EXPLORER_VIEW };
const CMD = {
  refresh: 'inferenceEndpointStudio.explorer.refresh',
  switchContext: 'inferenceEndpointStudio.explorer.switchContext',
  filterNamespaces: 'inferenceEndpointStudio.explorer.filterNamespaces',
  viewYaml: 'inferenceEndpointStudio.explorer.viewYaml',
  describe: 'inferenceEndpointStudio.explorer.describe',
  scale: 'inferenceEndpointStudio.explorer.scale',
  delete: 'inferenceEndpointStudio.explorer.delete',
  streamLogs: 'inferenceEndpointStudio.explorer.streamLogs',
  followLogs: 'inferenceEndpointStudio.explorer.followLogs',
  checkHealth: 'inferenceEndpointStudio.explorer.checkHealth',
  openPlayground: 'inferenceEndpointStudio.explorer.openPlayground',
  openDashboard: 'inferenceEndpointStudio.explorer.openDashboard',
  startSimulatedCluster: 'inferenceEndpointStudio.explorer.startSimulatedCluster',
};
/** Other features' commands the tree's menus hand a node to (registered beside the explorer, in the same bundle). */
const PEERS = { health: 'inferenceEndpointStudio.checkEndpointHealth', playground: 'inferenceEndpointStudio.openPlayground', dashboard: 'inferenceEndpointStudio.openDashboard', logs: 'inferenceEndpointStudio.streamLogs', followLogs: 'inferenceEndpointStudio.followLogs' };
const NAMESPACES_KEY = 'inferenceEndpointStudio.explorer.namespaces';

export interface ExplorerApi {
  /** The shared per-cluster caches other features read (health, logs, launch). */
  manager: ClusterManager;
  tree: ExplorerTreeProvider;
}


/** The explorer's tree view, created at activation with a stand-in provider; `attach` hands it the real one. */
export interface ExplorerViewSlot {
  view: vscode.TreeView<ExplorerNode>;
  attach(tree: ExplorerTreeProvider): void;
}

export function registerExplorer(context: vscode.ExtensionContext, slot: ExplorerViewSlot): ExplorerApi {
  const simulated = new SimulatedCluster(context);
  const manager = new ClusterManager({ ...settings.explorer(), watchTimeoutSeconds: 300 });
  const tree = new ExplorerTreeProvider(manager);
  tree.namespaces = context.workspaceState.get<string[]>(NAMESPACES_KEY, []);
  const view = slot.view;
  slot.attach(tree);

  const setContextKeys = async () => {
    await vscode.commands.executeCommand('setContext', 'inferenceEndpointStudio.explorer.noKubeconfig', manager.kubeconfig.contexts.length === 0);
  };
  // Watches run only while the view is visible; the caches stay, so showing it again resumes from resourceVersions.
  manager.setActive(view.visible);
  const updateMessage = () => (view.message = manager.kubeconfig.errors.map((e) => `Cannot read ${e.file}: ${e.message}`).join('\n') || undefined);
  updateMessage();
  setTimeout(() => void setContextKeys(), 0);

  const endpointKey = (node: ExplorerNode) => {
    const ref = targetOfNode(node);
    return ref && ref.namespace ? clusterEndpointKey({ context: ref.context, namespace: ref.namespace, name: ref.name }) : undefined;
  };

  context.subscriptions.push(
    tree,
    simulated,
    registerCompatibleProfiles(manager),
    registerDiagnoseCache(manager),
    { dispose: () => manager.dispose() },
    view.onDidChangeVisibility((e) => {
      manager.setActive(e.visible);
      if (e.visible) void setContextKeys();
    }),
    vscode.workspace.registerTextDocumentContentProvider(OBJECT_SCHEME, new ObjectDocumentProvider(manager, [NODES, PODS, NIM_SERVICES, DEPLOYMENTS, STATEFUL_SETS, NIM_CACHES])),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.explorer`)) {
        manager.reconfigure(settings.explorer());
        manager.setActive(view.visible);
      }
    }),
    {
      dispose: manager.onDidChangeConfig(() => {
        updateMessage();
        void setContextKeys();
      }),
    },
    vscode.commands.registerCommand(CMD.refresh, () => {
      manager.reload();
      for (const c of manager.kubeconfig.contexts) if (manager.existingCache(c.name)) manager.restart(c.name);
      tree.refreshAll();
    }),
    vscode.commands.registerCommand(RETRY, (ctx?: string) => {
      if (ctx) manager.restart(ctx);
      tree.refreshAll();
    }),
    vscode.commands.registerCommand(CMD.switchContext, async (node?: ExplorerNode) => {
      let target = node?.type === 'cluster' ? node.context : undefined;
      if (!target) {
        const picked = await vscode.window.showQuickPick(
          manager.kubeconfig.contexts.map((c) => ({ label: c.name, description: c.name === manager.currentContext ? 'current' : displayServer(c.server), detail: c.file })),
          { title: 'Switch Kubernetes context', placeHolder: 'Context to make current (written to the kubeconfig like kubectl config use-context)' },
        );
        target = picked?.label;
      }
      if (!target) return;
      try {
        manager.switchContext(target);
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot switch context: ${(error as Error).message}`);
      }
    }),
    vscode.commands.registerCommand(CMD.filterNamespaces, async () => {
      const namespaces = new Set<string>(tree.namespaces);
      for (const c of manager.kubeconfig.contexts) for (const e of manager.existingCache(c.name)?.endpoints() ?? []) namespaces.add(e.namespace);
      const picked = await vscode.window.showQuickPick(
        [...namespaces].sort().map((n) => ({ label: n, picked: tree.namespaces.includes(n) })),
        { canPickMany: true, title: 'Show endpoints in namespaces', placeHolder: 'None selected shows every namespace' },
      );
      if (!picked) return;
      tree.namespaces = picked.map((p) => p.label);
      await context.workspaceState.update(NAMESPACES_KEY, tree.namespaces);
      tree.refreshEndpointGroups();
    }),
    vscode.commands.registerCommand(CMD.viewYaml, async (node?: ExplorerNode) => {
      const ref = targetOfNode(node);
      if (!ref) return;
      const doc = await vscode.workspace.openTextDocument(objectUri(ref, 'yaml'));
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand(CMD.describe, async (node?: ExplorerNode) => {
      const ref = targetOfNode(node);
      if (ref) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(objectUri(ref, 'describe')), { preview: true });
    }),
    vscode.commands.registerCommand(CMD.scale, async (node?: ExplorerNode) => {
      const ref = targetOfNode(node);
      if (!ref || node?.type !== 'endpoint') return;
      const endpoint = manager.existingCache(ref.context)?.endpoint(node.endpointId);
      const value = await vscode.window.showInputBox({ title: `Scale ${ref.resource.kind} ${ref.namespace}/${ref.name}`, value: String(endpoint?.desiredReplicas ?? 1), validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'a whole number of replicas, 0 or more') });
      if (value === undefined) return;
      try {
        await scaleWorkload(manager.access(ref.context).transport, ref.resource, ref.namespace!, ref.name, Number(value));
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot scale ${ref.name}: ${(error as Error).message}`);
      }
    }),
    vscode.commands.registerCommand(CMD.delete, async (node?: ExplorerNode) => {
      const ref = targetOfNode(node);
      if (!ref || ref.resource === NODES) return;
      const answer = await vscode.window.showWarningMessage(`Delete ${ref.resource.kind} ${ref.namespace}/${ref.name} in ${ref.context}?`, { modal: true, detail: ref.resource === PODS ? 'Its controller will create a replacement.' : 'Its pods and, for a NIMService, its Deployment and Service are deleted too.' }, 'Delete');
      if (answer !== 'Delete') return;
      try {
        await deleteObject(manager.access(ref.context).transport, ref.resource, ref.namespace, ref.name);
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot delete ${ref.name}: ${(error as Error).message}`);
      }
    }),
    vscode.commands.registerCommand(CMD.checkHealth, (node?: ExplorerNode) => node && vscode.commands.executeCommand(PEERS.health, endpointKey(node))),
    vscode.commands.registerCommand(CMD.openPlayground, (node?: ExplorerNode) => node && vscode.commands.executeCommand(PEERS.playground, endpointKey(node))),
    vscode.commands.registerCommand(CMD.openDashboard, (node?: ExplorerNode) => node && vscode.commands.executeCommand(PEERS.dashboard, endpointKey(node))),
    vscode.commands.registerCommand(CMD.streamLogs, (node?: ExplorerNode) => node && vscode.commands.executeCommand(PEERS.logs, node)),
    vscode.commands.registerCommand(CMD.followLogs, (node?: ExplorerNode) => node && vscode.commands.executeCommand(PEERS.followLogs, node)),
    vscode.commands.registerCommand(CMD.startSimulatedCluster, async () => {
      try {
        const path = await vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW }, title: 'Starting the simulated GPU cluster…' }, () => simulated.start());
        manager.reconfigure({ extraKubeconfigs: [path] });
        manager.setActive(view.visible);
        markWalkthroughStep('clusterConnected');
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot start the simulated cluster: ${(error as Error).message}`);
      }
    }),
  );
  return { manager, tree };
}
