import type { Dispatcher } from 'undici';
import type { ClusterRef, RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import { answersLikeInferenceServer } from '../../core/health/checkClusterTarget.js';
import { kubeAccessFor } from '../clusterAccess.js';
import type { PortForwardRegistry } from '../portForwards/forwardRegistry.js';
import { plainForwardRegistry } from '../portForwards/openForward.js';
import { failedClusterFacts, readClusterFacts } from '../../core/health/readClusterFacts.js';
import { runHealthCheck } from '../../core/health/runHealthCheck.js';
import type { HealthReport } from '../../core/health/types.js';
import type { ClusterFacts } from '../../core/health/clusterChecks.js';
import { createDispatcher } from '../../core/http/dispatcher.js';
import type { ProxyChoice } from '../../core/http/proxy.js';

export interface CheckerDeps {
  apiKey(endpointKey: string): Thenable<string | undefined>;
  proxyFor(url: string): ProxyChoice;
  timeoutMs(): number;
  log(line: string): void;
  /** Try in-cluster URLs before port-forwarding (the `health.tryClusterUrlsDirectly` setting). */
  tryDirect?(): boolean;
  /** The extension's port-forwards (shown in the Port Forwards view); cluster endpoints are reached through them. */
  forwards?: Pick<PortForwardRegistry, 'ensure' | 'localUrlOf' | 'dispose'>;
}

/** Runs checks with one dispatcher per endpoint (kept across polls); cluster endpoints through the shared port-forwards. */
export class EndpointChecker {
  private readonly dispatchers = new Map<string, { signature: string; dispatcher: Dispatcher }>();

  private readonly forwards: Pick<PortForwardRegistry, 'ensure' | 'localUrlOf' | 'dispose'>;
  /** Whether this checker made its registry (then it closes it); a registry passed in belongs to its owner. */
  private readonly ownsForwards: boolean;

  constructor(private readonly deps: CheckerDeps) {
    this.ownsForwards = !deps.forwards;
    this.forwards = deps.forwards ?? plainForwardRegistry(deps.log);
  }

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
      return failedClusterFacts(cluster, error);
    }
    return readClusterFacts(transport, cluster, signal);
  }

  /**
   * The origin a cluster endpoint answers on from here: its port-forward's local URL (one per endpoint, in the
   * shared registry the Port Forwards view shows), or undefined when its own URL is used.
   */
  async reach(endpoint: RegisteredEndpoint): Promise<string | undefined> {
    if (!endpoint.cluster) return undefined;
    if (this.deps.tryDirect?.() && (await answersLikeInferenceServer(endpoint, { env: process.env }).catch(() => false))) return undefined;
    return this.forwards.ensure(endpoint as RegisteredEndpoint & { cluster: ClusterRef });
  }

  /** The port-forward's local URL for an endpoint, shown in the report and tooltip. */
  localUrlOf(endpointKey: string): string | undefined {
    return this.forwards.localUrlOf(endpointKey);
  }

  dispose(): void {
    for (const { dispatcher } of this.dispatchers.values()) dispatcher.close().catch(() => {});
    this.dispatchers.clear();
    if (this.ownsForwards) this.forwards.dispose();
  }
}
