import * as vscode from 'vscode';
import { endpointSelector } from '../../core/launch/paths.js';
import { streamLogs } from '../../core/logs/endpointLogs.js';
import { parseLogFilter } from '../../core/logs/logFilter.js';
import { openExtensionKube, pickRef } from '../launch/clusterTarget.js';

export const STREAM_LOGS = 'inferenceEndpointStudio.streamLogs';

/** Stream Logs: options from a quick pick, lines into a LogOutputChannel; disposing the channel (or Stop) ends the stream. */
export async function streamLogsCommand(node: unknown): Promise<void> {
  const ref = await pickRef(node, 'Stream logs of which NIMService or pod?');
  if (!ref) return;
  const picks = await vscode.window.showQuickPick(
    [
      { label: 'Follow', id: 'follow', picked: true },
      { label: 'Previous (crashed) container', id: 'previous' },
      { label: 'Timestamps', id: 'timestamps' },
      { label: 'All containers', id: 'all' },
    ],
    { canPickMany: true, title: `Logs of ${ref.namespace}/${ref.name}` },
  );
  if (!picks) return;
  const on = new Set(picks.map((p) => p.id));
  const tailText = await vscode.window.showInputBox({ prompt: 'Tail lines (empty: all)', value: '500', validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : 'a number') });
  if (tailText === undefined) return;
  const filterText = await vscode.window.showInputBox({ prompt: 'Filter (text or /regex/; empty: none)' });
  if (filterText === undefined) return;
  const channel = vscode.window.createOutputChannel(`Logs: ${ref.name}${ref.container ? `/${ref.container}` : ''}`, { log: true });
  channel.show(true);
  const controller = new AbortController();
  const kube = openExtensionKube(ref.context);
  const stop = vscode.commands.registerCommand(`inferenceEndpointStudio.stopLogs.${Date.now()}`, () => controller.abort());
  try {
    await streamLogs(kube.transport, {
      namespace: ref.namespace,
      ...(ref.kind === 'pod' ? { pod: ref.name } : { selector: endpointSelector(ref.name) }),
      container: ref.container, allContainers: on.has('all'),
    }, {
      follow: on.has('follow'), previous: on.has('previous'), timestamps: on.has('timestamps'), tailLines: tailText ? Number(tailText) : undefined,
      filter: parseLogFilter(filterText || undefined),
      onReconnect: (r) => channel.warn(`stream of ${r.pod}/${r.container} dropped (${r.reason}); reconnecting${r.since ? ` from ${r.since}` : ''}`),
    }, (text) => channel.appendLine(text), controller.signal);
  } catch (error) {
    channel.error((error as Error).message);
  } finally {
    stop.dispose();
    kube.close();
  }
}
