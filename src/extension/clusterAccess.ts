// One answer, for every feature of the extension, to "which kubeconfig reaches context X": the explorer's merged
// kubeconfig files (the setting or every KUBECONFIG file, plus the simulated cluster started from the welcome view),
// so a context the tree shows is the context health checks, logs, launch and the doctor reach. No `vscode` import:
// the health checker runs outside VS Code in the load test.
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterTargetError, loadKubeConfig } from '../core/health/clusterTarget.js';
import type { LoadedKubeconfig } from '../core/kube/kubeconfigFiles.js';

let explorerKubeconfig: (() => LoadedKubeconfig) | undefined;

/** Called once the explorer exists: from then on every feature reads the kubeconfig it shows. */
export function useExplorerKubeconfig(source: () => LoadedKubeconfig): void {
  explorerKubeconfig = source;
}

/**
 * A KubeConfig whose current context is `context` (default: the kubeconfig's current one), built from the explorer's
 * merged files; before the explorer exists, `fallbackPath` or client-node's default loading.
 */
export function kubeConfigFor(context?: string, fallbackPath?: string): KubeConfig {
  const loaded = explorerKubeconfig?.();
  if (!loaded) return loadKubeConfig(fallbackPath, context);
  const target = context ?? loaded.currentContext;
  const merged = loaded.kubeConfig;
  if (!target || !merged.getContextObject(target)) {
    const known = merged.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new ClusterTargetError(target ? `no context ${JSON.stringify(target)} in the kubeconfig files (${loaded.files.join(', ') || 'none'}); contexts: ${known}` : `no current context in the kubeconfig files (${loaded.files.join(', ') || 'none'}); contexts: ${known}`);
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: merged.clusters, users: merged.users, contexts: merged.contexts, currentContext: target });
  return kc;
}
