export interface ProxySources {
  /** VS Code's `http.proxy` setting; wins over the environment when set. */
  setting?: string;
  env?: Record<string, string | undefined>;
}

export interface ProxyChoice {
  proxyUrl?: string;
  noProxy?: string;
}

/** The proxy a request to `target` should use: the VS Code setting, else HTTPS_PROXY / HTTP_PROXY by scheme, with NO_PROXY. */
export function resolveProxy(target: string, sources: ProxySources = {}): ProxyChoice {
  const env = sources.env ?? {};
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v && v.trim())?.trim();
  const https = target.startsWith('https:');
  const proxyUrl = sources.setting?.trim() || (https ? pick('https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY') : pick('http_proxy', 'HTTP_PROXY'));
  const noProxy = pick('no_proxy', 'NO_PROXY');
  return { proxyUrl: proxyUrl || undefined, noProxy };
}
