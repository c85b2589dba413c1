import * as vscode from 'vscode';
import { parseLocalPort, PortInUseError } from '../../core/portforward/portInUse.js';
import type { ClusterEndpoint, PortForwardRegistry } from './forwardRegistry.js';
import type { RememberedPorts } from './rememberedPorts.js';

const PICK_ANOTHER = 'Pick Another Port…';
const ANY_FREE = 'Any Free Port';

/** Asks for a local port (1–65535); undefined when dismissed. */
export async function askLocalPort(endpoint: ClusterEndpoint, suggested: number | undefined, why?: string): Promise<number | undefined> {
  const value = await vscode.window.showInputBox({
    title: `Forward ${endpoint.name} on local port`,
    prompt: `${why ? `${why}. ` : ''}127.0.0.1:PORT → port ${endpoint.cluster.port} of a ready pod; remembered for this endpoint in this workspace.`,
    value: String(suggested ?? endpoint.cluster.port),
    ignoreFocusOut: true,
    validateInput: (text) => (parseLocalPort(text) ? undefined : 'A port number from 1 to 65535'),
  });
  return value === undefined ? undefined : parseLocalPort(value);
}

/**
 * Opens the endpoint's forward on `port` and (`remember`) remembers it; a taken port says so and offers another (or any free
 * port, which forgets the remembered one). Returns the local URL, undefined when the user gave up.
 */
export async function forwardOnPort(registry: PortForwardRegistry, ports: RememberedPorts, endpoint: ClusterEndpoint, port: number | undefined, remember = true): Promise<string | undefined> {
  for (;;) {
    try {
      const url = await registry.open(endpoint, port);
      if (remember) await ports.set(endpoint.key, port);
      if (url) void vscode.window.showInformationMessage(`Forwarding ${endpoint.name} on ${url} (OPENAI_BASE_URL=${url}/v1).`);
      return url;
    } catch (error) {
      if (!(error instanceof PortInUseError)) {
        void vscode.window.showErrorMessage(`Cannot forward ${endpoint.name}: ${(error as Error).message}`);
        return undefined;
      }
      const next = await resolvePortInUse(endpoint, error);
      if (next === 'cancel') return undefined;
      port = next;
      remember = true;
    }
  }
}

/** The user's answer to a taken port: another port, any free port (undefined), or cancel. */
export async function resolvePortInUse(endpoint: ClusterEndpoint, error: PortInUseError): Promise<number | undefined | 'cancel'> {
  const choice = await vscode.window.showWarningMessage(`Port forward for ${endpoint.name}: ${error.message}.`, PICK_ANOTHER, ANY_FREE);
  if (choice === ANY_FREE) return undefined;
  if (choice !== PICK_ANOTHER) return 'cancel';
  return (await askLocalPort(endpoint, error.port + 1, `Port ${error.port} is taken`)) ?? 'cancel';
}
