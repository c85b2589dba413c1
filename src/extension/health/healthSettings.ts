import * as vscode from 'vscode';
import { parseEndpointConfigs, type ConfigProblem, type EndpointConfig } from '../../core/endpoints/endpointConfig.js';
import { resolveProxy, type ProxyChoice } from '../../core/http/proxy.js';
import { SECTION } from '../settings.js';

export interface HealthSettings {
  endpoints: EndpointConfig[];
  problems: ConfigProblem[];
  /** Endpoint name (user) or key (cluster) shown in the status bar. */
  pinned?: string;
  intervalMs: number;
  timeoutMs: number;
  tryDirect: boolean;
}

export function readHealthSettings(): HealthSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { endpoints, problems } = parseEndpointConfigs(config.get('endpoints', []));
  return {
    endpoints,
    problems,
    pinned: config.get<string>('health.pinnedEndpoint') || undefined,
    intervalMs: Math.max(2, config.get<number>('health.intervalSeconds', 30)) * 1000,
    timeoutMs: Math.max(0.1, config.get<number>('health.timeoutSeconds', 5)) * 1000,
    tryDirect: config.get<boolean>('health.tryClusterUrlsDirectly', false),
  };
}

/** VS Code's `http.proxy` first, then HTTPS_PROXY / HTTP_PROXY with NO_PROXY from the extension host's environment. */
export function proxyFor(url: string): ProxyChoice {
  const setting = vscode.workspace.getConfiguration('http').get<string>('proxy');
  return resolveProxy(url, { setting, env: process.env });
}
