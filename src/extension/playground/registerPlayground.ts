import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { mayWrite } from '../files.js';
import type { EndpointRegistry } from '../../core/endpoints/registry.js';
import type { HistoryStore } from '../../core/playground/history.js';
import { hostMessageSchema, parseMessage, webviewMessageSchema, type HostMessage } from '../../messages/playgroundMessages.js';
import { EndpointApiKeys } from '../health/apiKeys.js';
import { proxyFor } from '../health/healthSettings.js';
import { PLAYGROUND_RESOURCE_FOLDERS, playgroundHtml } from './playgroundHtml.js';
import { PlaygroundHost } from './playgroundHost.js';
import { telemetryBridge } from './telemetryBridge.js';
import { kubeAccessFor } from '../clusterAccess.js';

export const OPEN_PLAYGROUND = 'inferenceEndpointStudio.openPlayground';
export const OPEN_DASHBOARD = 'inferenceEndpointStudio.openDashboard';
import { markWalkthroughStep } from '../walkthrough/walkthroughSteps.js';
import { PLAYGROUND_VIEW_TYPE } from '../explorer/viewIds.js';

export { PLAYGROUND_VIEW_TYPE };
const HISTORY_KEY = 'inferenceEndpointStudio.playground.history';

export interface PlaygroundDeps {
  /** The endpoint registry from the health feature; without it only typed URLs are offered. */
  registry?: EndpointRegistry;
  /** Port-forward origin of cluster endpoints (from the health feature). */
  reach?(endpointKey: string): Promise<string | undefined>;
}

export interface PlaygroundApi {
  /** Re-attaches a playground panel VS Code restored after a reload (the webview restores its own form). */
  restore(panel: vscode.WebviewPanel): void;
}

/** "Open Playground" (palette, or a tree item passing an endpoint key); the serializer is registered at activation
 * (src/extension/main.ts) and calls `restore`. */
export function registerPlayground(context: vscode.ExtensionContext, deps: PlaygroundDeps = {}): PlaygroundApi {
  let current: { panel: vscode.WebviewPanel; host: PlaygroundHost } | undefined;
  const output = vscode.window.createOutputChannel('Inference Playground');
  const keys = new EndpointApiKeys(context.secrets);

  const attach = (panel: vscode.WebviewPanel, endpointKey?: string, tab?: 'dashboard') => {
    const [dist, media] = PLAYGROUND_RESOURCE_FOLDERS.map((folder) => vscode.Uri.joinPath(context.extensionUri, folder));
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    panel.iconPath = vscode.Uri.joinPath(media, 'playground.svg');
    panel.webview.html = playgroundHtml({
      script: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      style: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'playground.css')).toString(),
      chartStyle: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      cspSource: panel.webview.cspSource,
    });
    const host = new PlaygroundHost({
      endpoints: () => deps.registry?.all() ?? [],
      reach: deps.reach,
      apiKey: (key) => keys.get(key),
      promptApiKey: async (key, label) => {
        const value = await vscode.window.showInputBox({ title: `API key for ${label}`, prompt: 'Stored in VS Code SecretStorage and sent as a Bearer token; never shown in the playground. Leave empty to remove it.', password: true, ignoreFocusOut: true });
        if (value !== undefined) await keys.set(key, value.trim() || undefined);
      },
      proxyFor,
      history: { get: () => context.workspaceState.get<HistoryStore>(HISTORY_KEY, {}), set: (store) => context.workspaceState.update(HISTORY_KEY, store) },
      pickImage: async () => {
        const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Images: ['png', 'jpg', 'jpeg', 'webp'] }, title: 'Image for the playground' })) ?? [];
        return uri ? { path: uri.fsPath, bytes: await readFile(uri.fsPath) } : undefined;
      },
      saveImage: (name, bytes) => saveResult(name, bytes),
      saveJson: (name, text) => saveFile(name, new TextEncoder().encode(text), { JSON: ['json'] }, 'Save Load Test Result'),
      pickFolder: async () => {
        const [uri] = (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, title: 'Folder of images for the load test' })) ?? [];
        return uri?.fsPath;
      },
      copy: (text) => vscode.env.clipboard.writeText(text),
      post: (message: HostMessage) => {
        if (message.type === 'result' && message.ok) markWalkthroughStep('playgroundAnswered');
        void panel.webview.postMessage(message);
      },
      log: (line) => output.appendLine(line),
      watchTelemetry: telemetryBridge({
        post: (message) => {
          const checked = hostMessageSchema.safeParse(message);
          if (checked.success) void panel.webview.postMessage(checked.data);
          else output.appendLine(`playground: dropped an invalid telemetry message: ${checked.error.issues[0]?.message}`);
        },
        kubeAccess: (context) => kubeAccessFor(context),
      }),
    }, endpointKey, tab);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseMessage(webviewMessageSchema, raw);
        if (!parsed.ok) {
          output.appendLine(`playground: ignored ${parsed.reason}`);
          void panel.webview.postMessage({ type: 'notice', level: 'error', message: `Ignored a ${parsed.reason}` } satisfies HostMessage);
          return;
        }
        host.handle(parsed.message).catch((error: Error) => output.appendLine(`playground: ${error.message}`));
      }),
      deps.registry?.onDidChange(() => void host.refreshEndpoints()) ?? { dispose() {} },
      keys.onDidChange(() => void host.refreshEndpoints()),
      panel.onDidChangeViewState((e) => host.setVisible(e.webviewPanel.visible)),
    ];
    panel.onDidDispose(() => {
      host.dispose();
      for (const s of subscriptions) s.dispose();
      if (current?.panel === panel) current = undefined;
    });
    current = { panel, host };
  };

  const open = (arg: unknown, tab?: 'dashboard') => {
    const endpointKey = typeof arg === 'string' ? arg : typeof (arg as { endpointKey?: unknown })?.endpointKey === 'string' ? (arg as { endpointKey: string }).endpointKey : undefined;
    if (current) {
      current.panel.reveal();
      if (tab) current.host.showTab(tab, endpointKey);
      else if (endpointKey) void current.host.handle({ type: 'selectEndpoint', endpointKey });
      return;
    }
    const panel = vscode.window.createWebviewPanel(PLAYGROUND_VIEW_TYPE, 'Inference Playground', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: true });
    attach(panel, endpointKey, tab);
  };

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(OPEN_PLAYGROUND, (arg?: unknown) => open(arg)),
    /** The playground on its Dashboard tab: the endpoint's engine metrics every few seconds. */
    vscode.commands.registerCommand(OPEN_DASHBOARD, (arg?: unknown) => open(arg, 'dashboard')),
  );
  return { restore: (panel) => attach(panel) };
}

/** Save dialog in the workspace; an existing file is replaced only after an explicit yes. */
function saveResult(name: string, bytes: Uint8Array): Promise<string | undefined> {
  return saveFile(name || 'edit-result.png', bytes, { Images: ['png', 'jpg', 'jpeg', 'webp'] }, 'Save Result');
}

async function saveFile(name: string, bytes: Uint8Array, filters: Record<string, string[]>, title: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const safe = name.replace(/[^\w.-]+/g, '_') || 'result';
  const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, safe) : undefined, filters, title });
  if (!target) return undefined;
  if (!(await mayWrite(target))) return undefined;
  if (target.scheme === 'file') await writeFile(target.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(target, bytes);
  return vscode.workspace.asRelativePath(target);
}
