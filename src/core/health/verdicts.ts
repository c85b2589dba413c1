import { errorMessageOf, responseJson, responseText, type HttpResponse } from '../http/request.js';
import { bodyExcerpt } from '../http/bodySummary.js';
import type { EndpointKind } from '../endpoints/endpointConfig.js';
import { knownWrongSubstitute } from '../endpoints/expectedModels.js';
import { engineMetrics, parsePrometheus } from './prometheus.js';
import type { CheckStatus } from './types.js';

export interface Verdict {
  status: CheckStatus;
  detail: string;
  evidence?: string[];
}

function statusLine(path: string, r: HttpResponse): string {
  const message = r.status >= 400 ? errorMessageOf(r) : undefined;
  return `GET ${path} → ${r.status}${message ? `: ${message}` : ''}`;
}

function notReady(r: HttpResponse): string {
  const retry = r.headers['retry-after'];
  const message = errorMessageOf(r);
  return `not ready (${r.status})${message ? `: ${message}` : ''}${retry && !/retry/i.test(message ?? '') ? `; retry after ${retry} s` : ''}`;
}

export function isAuthFailure(r: HttpResponse | undefined): boolean {
  return r?.status === 401 || r?.status === 403;
}

/** The kind's own health route. */
export function healthRouteVerdict(kind: EndpointKind, path: string, r: HttpResponse): Verdict {
  const evidence = [statusLine(path, r)];
  const body = responseJson(r) as Record<string, unknown> | undefined;
  if (r.status === 404) {
    const hint = kind === 'nim' ? ' — vLLM serves /health, not /v1/health/ready: set the endpoint kind to openai' : ` — is this a ${kind} server?`;
    return { status: 'fail', detail: `no health route at ${path} (404)${hint}`, evidence };
  }
  if (kind === 'omega' && body && typeof body === 'object' && 'ready' in body) {
    evidence.push(`ready=${body.ready} startup_ok=${body.startup_ok} overloaded=${body.overloaded} queues=${JSON.stringify(body.queues)}`);
    if (body.startup_error) return { status: 'fail', detail: `startup failed: ${String(body.startup_error).slice(0, 200)}`, evidence };
    if (!body.ready || body.startup_ok === false) return { status: 'fail', detail: `not ready (${r.status}): Omega reports ready=false`, evidence };
    if (body.overloaded) return { status: 'warn', detail: `ready but overloaded (queues ${JSON.stringify(body.queues)}, max ${body.max_queue_size})`, evidence };
    return { status: 'pass', detail: `ready (GET ${path} ${r.status})`, evidence };
  }
  if (kind === 'nunchaku' && body && typeof body === 'object' && 'status' in body) {
    evidence.push(`status=${body.status} model_loaded=${body.model_loaded} gpu_available=${body.gpu_available}`);
    if (body.gpu_available === false) return { status: 'fail', detail: 'no GPU available to the server', evidence };
    if (body.status !== 'healthy' || body.model_loaded === false) return { status: 'fail', detail: `not ready: status ${JSON.stringify(body.status)}, model_loaded ${body.model_loaded}`, evidence };
    return { status: 'pass', detail: `healthy, model loaded (GET ${path} ${r.status})`, evidence };
  }
  if (r.status >= 200 && r.status < 300) return { status: 'pass', detail: `GET ${path} ${r.status}`, evidence };
  if (r.status === 503) return { status: 'fail', detail: notReady(r), evidence };
  return { status: 'fail', detail: `GET ${path} answered ${r.status}${errorMessageOf(r) ? `: ${errorMessageOf(r)}` : ''}`, evidence };
}

export function apiKeyVerdict(path: string, r: HttpResponse, keySent: boolean): Verdict {
  const evidence = [statusLine(path, r)];
  if (isAuthFailure(r)) {
    return keySent
      ? { status: 'fail', detail: `key rejected (${r.status}): the server is up but refuses this API key`, evidence }
      : { status: 'fail', detail: `key required (${r.status}): the server is up and needs an API key — set one for this endpoint`, evidence };
  }
  if (r.status >= 200 && r.status < 300) return { status: 'pass', detail: keySent ? 'key accepted' : 'no key needed', evidence };
  return { status: 'skip', detail: `could not tell (GET ${path} ${r.status})`, evidence };
}

