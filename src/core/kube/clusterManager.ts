import { ClusterCache, type CacheChange, type ClusterCacheOptions } from './clusterCache.js';
import { KubeApiError } from './kubeApiError.js';
import { fromKubeConfig, type KubeAccess } from './kubeAccess.js';
import { kubeConfigFor, kubeconfigPaths, loadKubeconfigs, watchKubeconfigFiles, writeCurrentContext, type LoadedKubeconfig } from './kubeconfigFiles.js';

export interface ClusterManagerOptions extends ClusterCacheOptions {
  /** Explicit kubeconfig file(s) (a setting); else KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string | string[];
  /** Extra files appended, e.g. the simulated cluster's kubeconfig. */
  extraKubeconfigs?: string[];
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Pick up kubeconfig edits on disk (default true). */
  watchFiles?: boolean;
}

/**
 * Every context of every kubeconfig file, one connection per context that every feature shares (health checks,
 * logs, the doctor, launch, operate), and one ClusterCache per context over that connection, created on first use
 * (a cluster is only contacted when its node is expanded or a feature asks for it). Reloads when the files change.
 */
export class ClusterManager {
  private loaded: LoadedKubeconfig;
  private readonly caches = new Map<string, ClusterCache>();
  private readonly accesses = new Map<string, KubeAccess>();
  private readonly cacheListeners = new Set<(context: string, change: CacheChange) => void>();
  private readonly configListeners = new Set<() => void>();
  private fileWatch: { dispose(): void } | undefined;
  private active = true;

  constructor(private options: ClusterManagerOptions = {}) {
    this.loaded = this.load();
  }

  get kubeconfig(): LoadedKubeconfig {
    return this.loaded;
  }

  get currentContext(): string | undefined {
    return this.loaded.currentContext;
  }

  /** The shared cache of a context, created (and, while active, started) on first call. */
  cache(context: string): ClusterCache {
    let cache = this.caches.get(context);
    if (!cache) {
      cache = new ClusterCache(this.access(context).transport, context, { ...this.options, ownsTransport: false });
      const created = cache;
      created.onDidChange((change) => {
        for (const listener of this.cacheListeners) listener(context, change);
      });
      this.caches.set(context, created);
      if (this.active) created.start();
    }
    return cache;
  }

  /**
   * The shared connection to `context` (default: the current context); throws a KubeApiError('config') naming the
   * contexts when there is no such context. Its close() is a no-op: the manager closes it when the context goes.
   */
  access(context?: string): KubeAccess {
    const kubeConfig = kubeConfigFor(this.loaded, context);
    const name = kubeConfig.getCurrentContext();
    let access = this.accesses.get(name);
    if (!access) {
      access = { ...fromKubeConfig(kubeConfig), close: () => {} };
      this.accesses.set(name, access);
    }
    return access;
  }

  /** The cache if that cluster was already opened; never connects. */
  existingCache(context: string): ClusterCache | undefined {
    return this.caches.get(context);
  }

  onDidChangeCache(listener: (context: string, change: CacheChange) => void): () => void {
    this.cacheListeners.add(listener);
    return () => this.cacheListeners.delete(listener);
  }

  /** Contexts were added, removed or changed, or the current context moved. */
  onDidChangeConfig(listener: () => void): () => void {
    this.configListeners.add(listener);
    return () => this.configListeners.delete(listener);
  }

  /** Watches run only while someone looks (the tree is visible); caches are kept. */
  setActive(active: boolean): void {
    this.active = active;
    for (const cache of this.caches.values()) (active ? cache.start() : cache.stop());
  }

  /** Throws the cache away and lists again (the Refresh and Retry actions). */
  restart(context: string): ClusterCache {
    this.caches.get(context)?.dispose();
    this.caches.delete(context);
    return this.cache(context);
  }

  switchContext(context: string): void {
    if (!this.loaded.contexts.some((c) => c.name === context)) throw new KubeApiError('config', `no context ${JSON.stringify(context)}`);
    const file = this.loaded.contexts.find((c) => c.name === this.loaded.currentContext)?.file;
    writeCurrentContext(file ? [file, ...this.loaded.files] : this.loaded.files, context);
    this.reload();
  }

  reconfigure(options: Partial<ClusterManagerOptions>): void {
    this.options = { ...this.options, ...options };
    for (const cache of this.caches.values()) cache.dispose();
    this.caches.clear();
    this.closeAccesses(() => true);
    this.reload();
  }

  /** Re-reads the files; caches whose context vanished or now points elsewhere are dropped. */
  reload(): void {
    const before = this.loaded;
    this.loaded = this.load();
    for (const [name, cache] of this.caches) {
      const was = before.contexts.find((c) => c.name === name);
      const now = this.loaded.contexts.find((c) => c.name === name);
      if (changed(was, now)) {
        cache.dispose();
        this.caches.delete(name);
      }
    }
    this.closeAccesses((name) => {
      const was = before.contexts.find((c) => c.name === name);
      const now = this.loaded.contexts.find((c) => c.name === name);
      return changed(was, now) || was?.namespace !== now?.namespace;
    });
    for (const listener of this.configListeners) listener();
  }

  dispose(): void {
    this.fileWatch?.dispose();
    for (const cache of this.caches.values()) cache.dispose();
    this.caches.clear();
    this.closeAccesses(() => true);
    this.cacheListeners.clear();
    this.configListeners.clear();
  }

  private closeAccesses(which: (context: string) => boolean): void {
    for (const [name, access] of this.accesses) {
      if (!which(name)) continue;
      access.transport.close();
      this.accesses.delete(name);
    }
  }

  private load(): LoadedKubeconfig {
    const paths = [...kubeconfigPaths({ setting: this.options.kubeconfig, env: this.options.env, home: this.options.home }), ...(this.options.extraKubeconfigs ?? [])];
    const loaded = loadKubeconfigs([...new Set(paths)]);
    this.fileWatch?.dispose();
    if (this.options.watchFiles !== false) this.fileWatch = watchKubeconfigFiles(this.watchedPaths(paths), () => this.reload());
    return loaded;
  }

  /** Also the default locations that do not exist yet, so creating ~/.kube/config is noticed. */
  private watchedPaths(existing: string[]): string[] {
    const env = this.options.env ?? process.env;
    const wanted = env.KUBECONFIG ? env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean) : [];
    return [...new Set([...existing, ...wanted])];
  }
}

type ContextEntry = LoadedKubeconfig['contexts'][number];

/** A context that vanished, appeared or points at another server or user needs a new connection. */
function changed(was: ContextEntry | undefined, now: ContextEntry | undefined): boolean {
  return !now || !was || was.server !== now.server || was.user !== now.user || was.cluster !== now.cluster;
}
