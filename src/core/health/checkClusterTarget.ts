import { ClusterTargetError, openKube, type KubeAccess } from '../kube/kubeAccess.js';
import type { NimService } from '../kube/nimService.js';
import { parseTarget as parseAnyTarget } from '../kube/target.js';
import { modelFromCommandLine, nimServiceEndpoint } from '../cluster/endpoints.js';
import type { EndpointKind } from '../endpoints/endpointConfig.js';
import type { ClusterRef, RegisteredEndpoint } from '../endpoints/registeredEndpoint.js';
import { fromCluster } from '../endpoints/registry.js';
import { HttpRequestError } from '../http/errors.js';
import { resolveProxy } from '../http/proxy.js';
import { httpRequest } from '../http/request.js';
import { createDispatcher } from '../http/dispatcher.js';
import { endpointUrls } from '../endpoints/baseUrl.js';
import type { PodForwarder, ForwardEvent } from '../portforward/podForwarder.js';
import { endpointForwarder } from '../portforward/endpointForwarder.js';
import { readClusterFacts } from './readClusterFacts.js';
import { runHealthCheck } from './runHealthCheck.js';
import type { HealthReport } from './types.js';

export { ClusterTargetError };

export interface ParsedTarget {
  namespace?: string;
  name: string;
}

/** A NIMService TARGET in the one grammar (src/core/kube/target.ts): health checks endpoints, not single pods. */
export function parseTarget(target: string, namespace?: string): ParsedTarget {
  let parsed;
  try {
    parsed = parseAnyTarget(target, namespace);
  } catch (error) {
    throw new ClusterTargetError((error as Error).message);
  }
  if (parsed.kind !== 'nimservice') throw new ClusterTargetError(`health checks a NIMService, not a pod: use NAME, NAMESPACE/NAME or nimservice/NAME (with -n NAMESPACE)`);
  return { namespace: parsed.namespace, name: parsed.name };
}

/** vLLM command lines speak the OpenAI routes with `/health`; NIM images answer `/v1/health/ready`. */
export function kindOfNimService(nim: NimService): EndpointKind {
  const words = [...(nim.spec?.command ?? []), ...(nim.spec?.args ?? []), nim.spec?.image?.repository ?? ''].join(' ');
  return /vllm/.test(words) ? 'openai' : 'nim';
}

/** A NIMService as an endpoint to check or load: its cluster URL, the model its manifest serves, its port and route kind. */
export function nimServiceRegisteredEndpoint(nim: NimService, context: string, kind?: EndpointKind): RegisteredEndpoint & { cluster: ClusterRef } {
  return fromCluster({
    endpoint: nimServiceEndpoint(nim),
    context,
    manifestModel: modelFromCommandLine(nim.spec?.command, nim.spec?.args),
    kind: kind ?? kindOfNimService(nim),
    port: nim.spec?.expose?.service?.port,
  }) as RegisteredEndpoint & { cluster: ClusterRef };
}

export interface ReachResult {
  /** Origin to send requests to when not the endpoint's own (port-forward). */
  via?: string;
  forwarder?: PodForwarder;
}

/**
 * A port-forward to a ready pod (reconnecting on drops): a NIMService's cluster endpoint is a Service address
 * inside the cluster, which a workstation normally cannot reach — and an address that happens to answer (a VPN,
 * a corporate proxy) may not be the endpoint at all. With `tryDirect` (running inside the cluster, or routed into
 * it), the cluster URL is used when its `/v1/models` answers like an inference server.
 */
export async function reachClusterEndpoint(kube: KubeAccess, endpoint: RegisteredEndpoint & { cluster: ClusterRef }, options: { probeTimeoutMs?: number; env?: Record<string, string | undefined>; onEvent?: (e: ForwardEvent) => void; tryDirect?: boolean; localPort?: number } = {}): Promise<ReachResult> {
  if (options.tryDirect && (await answersLikeInferenceServer(endpoint, options))) return {};
  const forwarder = endpointForwarder(kube, {
    namespace: endpoint.cluster.namespace,
    name: endpoint.cluster.name,
    remotePort: endpoint.cluster.port,
    localPort: options.localPort,
    scheme: endpoint.baseUrl.startsWith('https:') ? 'https' : 'http',
    onEvent: options.onEvent,
  });
  return { via: await forwarder.start(), forwarder };
}

/** The endpoint's own URL answers `/v1/models` like an inference server (reachable without a port-forward). */
export async function answersLikeInferenceServer(endpoint: RegisteredEndpoint, options: { probeTimeoutMs?: number; env?: Record<string, string | undefined> }): Promise<boolean> {
  const timeoutMs = options.probeTimeoutMs ?? 1500;
  const dispatcher = createDispatcher({ timeoutMs, ...resolveProxy(endpoint.baseUrl, { env: options.env }) });
  try {
    const response = await httpRequest(`${endpointUrls(endpoint.baseUrl).v1}/models`, { dispatcher, timeoutMs, maxBodyBytes: 64 * 1024 });
    return response.status === 200 || response.status === 401 || response.status === 403;
  } catch (error) {
    if (error instanceof HttpRequestError) return false;
    throw error;
  } finally {
    dispatcher.close().catch(() => {});
  }
}

export interface ClusterTargetOptions {
  /** Try the in-cluster URL before port-forwarding (only useful from inside the cluster network). */
  tryDirect?: boolean;
  target: string;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  kind?: EndpointKind;
  expectedModel?: string;
  headers?: Record<string, string>;
  apiKey?: string;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  caFile?: string;
  insecureTls?: boolean;
  signal?: AbortSignal;
}

/** `ies health namespace/name`: the NIMService's cluster state plus every HTTP check, through a port-forward if needed. */
export async function checkClusterTarget(options: ClusterTargetOptions): Promise<HealthReport> {
  const parsed = parseTarget(options.target, options.namespace);
  const kube = openKube({ kubeconfig: options.kubeconfig, context: options.context, env: options.env as NodeJS.ProcessEnv | undefined });
  try {
    return await checkWith(kube, parsed, options);
  } finally {
    kube.close();
  }
}

async function checkWith(kube: KubeAccess, parsed: ParsedTarget, options: ClusterTargetOptions): Promise<HealthReport> {
  const namespace = parsed.namespace ?? kube.defaultNamespace;
  const facts = await readClusterFacts(kube.transport, { namespace, name: parsed.name, resource: 'NIMService' }, options.signal);
  const nim = facts.nimService ?? { metadata: { namespace, name: parsed.name } };
  const base = nimServiceRegisteredEndpoint(nim, kube.context, options.kind);
  const endpoint = {
    ...base,
    expectedModel: options.expectedModel ?? base.expectedModel,
    headers: options.headers ?? {},
    caFile: options.caFile,
    insecureTls: options.insecureTls ?? false,
  } as RegisteredEndpoint & { cluster: ClusterRef };
  let reach: ReachResult = {};
  if (!facts.error && facts.nimService) {
    try {
      reach = await reachClusterEndpoint(kube, endpoint, { env: options.env, tryDirect: options.tryDirect });
    } catch {
      // No ready pod to forward to: the HTTP checks then report the endpoint unreachable, the pod checks say why.
    }
  }
  try {
    return await runHealthCheck(endpoint, {
      apiKey: options.apiKey, timeoutMs: options.timeoutMs, signal: options.signal, via: reach.via, cluster: facts,
      proxy: reach.via ? undefined : resolveProxy(endpoint.baseUrl, { env: options.env }),
    });
  } finally {
    await reach.forwarder?.close();
  }
}
