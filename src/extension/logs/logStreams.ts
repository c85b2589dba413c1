import * as vscode from 'vscode';
import type { EndpointRef } from '../endpointRef.js';

export const STOP_LOGS = 'inferenceEndpointStudio.stopLogs';
const STREAMING_CONTEXT = 'inferenceEndpointStudio.logs.streaming';

/** One followed (or reading) log stream: its output channel, what stops it and the status-bar Stop button. */
interface RunningStream {
  key: string;
  label: string;
  controller: AbortController;
  stopItem: vscode.StatusBarItem;
}

export const streamKey = (ref: EndpointRef) => [ref.context ?? '', ref.kind, ref.namespace, ref.name, ref.container ?? ''].join('/');
export const streamLabel = (ref: EndpointRef) => `${ref.name}${ref.container ? `/${ref.container}` : ''}`;

/**
 * The log streams of this window. Every running stream has a Stop button in the status bar and is listed by Stop Log
 * Stream…; starting the same target again stops the old stream and writes into the same output channel.
 * VS Code tells an extension nothing when the user closes an output channel, so Stop is explicit.
 */
export class LogStreams implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.LogOutputChannel>();
  private readonly running = new Map<string, RunningStream>();

  /** Runs `body` as the stream of `ref` until it ends, it is stopped, or the same target is started again. */
  async run(ref: EndpointRef, body: (channel: vscode.LogOutputChannel, signal: AbortSignal) => Promise<void>): Promise<void> {
    const key = streamKey(ref);
    const label = streamLabel(ref);
    this.stop(key, 'restarted');
    let channel = this.channels.get(key);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Logs: ${label}`, { log: true });
      this.channels.set(key, channel);
    }
    channel.show(true);
    const controller = new AbortController();
    const stopItem = vscode.window.createStatusBarItem(`inferenceEndpointStudio.logs.${key}`, vscode.StatusBarAlignment.Left, 50);
    stopItem.name = `Stop Logs: ${label}`;
    stopItem.text = `$(debug-stop) Logs: ${label}`;
    stopItem.tooltip = `Stop following the logs of ${ref.namespace}/${label}`;
    stopItem.command = { title: 'Stop Logs', command: STOP_LOGS, arguments: [key] };
    stopItem.show();
    const stream: RunningStream = { key, label, controller, stopItem };
    this.running.set(key, stream);
    void this.updateContext();
    try {
      await body(channel, controller.signal);
      if (!controller.signal.aborted) channel.info('— the stream ended —');
    } catch (error) {
      if (!controller.signal.aborted) channel.error((error as Error).message);
    } finally {
      stopItem.dispose();
      if (this.running.get(key) === stream) {
        this.running.delete(key);
        void this.updateContext();
      }
    }
  }

  /** Stops one stream by key; false when nothing runs under it. */
  stop(key: string, why: 'stopped' | 'restarted' = 'stopped'): boolean {
    const stream = this.running.get(key);
    if (!stream) return false;
    this.running.delete(key);
    stream.controller.abort();
    stream.stopItem.dispose();
    this.channels.get(key)?.info(why === 'stopped' ? '— stopped —' : '— stopped: started again —');
    void this.updateContext();
    return true;
  }

  /** Stop Log Stream…: the given key (status bar), the only stream, or a pick among them. */
  async stopCommand(key?: unknown): Promise<void> {
    if (typeof key === 'string' && this.stop(key)) return;
    const streams = [...this.running.values()];
    if (streams.length === 0) {
      void vscode.window.showInformationMessage('No log stream is running.');
      return;
    }
    if (streams.length === 1) {
      this.stop(streams[0].key);
      return;
    }
    const picks = await vscode.window.showQuickPick(
      [{ label: 'All log streams', key: '*' }, ...streams.map((s) => ({ label: s.label, description: s.key.split('/').slice(0, 3).filter(Boolean).join(' · '), key: s.key }))],
      { title: 'Stop which log stream?' },
    );
    if (!picks) return;
    for (const s of picks.key === '*' ? streams : streams.filter((s) => s.key === picks.key)) this.stop(s.key);
  }

  get size(): number {
    return this.running.size;
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', STREAMING_CONTEXT, this.running.size > 0);
  }

  dispose(): void {
    for (const key of [...this.running.keys()]) this.stop(key);
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}
