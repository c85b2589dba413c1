// One answer, for every feature of the extension, to "how do I reach context X": the explorer's ClusterManager,
// which merges the kubeconfig files the tree shows (the setting or every KUBECONFIG file, plus the simulated cluster
// started from the welcome view) and keeps one shared connection per context. A context the tree shows is the
// context health checks, logs, launch, operate and the doctor reach. No `vscode` import: the health checker runs
// outside VS Code in the load test.
import { ClusterManager } from '../core/kube/clusterManager.js';
import type { KubeAccess } from '../core/kube/kubeAccess.js';

let explorerManager: ClusterManager | undefined;
let fallback: ClusterManager | undefined;

/** Called once the explorer exists: from then on every feature goes through its connections. */
export function useClusterManager(manager: ClusterManager): void {
  explorerManager = manager;
  fallback?.dispose();
  fallback = undefined;
}

/**
 * The shared connection to `context` (default: the current context). Before the explorer exists (the load test),
 * `fallbackPath` or every KUBECONFIG file, read as the CLI reads them. Callers may close() it: that is a no-op.
 */
export function kubeAccessFor(context?: string, fallbackPath?: string): KubeAccess {
  if (explorerManager) return explorerManager.access(context);
  fallback ??= new ClusterManager({ kubeconfig: fallbackPath, watchFiles: false });
  return fallback.access(context);
}

/** The contexts the tree shows, the current one first. */
export function knownContexts(): Array<{ name: string; current: boolean; server?: string }> {
  const loaded = (explorerManager ?? fallback)?.kubeconfig;
  if (!loaded) return [];
  return loaded.contexts
    .map((c) => ({ name: c.name, current: c.name === loaded.currentContext, server: c.server }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
