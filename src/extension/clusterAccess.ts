// One answer, for every feature of the extension, to "which kubeconfig reaches context X": the explorer's merged
// kubeconfig files (the setting or every KUBECONFIG file, plus the simulated cluster started from the welcome view),
// so a context the tree shows is the context health checks, logs, launch and the doctor reach. No `vscode` import:
// the health checker runs outside VS Code in the load test.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../core/health/clusterTarget.js';
import { kubeConfigFor as contextOf, type LoadedKubeconfig } from '../core/kube/kubeconfigFiles.js';

let explorerKubeconfig: (() => LoadedKubeconfig) | undefined;

/** Called once the explorer exists: from then on every feature reads the kubeconfig it shows. */
export function useExplorerKubeconfig(source: () => LoadedKubeconfig): void {
  explorerKubeconfig = source;
}

/**
 * A KubeConfig whose current context is `context` (default: the kubeconfig's current one), built from the explorer's
 * merged files; before the explorer exists, `fallbackPath` or every KUBECONFIG file, as the CLI reads them.
 */
export function kubeConfigFor(context?: string, fallbackPath?: string): KubeConfig {
  const loaded = explorerKubeconfig?.();
  if (!loaded) return loadKubeConfig(fallbackPath, context);
  return contextOf(loaded, context);
}
