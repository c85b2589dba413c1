import * as vscode from 'vscode';
import { endpointSelector } from '../../core/kube/paths.js';
import { streamLogs } from '../../core/logs/endpointLogs.js';
import { parseLogFilter, type LogFilter } from '../../core/logs/logFilter.js';
import { openExtensionKube, pickRef, type EndpointRef } from '../endpointRef.js';
import type { LogStreams } from './logStreams.js';

export const STREAM_LOGS = 'inferenceEndpointStudio.streamLogs';
export const FOLLOW_LOGS = 'inferenceEndpointStudio.followLogs';

interface StreamChoice {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  allContainers: boolean;
  tailLines?: number;
  filter?: LogFilter;
}

/** Follow Logs: one click, the common case — follow, the last 500 lines, every container. */
export const FOLLOW_DEFAULTS: StreamChoice = { follow: true, previous: false, timestamps: false, allContainers: true, tailLines: 500 };

export async function followLogsCommand(node: unknown, streams: LogStreams): Promise<void> {
  const ref = await pickRef(node, 'Follow the logs of which NIMService or pod?');
  if (ref) await runStream(ref, FOLLOW_DEFAULTS, streams);
}

/** Stream Logs…: follow, previous container, timestamps, containers, tail and a filter, asked in turn. */
export async function streamLogsCommand(node: unknown, streams: LogStreams): Promise<void> {
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
  await runStream(ref, {
    follow: on.has('follow'), previous: on.has('previous'), timestamps: on.has('timestamps'), allContainers: on.has('all'),
    tailLines: tailText ? Number(tailText) : undefined, filter: parseLogFilter(filterText || undefined),
  }, streams);
}

function runStream(ref: EndpointRef, choice: StreamChoice, streams: LogStreams): Promise<void> {
  return streams.run(ref, async (channel, signal) => {
    const kube = openExtensionKube(ref.context);
    try {
      await streamLogs(kube.transport, {
        namespace: ref.namespace,
        ...(ref.kind === 'pod' ? { pod: ref.name } : { selector: endpointSelector(ref.name) }),
        container: ref.container, allContainers: choice.allContainers,
      }, {
        follow: choice.follow, previous: choice.previous, timestamps: choice.timestamps, tailLines: choice.tailLines, filter: choice.filter,
        onReconnect: (r) => channel.warn(`stream of ${r.pod}/${r.container} dropped (${r.reason}); reconnecting${r.since ? ` from ${r.since}` : ''}`),
      }, (text) => channel.appendLine(text), signal);
    } finally {
      kube.close();
    }
  });
}
