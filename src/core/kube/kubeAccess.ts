import type { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigPaths, kubeConfigFor, loadKubeconfigs } from './kubeconfigFiles.js';
import { KubeTransport } from './kubeTransport.js';

/** A target or kubeconfig the user named wrongly (unknown context, no such file, bad TARGET): the CLI exits 2 with this message. */
export class ClusterTargetError extends Error {}

/** One cluster connection: the transport every read and write goes through, and the kubeconfig behind it (port-forwards). */
export interface KubeAccess {
  transport: KubeTransport;
  kubeConfig: KubeConfig;
  context: string;
  /** The context's namespace, `default` when it names none. */
  defaultNamespace: string;
  close(): void;
}

/**
 * The cluster `context` names (default: the current context), read the way kubectl reads kubeconfig: `path` alone
 * when given (`--kubeconfig`), else every file of KUBECONFIG merged in order (the first file to name a cluster, user
 * or context, or to set current-context, wins), else ~/.kube/config. The one loader of the CLI and the extension.
 */
export function loadKubeConfig(path?: string, context?: string, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const paths = kubeconfigPaths({ setting: path, env });
  if (path && paths.length === 0) throw new ClusterTargetError(`cannot load kubeconfig ${path}: no such file`);
  if (paths.length === 0) throw new ClusterTargetError(`no kubeconfig: KUBECONFIG is ${env.KUBECONFIG ? `${JSON.stringify(env.KUBECONFIG)}, and none of its files exists` : 'not set and ~/.kube/config does not exist'}; pass --kubeconfig FILE`);
  const loaded = loadKubeconfigs(paths);
  if (loaded.errors.length === paths.length) throw new ClusterTargetError(`cannot load kubeconfig ${loaded.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  try {
    return kubeConfigFor(loaded, context);
  } catch (error) {
    throw new ClusterTargetError((error as Error).message);
  }
}

/** `kubeconfig` alone when given, else every KUBECONFIG file merged as kubectl merges them (see loadKubeConfig). */
export function openKube(options: { kubeconfig?: string; context?: string; env?: NodeJS.ProcessEnv } = {}): KubeAccess {
  return fromKubeConfig(loadKubeConfig(options.kubeconfig, options.context, options.env));
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
