import type { Dispatcher } from 'undici';
import type { ClusterRef, RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import { reachClusterEndpoint } from '../../core/health/checkClusterTarget.js';
import { kubeAccessFor } from '../clusterAccess.js';
import { readClusterFacts } from '../../core/health/readClusterFacts.js';
import { runHealthCheck } from '../../core/health/runHealthCheck.js';
import type { HealthReport } from '../../core/health/types.js';
import type { ClusterFacts } from '../../core/health/clusterChecks.js';
import { createDispatcher } from '../../core/http/dispatcher.js';
import type { PodForwarder, ForwardEvent } from '../../core/portforward/podForwarder.js';
import type { ProxyChoice } from '../../core/http/proxy.js';

export interface CheckerDeps {
  apiKey(endpointKey: string): Thenable<string | undefined>;
  proxyFor(url: string): ProxyChoice;
  timeoutMs(): number;
  log(line: string): void;
  /** Try in-cluster URLs before port-forwarding (the `health.tryClusterUrlsDirectly` setting). */
  tryDirect?(): boolean;
}

/** Runs checks with one dispatcher per endpoint (kept across polls) and one port-forward per cluster endpoint. */
export class EndpointChecker {
  private readonly dispatchers = new Map<string, { signature: string; dispatcher: Dispatcher }>();
  private readonly forwarders = new Map<string, PodForwarder>();

  constructor(private readonly deps: CheckerDeps) {}

  async check(endpoint: RegisteredEndpoint, signal?: AbortSignal): Promise<HealthReport> {
    const apiKey = await this.deps.apiKey(endpoint.key);
    const proxy = this.deps.proxyFor(endpoint.baseUrl);
    const timeoutMs = this.deps.timeoutMs();
    if (endpoint.cluster) return this.checkCluster(endpoint as RegisteredEndpoint & { cluster: ClusterRef }, apiKey, timeoutMs, signal);
    return runHealthCheck(endpoint, { apiKey, timeoutMs, signal, proxy, dispatcher: this.dispatcherFor(endpoint, proxy, timeoutMs) });
  }

  private dispatcherFor(endpoint: RegisteredEndpoint, proxy: ProxyChoice, timeoutMs: number): Dispatcher {
    const signature = JSON.stringify([endpoint.caFile, endpoint.insecureTls, proxy, timeoutMs]);
    const cached = this.dispatchers.get(endpoint.key);
    if (cached?.signature === signature) return cached.dispatcher;
    cached?.dispatcher.close().catch(() => {});
    const dispatcher = createDispatcher({ caFile: endpoint.caFile, insecureTls: endpoint.insecureTls, timeoutMs, ...proxy });
    this.dispatchers.set(endpoint.key, { signature, dispatcher });
    return dispatcher;
  }

  private async checkCluster(endpoint: RegisteredEndpoint & { cluster: ClusterRef }, apiKey: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<HealthReport> {
    const facts = this.clusterFacts(endpoint.cluster, signal);
    const via = await this.reach(endpoint);
    return runHealthCheck(endpoint, { apiKey, timeoutMs, signal, via, cluster: () => facts });
  }

  /** A context that is gone from the kubeconfig is a cluster that cannot be read, reported by every cluster check. */
  private async clusterFacts(cluster: ClusterRef, signal?: AbortSignal): Promise<ClusterFacts> {
    let transport;
    try {
      transport = kubeAccessFor(cluster.context).transport;
    } catch (error) {
      return { resource: cluster.resource, namespace: cluster.namespace, name: cluster.name, pods: [], podSelector: '', error: (error as Error).message, ms: 0 };
    }
    return readClusterFacts(transport, cluster, signal);
  }

  /**
   * The origin a cluster endpoint answers on from here: its port-forward's local URL (one per endpoint, kept and
   * reconnecting), or undefined when its own URL is used. Health checks and the playground share it.
   */
  async reach(endpoint: RegisteredEndpoint): Promise<string | undefined> {
    if (!endpoint.cluster) return undefined;
    let forwarder = this.forwarders.get(endpoint.key);
    if (!forwarder) {
      const onEvent = (e: ForwardEvent) => this.deps.log(`[port-forward ${endpoint.name}] ${e.type}${'localUrl' in e ? ` ${e.localUrl}` : ''}${'pod' in e ? ` pod ${e.pod}` : ''}${'reason' in e ? `: ${e.reason}` : ''}`);
      const reach = await Promise.resolve().then(() => reachClusterEndpoint(kubeAccessFor(endpoint.cluster!.context), endpoint as RegisteredEndpoint & { cluster: ClusterRef }, { env: process.env, onEvent, tryDirect: this.deps.tryDirect?.() })).catch(() => ({ via: undefined, forwarder: undefined }));
      forwarder = reach.forwarder;
      if (forwarder) this.forwarders.set(endpoint.key, forwarder);
    }
    return forwarder?.localUrl;
  }

  /** The port-forward's local URL for an endpoint, shown in the report and tooltip. */
  localUrlOf(endpointKey: string): string | undefined {
    return this.forwarders.get(endpointKey)?.localUrl;
  }

  dispose(): void {
    for (const { dispatcher } of this.dispatchers.values()) dispatcher.close().catch(() => {});
    for (const f of this.forwarders.values()) void f.close();
    this.dispatchers.clear();
    this.forwarders.clear();
  }
}
