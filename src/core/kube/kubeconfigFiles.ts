import { existsSync, readFileSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parseDocument } from 'yaml';
import { KubeApiError } from './kubeApiError.js';

export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** The kubeconfig file that defines the context. */
  file: string;
}

export interface LoadedKubeconfig {
  files: string[];
  contexts: KubeContextInfo[];
  currentContext?: string;
  /** Files that exist but could not be read; shown as error nodes, the other files still load. */
  errors: Array<{ file: string; message: string }>;
  /** Every file merged the way kubectl does (first definition of a name wins). */
  kubeConfig: KubeConfig;
}

/** The explicit setting, else every file in KUBECONFIG, else ~/.kube/config — only those that exist. */
export function kubeconfigPaths(options: { setting?: string | string[]; env?: NodeJS.ProcessEnv; home?: string } = {}): string[] {
  const env = options.env ?? process.env;
  const setting = (Array.isArray(options.setting) ? options.setting : options.setting ? [options.setting] : []).filter(Boolean);
  const candidates = setting.length ? setting : env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(options.home ?? homedir(), '.kube', 'config')];
  return [...new Set(candidates)].filter((p) => existsSync(p));
}

/** Loads and merges kubeconfig files: every context of every file, the first file's current-context. */
export function loadKubeconfigs(paths: readonly string[]): LoadedKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context & { file: string }>();
  const errors: LoadedKubeconfig['errors'] = [];
  let currentContext: string | undefined;
  for (const file of paths) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (error) {
      errors.push({ file, message: (error as Error).message });
      continue;
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, { ...c, file });
    currentContext ||= kc.getCurrentContext() || undefined;
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()].map(({ file: _file, ...c }) => c), currentContext: currentContext ?? '' });
  return {
    files: [...paths],
    contexts: [...contexts.values()].map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, server: clusters.get(c.cluster)?.server, file: c.file })),
    currentContext,
    errors,
    kubeConfig,
  };
}

/** A KubeConfig whose current context is `context` (default: the merged current-context; every file merged), for one cluster's transport. */
export function kubeConfigFor(loaded: LoadedKubeconfig, requested?: string): KubeConfig {
  const files = loaded.files.join(', ') || 'any kubeconfig';
  const known = loaded.contexts.map((c) => c.name).join(', ') || 'none';
  const context = requested ?? loaded.currentContext;
  if (!context) throw new KubeApiError('config', `no current context in ${files}; pass --context (contexts: ${known})`);
  if (!loaded.contexts.some((c) => c.name === context)) {
    throw new KubeApiError('config', `no context ${JSON.stringify(context)} in ${files}; contexts: ${known}`);
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: loaded.kubeConfig.getClusters(), users: loaded.kubeConfig.getUsers(), contexts: loaded.kubeConfig.getContexts(), currentContext: context });
  return kc;
}

/** Like `kubectl config use-context`: rewrites current-context in the first file, keeping its comments. */
export function writeCurrentContext(paths: readonly string[], context: string): string {
  const file = paths[0];
  if (!file) throw new KubeApiError('config', 'no kubeconfig file to write current-context to');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('current-context', context);
  writeFileSync(file, doc.toString());
  return file;
}

/**
 * Calls `onChange` (debounced) when any of the files is written, replaced (editors and kubectl rename into place)
 * or created; watches the folders, since a watch on a replaced file goes silent.
 */
export function watchKubeconfigFiles(paths: readonly string[], onChange: () => void, debounceMs = 200): { dispose(): void } {
  const byFolder = new Map<string, Set<string>>();
  for (const p of paths) {
    const names = byFolder.get(dirname(p)) ?? new Set<string>();
    names.add(basename(p));
    byFolder.set(dirname(p), names);
  }
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const [folder, names] of byFolder) {
    if (!existsSync(folder)) continue;
    try {
      const watcher = watch(folder, (_event, name) => {
        if (!name || names.has(name.toString())) fire();
      });
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    } catch {
      // an unreadable folder: nothing to watch
    }
  }
  return {
    dispose: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
