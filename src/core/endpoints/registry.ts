import type { ClusterEndpoint } from '../cluster/endpoints.js';
import type { EndpointConfig, EndpointKind } from './endpointConfig.js';
import { expectedModelFor } from './expectedModels.js';
import { clusterEndpointKey, userEndpointKey, type RegisteredEndpoint } from './registeredEndpoint.js';

export function fromConfig(config: EndpointConfig): RegisteredEndpoint {
  return {
    key: userEndpointKey(config.name),
    name: config.name,
    source: 'user',
    kind: config.kind,
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    expectedModel: expectedModelFor({ expectedModel: config.expectedModel, template: config.template }),
    headers: { ...config.headers },
    healthUrl: config.healthUrl,
    caFile: config.caFile,
    insecureTls: config.insecureTls,
  };
}

export interface DiscoveredEndpointInput {
  endpoint: ClusterEndpoint;
  context?: string;
  /** The manifest's own model (command line), preferred over status.model.name, which the server itself reported. */
  manifestModel?: string;
  /** vLLM command lines get `openai`; NIM images `nim`. */
  kind?: EndpointKind;
  port?: number;
  template?: string;
}

/** A NIMService (or GPU Deployment's Service) from the cluster model, reached at its in-cluster DNS name. */
export function fromCluster(input: DiscoveredEndpointInput): RegisteredEndpoint | undefined {
  const e = input.endpoint;
  if (!e.namespace || !e.name) return undefined;
  const port = input.port ?? portOf(e.clusterEndpoint) ?? 8000;
  const host = `${e.name}.${e.namespace}.svc.cluster.local:${port}`;
  const base = e.clusterEndpoint ? (/^https?:\/\//.test(e.clusterEndpoint) ? e.clusterEndpoint : `http://${e.clusterEndpoint}`) : `http://${host}`;
  const ref = { context: input.context, namespace: e.namespace, name: e.name, resource: e.kind === 'NIMService' ? 'NIMService' as const : 'Service' as const, port };
  return {
    key: clusterEndpointKey(ref),
    name: `${e.namespace}/${e.name}`,
    source: 'cluster',
    kind: input.kind ?? 'openai',
    baseUrl: base.replace(/\/+$/, '').replace(/(\/v1)?$/, '/v1'),
    expectedModel: expectedModelFor({ template: input.template, manifestModel: input.manifestModel ?? e.model }),
    headers: {},
    insecureTls: false,
    cluster: ref,
  };
}

function portOf(clusterEndpoint: string | undefined): number | undefined {
  const match = clusterEndpoint && /:(\d+)(\/|$)/.exec(clusterEndpoint.replace(/^https?:\/\//, ''));
  return match ? Number(match[1]) : undefined;
}

/** User-defined endpoints plus discovered ones; a user entry wins when both describe the same base URL. */
export class EndpointRegistry {
  private user: RegisteredEndpoint[] = [];
  private discovered = new Map<string, RegisteredEndpoint[]>();
  private readonly listeners = new Set<() => void>();

  setUserEndpoints(configs: readonly EndpointConfig[]): void {
    this.user = configs.map(fromConfig);
    this.fire();
  }

  /** Replaces what one cluster context contributed (the tree's watch calls this on every change). */
  setDiscovered(context: string, endpoints: readonly RegisteredEndpoint[]): void {
    this.discovered.set(context, [...endpoints]);
    this.fire();
  }

  all(): RegisteredEndpoint[] {
    const userUrls = new Set(this.user.map((e) => e.baseUrl));
    const cluster = [...this.discovered.values()].flat().filter((e) => !userUrls.has(e.baseUrl));
    return [...this.user, ...cluster];
  }

  get(key: string): RegisteredEndpoint | undefined {
    return this.all().find((e) => e.key === key);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }
}
