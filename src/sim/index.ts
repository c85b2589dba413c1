import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimUser } from './apiserver/auth.js';
import { parseCrdYaml, readCrdFile, withCrdStatus } from './apiserver/crd.js';
import type { ServerVersion } from './apiserver/discovery.js';
import { startApiServer, type ApiServer } from './apiserver/server.js';
import type { ObjectValidator } from './apiserver/validation.js';
import { createSimClock } from './clock.js';
import { bundledCrdYaml } from './crds/index.js';
import { writeKubeconfig } from './kubeconfig.js';
import { MemoryStore } from './store/memoryStore.js';
import type { ContainerLogSource, KubeObject, PodPortResolver, SimClock } from './store/types.js';

export type FixtureName = 'demo' | 'empty' | 'large';

export interface Disposable {
  dispose(): void | Promise<void>;
}

/** What a controller (NIM operator, scheduler, kubelet, inference servers) gets when the simulator starts. */
export interface SimulatorContext {
  store: MemoryStore;
  clock: SimClock;
  fixture: FixtureName;
  /** The kubelet simulation hands the API server its log source / port resolver here. */
  setLogSource(source: ContainerLogSource): void;
  setPortResolver(resolver: PodPortResolver): void;
}

export interface SimulatorOptions {
  /** API server port; 0 or absent picks a free one. Always bound to 127.0.0.1. */
  port?: number;
  /** Serve HTTPS with a generated CA (written into the kubeconfig). */
  tls?: boolean;
  /** Where the kubeconfig goes; default a fresh temp dir (removed by stop()). */
  kubeconfigPath?: string;
  /** Cluster / context name, default `gpu-lab` (viewer context `<name>-viewer`). */
  clusterName?: string;
  /** Fixture name handed to `seed` and controllers; the simulator itself only creates the system namespaces. */
  fixture?: FixtureName;
  /** Simulated-time speed (1 = real time). */
  speed?: number;
  /** CRD YAML files to serve; default the NIMService and NIMCache CRDs bundled from the operator's main branch. */
  crdPaths?: string[];
  /** Per-resource validators (store key → validator), e.g. the schema engineer's NIMService validator. */
  validators?: Record<string, ObjectValidator>;
  /** Fixed bearer tokens (tests); default random per start. */
  users?: SimUser[];
  version?: ServerVersion;
  bookmarkIntervalMs?: number;
  /** Change events kept for watches (default 5000); watches from older resourceVersions get 410 Gone. */
  historyLimit?: number;
  /** Request body limit in bytes (default 3 MiB, as the apiserver). */
  bodyLimit?: number;
  /** Hook: fills the store before controllers start (fixtures: nodes, GPU pools, demo NIMServices). */
  seed?: (ctx: SimulatorContext) => void | Promise<void>;
  /** Hook: long-running parts (operator, scheduler, kubelet, inference servers); disposed by stop(), last first. */
  controllers?: Array<(ctx: SimulatorContext) => Disposable | Promise<Disposable>>;
  logs?: ContainerLogSource;
  ports?: PodPortResolver;
}

export interface Simulator {
  url: string;
  kubeconfigPath: string;
  /** Admin context (current-context) and read-only context names. */
  context: string;
  viewerContext: string;
  store: MemoryStore;
  clock: SimClock;
  apiServer: ApiServer;
  stop(): Promise<void>;
}

const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function loadCrds(paths: string[] | undefined): KubeObject[] {
  if (paths?.length) return paths.flatMap((p) => readCrdFile(p));
  return Object.entries(bundledCrdYaml).flatMap(([name, text]) => parseCrdYaml(text, name));
}

/** Starts the GPU-cluster simulator in-process: store, API server, kubeconfig, then the plugged-in controllers. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = createSimClock(options.speed ?? 1);
  const store = new MemoryStore([], { now: () => clock.now(), historyLimit: options.historyLimit });
  const apiServer = await startApiServer({
    store,
    port: options.port,
    tls: options.tls,
    clusterName: options.clusterName,
    users: options.users,
    version: options.version,
    now: () => clock.now(),
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    bodyLimit: options.bodyLimit,
    validators: options.validators,
    logs: options.logs,
    ports: options.ports,
  });
  const disposables: Disposable[] = [];
  let tempDir: string | undefined;
  try {
    for (const name of systemNamespaces) store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } });
    const created = new Date(clock.now().getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const crd of loadCrds(options.crdPaths)) store.create('customresourcedefinitions.apiextensions.k8s.io', withCrdStatus(crd, created));
    let kubeconfigPath = options.kubeconfigPath;
    if (!kubeconfigPath) {
      tempDir = mkdtempSync(join(tmpdir(), 'ies-sim-'));
      kubeconfigPath = join(tempDir, 'kubeconfig');
    }
    const written = writeKubeconfig({ path: kubeconfigPath, server: apiServer.url, name: options.clusterName, users: apiServer.users, caCert: apiServer.tls?.caCert });
    const ctx: SimulatorContext = {
      store,
      clock,
      fixture: options.fixture ?? 'empty',
      setLogSource: (source) => apiServer.setLogSource(source),
      setPortResolver: (resolver) => apiServer.setPortResolver(resolver),
    };
    // Operator engineer: fixtures plug in through `seed`, controllers through `controllers` (see SimulatorOptions).
    await options.seed?.(ctx);
    for (const start of options.controllers ?? []) disposables.push(await start(ctx));
    let stopped = false;
    return {
      url: apiServer.url,
      kubeconfigPath: written.path,
      context: written.context,
      viewerContext: written.viewerContext,
      store,
      clock,
      apiServer,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        for (const d of disposables.reverse()) await d.dispose();
        await apiServer.close();
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const d of disposables.reverse()) await d.dispose();
    await apiServer.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
}

export { MemoryStore } from './store/memoryStore.js';
export type { ObjectValidator, FieldError } from './apiserver/validation.js';
export type { SimUser } from './apiserver/auth.js';