/** Ids from `/v1/models` (`{data:[{id}]}`), Nunchaku's `/model-info` (`model_name`) or Omega's `/health` (`model_path`). */
export function servedModelIds(kind: EndpointKind, r: HttpResponse): string[] | undefined {
  const body = responseJson(r) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return undefined;
  if (Array.isArray(body.data)) return body.data.map((m) => (m && typeof m === 'object' ? String((m as { id?: unknown }).id ?? '') : '')).filter(Boolean);
  if (kind === 'nunchaku' && typeof body.model_name === 'string') return [body.model_name];
  if (kind === 'omega' && 'model_path' in body) return typeof body.model_path === 'string' ? [body.model_path.replace(/^\/models\//, '')] : [];
  return undefined;
}

export function modelServedVerdict(kind: EndpointKind, path: string, r: HttpResponse, expected: string | undefined): Verdict {
  const evidence = [statusLine(path, r)];
  if (isAuthFailure(r)) return { status: 'skip', detail: 'not checked: the API key was not accepted (see api-key)', evidence };
  if (r.status === 503) return { status: 'fail', detail: notReady(r), evidence };
  if (r.status === 404) return { status: 'fail', detail: `no model list at ${path} (404)`, evidence };
  if (r.status >= 400) return { status: 'fail', detail: `GET ${path} answered ${r.status}${errorMessageOf(r) ? `: ${errorMessageOf(r)}` : ''}`, evidence };
  const ids = servedModelIds(kind, r);
  if (!ids) return { status: 'fail', detail: `GET ${path} ${r.status} but the body is not a model list: ${bodyExcerpt(responseText(r), 120)}`, evidence };
  evidence.push(`served: ${ids.join(', ') || '(none)'}`);
  if (!expected) {
    return { status: 'warn', detail: `serves ${ids.join(', ') || 'no model'}; no expected model set, so a wrong checkpoint would pass — set expectedModel`, evidence };
  }
  if (ids.includes(expected)) {
    const others = ids.filter((id) => id !== expected);
    return { status: 'pass', detail: `serves ${expected}${others.length ? ` (also ${others.join(', ')})` : ''}`, evidence };
  }
  const served = ids.length ? ids.join(', ') : '(no models)';
  const caseOnly = ids.find((id) => id.toLowerCase() === expected.toLowerCase());
  const substitute = ids.map((id) => knownWrongSubstitute(expected, id)).find(Boolean);
  const why = caseOnly ? ' — differs only in case; ids are compared exactly' : substitute ? ` — not a substitute: ${substitute}` : '';
  return { status: 'fail', detail: `served: ${served}; expected exactly ${expected}${why}`, evidence };
}

export function metricsVerdict(path: string, r: HttpResponse): Verdict {
  const evidence = [statusLine(path, r)];
  if (r.status === 404) return { status: 'skip', detail: `no metrics at ${path}`, evidence };
  if (r.status >= 400) return { status: 'skip', detail: `metrics unavailable (${r.status})`, evidence };
  const m = engineMetrics(parsePrometheus(responseText(r)));
  if (m.running === undefined && m.waiting === undefined && m.kvCacheUsage === undefined) return { status: 'skip', detail: `${path} has no vLLM engine gauges`, evidence };
  const parts = [`running ${m.running ?? '?'}`, `waiting ${m.waiting ?? '?'}`, `KV cache ${m.kvCacheUsage === undefined ? '?' : `${(m.kvCacheUsage * 100).toFixed(1)}%`}`];
  evidence.push(...parts);
  if ((m.kvCacheUsage ?? 0) >= 0.9) return { status: 'warn', detail: `${parts.join(', ')} — KV cache nearly full: requests will queue`, evidence };
  return { status: 'pass', detail: parts.join(', '), evidence };
}

/** Omega has no Prometheus endpoint; its /health carries the queue depths instead. */
export function omegaQueueVerdict(r: HttpResponse): Verdict | undefined {
  const body = responseJson(r) as { queues?: unknown; max_queue_size?: unknown } | undefined;
  if (!body || !Array.isArray(body.queues)) return undefined;
  const queues = body.queues.map(Number);
  const total = queues.reduce((a, b) => a + b, 0);
  return { status: 'pass', detail: `queued ${total} over ${queues.length} GPU(s) (max ${body.max_queue_size ?? '?'} each)`, evidence: [`queues=${JSON.stringify(queues)}`] };
}
