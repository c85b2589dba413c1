import type { Dispatcher } from 'undici';
import { withOrigin } from '../endpoints/baseUrl.js';
import type { RegisteredEndpoint } from '../endpoints/registeredEndpoint.js';
import { createDispatcher } from '../http/dispatcher.js';
import { HttpRequestError } from '../http/errors.js';
import type { ProxyChoice } from '../http/proxy.js';
import { httpRequest, type HttpResponse } from '../http/request.js';
import { clusterChecks, type ClusterFacts } from './clusterChecks.js';
import { kindRoutes, pathOf } from './kindRoutes.js';
import { check, round, worstStatus, type CheckResult, type HealthReport } from './types.js';
import { redactSecrets } from '../security/redact.js';
import { apiKeyVerdict, healthRouteVerdict, isAuthFailure, metricsVerdict, modelServedVerdict, omegaQueueVerdict, type Verdict } from './verdicts.js';

export interface HealthCheckOptions {
  /** From SecretStorage or `--api-key-env`; sent as a Bearer token, never reported. */
  apiKey?: string;
  /** Reuse one (the poller does); otherwise one is made from the endpoint's TLS / proxy settings and closed after. */
  dispatcher?: Dispatcher;
  proxy?: ProxyChoice;
  /** Per request. Default 5 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send the requests to this origin instead (a port-forward's `http://127.0.0.1:PORT`). */
  via?: string;
  /** Cluster facts for NIMService / pod checks (or a reader for them, run in parallel with the HTTP checks). */
  cluster?: ClusterFacts | (() => Promise<ClusterFacts>);
  /** A time-to-first-byte above this warns. Default 2000 ms. */
  slowMs?: number;
  now?: () => Date;
}

type Outcome = { response: HttpResponse; ms: number } | { error: HttpRequestError; ms: number };

/** Runs every check for one endpoint. Resolves with a report for any endpoint state; rejects only when cancelled. */
export async function runHealthCheck(endpoint: RegisteredEndpoint, options: HealthCheckOptions = {}): Promise<HealthReport> {
  const now = options.now ?? (() => new Date());
  const at = now();
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 5000;
  const ownDispatcher = options.dispatcher ? undefined : createDispatcher({
    caFile: endpoint.caFile, insecureTls: endpoint.insecureTls, timeoutMs, proxyUrl: options.proxy?.proxyUrl, noProxy: options.proxy?.noProxy,
  });
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const base = options.via ? withOrigin(endpoint.baseUrl, options.via) : endpoint.baseUrl;
  // An explicit health URL (e.g. an HTTP forwarder's port beside the model server) is not moved to the port-forward's origin.
  const routes = kindRoutes(endpoint.kind, base, endpoint.healthUrl);
  const authHeaders = { ...endpoint.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };

  const get = async (url: string, headers: Record<string, string>): Promise<Outcome> => {
    const t0 = performance.now();
    try {
      const response = await httpRequest(url, { headers, dispatcher, timeoutMs, signal: options.signal, maxBodyBytes: 4 * 1024 * 1024, viaProxy: Boolean(options.proxy?.proxyUrl) });
      return { response, ms: performance.now() - t0 };
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      return { error, ms: performance.now() - t0 };
    }
  };

  try {
    const clusterPromise = typeof options.cluster === 'function' ? options.cluster() : Promise.resolve(options.cluster);
    const [health, models, metrics, facts] = await Promise.all([
      get(routes.health, endpoint.headers),
      get(routes.models, authHeaders),
      routes.metrics ? get(routes.metrics, endpoint.headers) : Promise.resolve(undefined),
      clusterPromise.catch((error: Error) => ({ error: error.message } as Partial<ClusterFacts>)),
    ]);
    if (options.signal?.aborted) throw new HttpRequestError('cancelled', `health check of ${endpoint.name} was cancelled`, endpoint.baseUrl, undefined, performance.now() - started);

    const checks: CheckResult[] = [];
    if (facts) checks.push(...clusterChecks({ resource: 'NIMService', namespace: '', name: endpoint.name, pods: [], podSelector: '', ms: 0, ...facts } as ClusterFacts, now()));

    const outcomes = [health, models, metrics].filter((o): o is Outcome => Boolean(o));
    const failures = outcomes.filter((o): o is Extract<Outcome, { error: unknown }> => 'error' in o);
    if (failures.length === outcomes.length) {
      const first = failures[0].error;
      checks.push(check('reachable', 'fail', first.message, failures[0].ms, failures.map((f) => `${f.error.url}: ${f.error.kind} (${f.error.code ?? 'no code'})`)));
      for (const name of ['health-route', 'api-key', 'model-served', 'metrics', 'latency'] as const) checks.push(check(name, 'skip', 'not reached', 0));
    } else {
      const reached = outcomes.find((o): o is Extract<Outcome, { response: unknown }> => 'response' in o)!;
      checks.push(check('reachable', 'pass', `${new URL(reached.response.url).host} answered`, reached.ms));
      checks.push(fromOutcome('health-route', health, (r) => healthRouteVerdict(endpoint.kind, pathOf(routes.health), r)));
      checks.push(fromOutcome('api-key', models, (r) => apiKeyVerdict(pathOf(routes.models), r, Boolean(options.apiKey))));
      checks.push(modelCheck(endpoint, routes.models, models, health));
      checks.push(metricsCheck(endpoint, routes.metrics, metrics, health));
      checks.push(latencyCheck([['health', health], ['models', models], ['metrics', metrics]], options.slowMs ?? 2000));
    }
    const status = worstStatus(checks);
    // A server that echoes the Authorization header back (in a 401 body, say) must not put the key in a report.
    return {
      key: endpoint.key,
      name: endpoint.name,
      baseUrl: endpoint.baseUrl,
      ...(options.via ? { via: base } : {}),
      healthy: status !== 'fail',
      status,
      checks: redactSecrets(checks, [options.apiKey, ...Object.entries(endpoint.headers ?? {}).filter(([name]) => /auth|key|token|secret|cookie|password/i.test(name)).map(([, value]) => value.replace(/^(Bearer|Basic)\s+/i, ''))]),
      at: at.toISOString(),
      totalMs: round(performance.now() - started),
    };
  } finally {
    // Not awaited: a close waits for in-flight sockets, and nothing is in flight any more.
    ownDispatcher?.close().catch(() => {});
  }
}

