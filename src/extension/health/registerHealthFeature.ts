import * as vscode from 'vscode';
import { EndpointRegistry } from '../../core/endpoints/registry.js';
import type { RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import { healthReportMarkdown } from '../../core/health/formatReport.js';
import { HealthPoller } from '../../core/health/healthPoller.js';
import { HealthStore } from '../../core/health/healthStore.js';
import type { HealthReport } from '../../core/health/types.js';
import { SECTION, settings as extensionSettings } from '../settings.js';
import { EndpointApiKeys } from './apiKeys.js';
import { EndpointChecker } from './endpointChecker.js';
import { endpointHealthUri, headline, HealthDecorationProvider, healthIcon, healthTooltip, healthWord } from './healthPresentation.js';
import { markWalkthroughStep } from '../walkthrough/walkthroughSteps.js';
import { proxyFor, readHealthSettings } from './healthSettings.js';
import type { PortForwardRegistry } from '../portForwards/forwardRegistry.js';

export const CHECK_ENDPOINT_HEALTH = 'inferenceEndpointStudio.checkEndpointHealth';
export const SET_ENDPOINT_API_KEY = 'inferenceEndpointStudio.setEndpointApiKey';
export const PIN_ENDPOINT_HEALTH = 'inferenceEndpointStudio.pinEndpointHealth';
export const SHOW_HEALTH_REPORT = 'inferenceEndpointStudio.showHealthReport';
const REPORT_SCHEME = 'ies-health-report';

/** What the explorer (issue 6) uses: discovered endpoints go into `registry`; tree items read `store` and set `resourceUri`. */
export interface HealthFeatureApi {
  registry: EndpointRegistry;
  store: HealthStore;
  endpointHealthUri(endpointKey: string): vscode.Uri;
  tooltip(endpointKey: string): vscode.MarkdownString;
  check(endpointKey: string): Promise<HealthReport | undefined>;
  /** Where a cluster endpoint answers from here (its port-forward's local origin); undefined: use its own URL. */
  reach(endpointKey: string): Promise<string | undefined>;
}

/** `forwards`: the Port Forwards view's registry, through which cluster endpoints are reached (shown and stoppable there). */
export function registerHealthFeature(context: vscode.ExtensionContext, forwards?: PortForwardRegistry): HealthFeatureApi {
  const output = vscode.window.createOutputChannel('Inference Endpoint Health');
  const store = new HealthStore();
  const registry = new EndpointRegistry();
  const keys = new EndpointApiKeys(context.secrets);
  let settings = readHealthSettings();
  const checker = new EndpointChecker({ apiKey: (k) => keys.get(k), proxyFor, timeoutMs: () => settings.timeoutMs, log: (l) => output.appendLine(l), tryDirect: () => settings.tryDirect, forwards });
  const decorations = new HealthDecorationProvider((k) => store.get(k));
  const reportChanged = new vscode.EventEmitter<vscode.Uri>();
  const statusBar = vscode.window.createStatusBarItem('inferenceEndpointStudio.health', vscode.StatusBarAlignment.Left, 50);
  statusBar.name = 'Endpoint Health';
  let poller: HealthPoller | undefined;

  const applySettings = () => {
    settings = readHealthSettings();
    registry.setUserEndpoints(settings.endpoints);
    for (const p of settings.problems) output.appendLine(`settings ${SECTION}.endpoints[${p.index}]${p.name ? ` (${p.name})` : ''}: ${p.message}`);
    restartPoller();
  };

  const pinnedEndpoint = (): RegisteredEndpoint | undefined =>
    settings.pinned ? registry.all().find((e) => e.name === settings.pinned || e.key === settings.pinned) : undefined;

  const record = (report: HealthReport) => {
    store.set(report);
    output.appendLine(`${report.at} ${report.name}: ${healthWord(report)}${headline(report) ? ` — ${headline(report)}` : ''}`);
  };

  const check = async (endpoint: RegisteredEndpoint, signal?: AbortSignal) => {
    const report = await checker.check(endpoint, signal);
    record(report);
    return report;
  };

  function renderStatusBar(endpoint: RegisteredEndpoint | undefined, report: HealthReport | undefined): void {
    if (!endpoint) {
      statusBar.hide();
      return;
    }
    statusBar.text = `${healthIcon(report)} ${endpoint.name}: ${healthWord(report)}`;
    statusBar.tooltip = healthTooltip(report, endpoint.name);
    statusBar.backgroundColor = report?.status === 'fail' ? new vscode.ThemeColor('statusBarItem.errorBackground') : report?.status === 'warn' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    statusBar.command = { title: 'Show Health Report', command: SHOW_HEALTH_REPORT, arguments: [endpoint.key] };
    statusBar.show();
  }

  function restartPoller(): void {
    poller?.stop();
    poller = undefined;
    const endpoint = pinnedEndpoint();
    renderStatusBar(endpoint, endpoint && store.get(endpoint.key));
    if (!endpoint) return;
    poller = new HealthPoller({
      intervalMs: settings.intervalMs,
      check: (signal) => checker.check(endpoint, signal),
      onReport: (report) => { record(report); renderStatusBar(endpoint, report); },
      onBecameUnhealthy: (report) => {
        void vscode.window.showWarningMessage(`Endpoint ${endpoint.name} is unhealthy: ${headline(report) ?? 'see the report'}`, 'Show Report').then((choice) => {
          if (choice) void vscode.commands.executeCommand(SHOW_HEALTH_REPORT, endpoint.key);
        });
      },
    });
    poller.start();
  }

  async function pickEndpoint(placeHolder: string): Promise<RegisteredEndpoint | undefined> {
    const all = registry.all();
    if (!all.length) {
      void vscode.window.showInformationMessage(`No endpoints yet: add one to the "${SECTION}.endpoints" setting (name, baseUrl, kind, expectedModel).`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(all.map((e) => ({ label: e.name, description: e.baseUrl, detail: healthWord(store.get(e.key)), endpoint: e })), { placeHolder });
    return picked?.endpoint;
  }

  const endpointFromArg = async (arg: unknown, placeHolder: string) =>
    (typeof arg === 'string' ? registry.get(arg) : undefined) ?? pickEndpoint(placeHolder);

  const reportUri = (key: string) => vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${encodeURIComponent(key)}.md` });

  context.subscriptions.push(
    output,
    statusBar,
    decorations,
    reportChanged,
    { dispose: () => { poller?.stop(); checker.dispose(); } },
    vscode.window.registerFileDecorationProvider(decorations),
    store.onDidChange((key) => { decorations.changed(key); reportChanged.fire(reportUri(key)); }),
    registry.onDidChange(() => { if (!poller && pinnedEndpoint()) restartPoller(); }),
    keys.onDidChange((key) => { if (pinnedEndpoint()?.key === key) restartPoller(); }),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: reportChanged.event,
      provideTextDocumentContent: (uri) => {
        const key = decodeURIComponent(uri.path.slice(1).replace(/\.md$/, ''));
        const report = store.get(key);
        return report ? healthReportMarkdown(report) : `# Health: ${key}\n\nNot checked yet.\n`;
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.endpoints`) || e.affectsConfiguration(`${SECTION}.health`) || e.affectsConfiguration('http.proxy')) applySettings();
    }),
    vscode.commands.registerCommand(CHECK_ENDPOINT_HEALTH, async (arg?: unknown) => {
      const endpoint = await endpointFromArg(arg, 'Endpoint to check');
      if (!endpoint) return undefined;
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking ${endpoint.name}…`, cancellable: true }, (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return check(endpoint, controller.signal);
      });
      if (report) markWalkthroughStep('healthChecked');
      if (pinnedEndpoint()?.key === endpoint.key) renderStatusBar(endpoint, report);
      await vscode.commands.executeCommand(SHOW_HEALTH_REPORT, endpoint.key);
      return report;
    }),
    vscode.commands.registerCommand(SHOW_HEALTH_REPORT, async (arg?: unknown) => {
      const endpoint = await endpointFromArg(arg, 'Endpoint whose health report to show');
      if (!endpoint) return;
      if (!store.get(endpoint.key)) await check(endpoint);
      await vscode.commands.executeCommand('markdown.showPreview', reportUri(endpoint.key));
    }),
    vscode.commands.registerCommand(SET_ENDPOINT_API_KEY, async (arg?: unknown) => {
      const endpoint = await endpointFromArg(arg, 'Endpoint whose API key to set');
      if (!endpoint) return;
      const key = await vscode.window.showInputBox({ title: `API key for ${endpoint.name}`, prompt: 'Stored in VS Code SecretStorage, sent as a Bearer token. Leave empty to remove it.', password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      await keys.set(endpoint.key, key.trim() || undefined);
      void vscode.window.showInformationMessage(key.trim() ? `API key for ${endpoint.name} saved in SecretStorage.` : `API key for ${endpoint.name} removed.`);
    }),
    vscode.commands.registerCommand(PIN_ENDPOINT_HEALTH, async (arg?: unknown) => {
      const endpoint = await endpointFromArg(arg, 'Endpoint to watch in the status bar');
      if (!endpoint) return;
      await extensionSettings.pinEndpoint(endpoint.source === 'user' ? endpoint.name : endpoint.key);
    }),
  );
  applySettings();

  return {
    registry,
    store,
    endpointHealthUri,
    tooltip: (key) => healthTooltip(store.get(key), registry.get(key)?.name ?? key),
    reach: async (key) => {
      const endpoint = registry.get(key);
      return endpoint ? checker.reach(endpoint) : undefined;
    },
    check: async (key) => {
      const endpoint = registry.get(key);
      return endpoint ? check(endpoint) : undefined;
    },
  };
}
