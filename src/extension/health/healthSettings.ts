import { parseEndpointConfigs, type ConfigProblem, type EndpointConfig } from '../../core/endpoints/endpointConfig.js';
import { resolveProxy, type ProxyChoice } from '../../core/http/proxy.js';
import { settings } from '../settings.js';

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
  const { endpoints: raw, ...rest } = settings.health();
  const { endpoints, problems } = parseEndpointConfigs(raw);
  return { endpoints, problems, ...rest };
}

/** VS Code's `http.proxy` first, then HTTPS_PROXY / HTTP_PROXY with NO_PROXY from the extension host's environment. */
export function proxyFor(url: string): ProxyChoice {
  return resolveProxy(url, { setting: settings.httpProxy(), env: process.env });
}
