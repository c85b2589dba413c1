import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../health/clusterTarget.js';
import { KubeTransport } from '../kube/kubeTransport.js';

/** One place that opens a cluster connection for launch, logs, doctor and operate (swap for the explorer's shared cache here). */
export interface KubeAccess {
  transport: KubeTransport;
  kubeConfig: KubeConfig;
  context: string;
  /** The context's namespace, `default` when it names none. */
  defaultNamespace: string;
  close(): void;
}

/** `kubeconfig` alone when given, else every KUBECONFIG file merged as kubectl merges them (see loadKubeConfig). */
export function openKube(options: { kubeconfig?: string; context?: string; env?: NodeJS.ProcessEnv } = {}): KubeAccess {
  const kubeConfig = loadKubeConfig(options.kubeconfig, options.context, options.env);
  return fromKubeConfig(kubeConfig);
}

export function fromKubeConfig(kubeConfig: KubeConfig): KubeAccess {
  const transport = new KubeTransport(kubeConfig);
  const context = kubeConfig.getCurrentContext();
  return {
    transport,
    kubeConfig,
    context,
    defaultNamespace: kubeConfig.getContextObject(context)?.namespace ?? 'default',
    close: () => transport.close(),
  };
}
