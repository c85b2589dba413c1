import type * as vscode from 'vscode';

const PREFIX = 'inferenceEndpointStudio.apiKey:';

/** API keys live in SecretStorage only, one per endpoint key; never in settings, logs or reports. */
export class EndpointApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(endpointKey: string): Thenable<string | undefined> {
    return this.secrets.get(PREFIX + endpointKey);
  }

  async set(endpointKey: string, key: string | undefined): Promise<void> {
    if (key) await this.secrets.store(PREFIX + endpointKey, key);
    else await this.secrets.delete(PREFIX + endpointKey);
  }

  onDidChange(listener: (endpointKey: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) listener(e.key.slice(PREFIX.length));
    });
  }
}
