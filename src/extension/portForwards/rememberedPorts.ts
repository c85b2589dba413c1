import type * as vscode from 'vscode';

const KEY = 'inferenceEndpointStudio.portForwards.localPorts';

/** The local port a user chose per endpoint (key `cluster:<context>/<namespace>/<name>`), kept in workspace state. */
export class RememberedPorts {
  constructor(private readonly state: vscode.Memento) {}

  get(endpointKey: string): number | undefined {
    return this.state.get<Record<string, number>>(KEY, {})[endpointKey];
  }

  async set(endpointKey: string, port: number | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, number>>(KEY, {}) };
    if (port === undefined) delete all[endpointKey];
    else all[endpointKey] = port;
    await this.state.update(KEY, all);
  }
}
