import { ClusterCache, type ClusterCacheOptions } from './clusterCache.js';
import { KubeApiError } from './kubeApiError.js';
import { kubeConfigFor, kubeconfigPaths, loadKubeconfigs } from './kubeconfigFiles.js';

export interface SnapshotOptions extends ClusterCacheOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Give up on a cluster that does not answer (default 20 s). */
  timeoutMs?: number;
}

/** Lists every kind once (no watch) and returns the synced cache, stopped: what `ies pools` / `ies endpoints` print. */
export async function loadClusterSnapshot(options: SnapshotOptions = {}): Promise<ClusterCache> {
  const paths = options.kubeconfig ? [options.kubeconfig] : kubeconfigPaths({ env: options.env });
  if (options.kubeconfig && !paths.length) throw new KubeApiError('config', `kubeconfig ${options.kubeconfig} does not exist`);
  if (!paths.length) throw new KubeApiError('config', 'no kubeconfig: set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig');
  const loaded = loadKubeconfigs(paths);
  if (loaded.errors.length && !loaded.contexts.length) throw new KubeApiError('config', `cannot read kubeconfig ${loaded.errors[0].file}: ${loaded.errors[0].message}`);
  const context = options.context ?? loaded.currentContext;
  if (!context) throw new KubeApiError('config', `no current-context in ${paths.join(', ')}: pass --context (one of ${loaded.contexts.map((c) => c.name).join(', ')})`);
  const cache = ClusterCache.fromKubeConfig(kubeConfigFor(loaded, context), options);
  cache.start();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      cache.whenSynced({ failFast: true }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new KubeApiError('unreachable', `${cache.transport.server} did not answer in ${options.timeoutMs ?? 20_000} ms`)), options.timeoutMs ?? 20_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    cache.stop();
  }
  return cache;
}

/** One line saying what failed and what to do, for the CLI and the tree's error nodes. */
export function describeKubeError(error: KubeApiError, context: string): string {
  switch (error.kind) {
    case 'unreachable':
      return `cluster ${context} is unreachable (${error.message}); check the VPN / server address and retry`;
    case 'unauthorized':
      return `cluster ${context} rejected the credentials (${error.message}); log in again (refresh the token or exec/OIDC plugin)`;
    case 'forbidden':
      return `${error.message}; ask a cluster admin for list/watch on it (RBAC)`;
    case 'config':
      return error.message;
    default:
      return `cluster ${context}: ${error.message}`;
  }
}
