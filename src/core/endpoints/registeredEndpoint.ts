import type { EndpointKind } from './endpointConfig.js';

/** Where a cluster endpoint lives, for the cluster checks and the port-forward. */
export interface ClusterRef {
  /** kubeconfig context; absent = current context. */
  context?: string;
  namespace: string;
  /** NIMService name (also its Service's name and pod label `app.kubernetes.io/name`), or a plain Service name. */
  name: string;
  resource: 'NIMService' | 'Service';
  /** The Service port the endpoint listens on (8000 by default). */
  port: number;
}

/** One endpoint the health checks can run against: from settings or discovered in a cluster. */
export interface RegisteredEndpoint {
  /** Stable key: `user:<name>` or `cluster:<context>/<namespace>/<name>`; the tree, status bar and store use it. */
  key: string;
  name: string;
  source: 'user' | 'cluster';
  kind: EndpointKind;
  /** The `/v1` base clients call; for cluster endpoints the in-cluster DNS name. */
  baseUrl: string;
  expectedModel?: string;
  headers: Record<string, string>;
  healthUrl?: string;
  caFile?: string;
  insecureTls: boolean;
  cluster?: ClusterRef;
}

export function userEndpointKey(name: string): string {
  return `user:${name}`;
}

export function clusterEndpointKey(ref: Pick<ClusterRef, 'context' | 'namespace' | 'name'>): string {
  return `cluster:${ref.context ?? ''}/${ref.namespace}/${ref.name}`;
}
