import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  /** PEM file with extra CA certificates to trust (added to Node's bundled roots). */
  caFile?: string;
  /** PEM text with extra CA certificates (e.g. read from SecretStorage or a test's self-signed CA). */
  ca?: string | string[];
  /** Skip certificate verification. Only when the user explicitly asked for it for this endpoint. */
  insecureTls?: boolean;
  /** Proxy for every request of this dispatcher (see resolveProxy); hosts matching `noProxy` go direct. */
  proxyUrl?: string;
  /** Comma- or space-separated NO_PROXY list: `localhost,.svc,10.0.0.0/8` style. */
  noProxy?: string;
  /** Connect timeout and the idle limits for headers / body; per-request deadlines use httpRequest's timeoutMs. */
  timeoutMs?: number;
  /** Connections kept per origin (the benchmark and the poller share one dispatcher across many requests). */
  connections?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Reads the CA file now so that a bad path is reported once, where the endpoint is configured. */
export function loadCa(options: Pick<DispatcherOptions, 'caFile' | 'ca'>): string[] | undefined {
  const pems: string[] = [];
  if (options.ca) pems.push(...(Array.isArray(options.ca) ? options.ca : [options.ca]));
  if (options.caFile) {
    try {
      pems.push(readFileSync(options.caFile, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read CA file ${options.caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return pems.length ? pems : undefined;
}

/**
 * A dispatcher for one endpoint's requests. Never installed globally: the extension host is shared with other
 * extensions, so each request passes it explicitly. Close it when the endpoint's settings change.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const extraCa = loadCa(options);
  // `ca` replaces Node's roots in tls.connect, so keep the public roots beside the user's CA.
  const ca = extraCa ? [...rootCertificates, ...extraCa] : undefined;
  const tls = { ...(ca ? { ca } : {}), ...(options.insecureTls ? { rejectUnauthorized: false } : {}) };
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agentOptions = {
    connect: { ...tls, timeout },
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connections: options.connections,
  };
  if (!options.proxyUrl) return new Agent(agentOptions);
  // Explicit values (never undefined) so that undici does not fall back to process.env behind our back.
  return new EnvHttpProxyAgent({
    ...agentOptions,
    httpProxy: options.proxyUrl,
    httpsProxy: options.proxyUrl,
    noProxy: options.noProxy ?? '',
    requestTls: tls,
  });
}