function fromOutcome(name: CheckResult['name'], outcome: Outcome, verdict: (r: HttpResponse) => Verdict): CheckResult {
  if ('error' in outcome) return check(name, 'fail', outcome.error.message, outcome.ms, [`${outcome.error.kind} ${outcome.error.code ?? ''}`.trim()]);
  const v = verdict(outcome.response);
  return check(name, v.status, v.detail, outcome.ms, v.evidence);
}

function modelCheck(endpoint: RegisteredEndpoint, modelsUrl: string, models: Outcome, health: Outcome): CheckResult {
  // Omega may have no model list: its /health names the model path instead.
  if (endpoint.kind === 'omega' && 'response' in models && models.response.status === 404 && 'response' in health) {
    return fromOutcome('model-served', health, (r) => modelServedVerdict('omega', pathOf(health.response.url), r, endpoint.expectedModel));
  }
  return fromOutcome('model-served', models, (r) => modelServedVerdict(endpoint.kind, pathOf(modelsUrl), r, endpoint.expectedModel));
}

function metricsCheck(endpoint: RegisteredEndpoint, metricsUrl: string | undefined, metrics: Outcome | undefined, health: Outcome): CheckResult {
  if (endpoint.kind === 'omega' && 'response' in health) {
    const v = omegaQueueVerdict(health.response);
    if (v) return check('metrics', v.status, v.detail, 0, v.evidence);
  }
  if (!metrics || !metricsUrl) return check('metrics', 'skip', `${endpoint.kind} servers expose no Prometheus metrics`, 0);
  if ('error' in metrics) return check('metrics', 'skip', `metrics unavailable: ${metrics.error.message}`, metrics.ms);
  return fromOutcome('metrics', metrics, (r) => (isAuthFailure(r) ? { status: 'skip', detail: `metrics need the API key (${r.status})` } : metricsVerdict(pathOf(metricsUrl), r)));
}

function latencyCheck(entries: Array<[string, Outcome | undefined]>, slowMs: number): CheckResult {
  const timed = entries.filter((e): e is [string, Extract<Outcome, { response: unknown }>] => Boolean(e[1] && 'response' in e[1]));
  const parts = timed.map(([label, o]) => `${label} ${Math.round(o.response.ttfbMs)} ms`);
  const slow = timed.filter(([, o]) => o.response.ttfbMs > slowMs);
  const maxMs = Math.max(0, ...timed.map(([, o]) => o.response.ttfbMs));
  const detail = `time to first byte: ${parts.join(', ')}`;
  if (slow.length) return check('latency', 'warn', `${detail} — above ${slowMs} ms`, maxMs, parts);
  return check('latency', 'pass', detail, maxMs, parts);
}
