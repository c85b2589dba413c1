// The shared cluster cache against the simulator's real API server: initial list, live updates, watch drops,
// 410 Gone relists after a pause, a forbidden resource, a missing NIM Operator CRD, an unreachable cluster.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { computeEndpoints } from '../../src/core/cluster/endpoints.js';
import { computeGpuPools } from '../../src/core/cluster/gpuPools.js';
import { ClusterCache, type CacheChange } from '../../src/core/kube/clusterCache.js';
import { kubeConfigFor, loadKubeconfigs } from '../../src/core/kube/kubeconfigFiles.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { seedGpuLab } from '../unit/cluster-fixture.js';

/** Forwards to the simulator; can refuse one resource with the apiserver's 403 and cut every open watch. */
async function startProxy(target: string) {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let forbid: RegExp | undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (forbid?.test(req.url ?? '')) {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope' }));
      return;
    }
    const out = request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname.replace(/\/$/, '') + req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    forbid: (pattern: RegExp | undefined) => (forbid = pattern),
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

function cacheFor(sim: Simulator, context = sim.context, server?: string): ClusterCache {
  const loaded = loadKubeconfigs([sim.kubeconfigPath]);
  const kc = kubeConfigFor(loaded, context);
  if (server) {
    const cluster = kc.getCurrentCluster()!;
    const path = new URL(cluster.server).pathname; // the simulator puts the token in the path over http
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: server + path } : c));
  }
  return ClusterCache.fromKubeConfig(kc, { watchTimeoutSeconds: 30 });
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectedPools(sim: Simulator) {
  return computeGpuPools(sim.store.list('nodes') as never, sim.store.list('pods') as never);
}

function expectedEndpoints(sim: Simulator) {
  return computeEndpoints({ nimServices: sim.store.list('nimservices.apps.nvidia.com') as never, deployments: sim.store.list('deployments.apps') as never, statefulSets: sim.store.list('statefulsets.apps') as never });
}

describe('ClusterCache against the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ bookmarkIntervalMs: 100, historyLimit: 30 });
    seedGpuLab(sim.store);
  });
  after(async () => sim?.stop());

  it('lists every kind in pages and builds pools and endpoints equal to a full recomputation', async () => {
    const cache = cacheFor(sim);
    (cache.informers.pods as unknown as { options: { pageSize: number } }).options.pageSize = 3; // force limit/continue
    cache.start();
    await cache.whenSynced({ failFast: true });
    try {
      assert.deepEqual(cache.pools.pools(), expectedPools(sim));
      assert.deepEqual(cache.endpoints(), expectedEndpoints(sim));
      assert.deepEqual(cache.endpoints().map((e) => `${e.kind} ${e.namespace}/${e.name} ${e.state}${e.weightsOnEphemeralStorage ? ' ephemeral' : ''}`), ['NIMService nim/llama Ready', 'NIMService nim/qwen-edit NotReady', 'Deployment team-a/vllm-omni NotReady ephemeral']);
      assert.deepEqual(cache.podsOf('NIMService/nim/llama').map((p) => p.metadata?.name), ['llama-7d9f-abcde']);
      assert.deepEqual(cache.podsOf('Deployment/team-a/vllm-omni').map((p) => p.metadata?.name), ['vllm-omni-5c8d-xyz12']);
      assert.equal(cache.informers.pods.items.size, sim.store.list('pods').length);
      assert.ok(cache.nimOperatorInstalled);
    } finally {
      cache.dispose();
    }
  });

  it('applies watch events and names exactly the pools, nodes and endpoints that changed', async () => {
    const cache = cacheFor(sim);
    cache.start();
    await cache.whenSynced();
    const changes: CacheChange[] = [];
    cache.onDidChange((c) => changes.push(c));
    try {
      const pod = structuredClone(sim.store.get('pods', 'team-a', 'trainer')!);
      pod.status = { ...(pod.status as object), phase: 'Succeeded' };
      sim.store.update('pods', pod);
      await until(() => cache.pools.pool('h100')?.allocated === 7, 'h100 allocated 7');
      await until(() => changes.some((c) => c.pools.has('h100')), 'a change event for h100');
      const change = changes.find((c) => c.pools.has('h100'))!;
      assert.deepEqual([...change.pools], ['h100']);
      assert.deepEqual([...change.nodes], ['h100-b']);
      assert.equal(change.endpoints.size, 0);
      assert.equal(change.poolList, false);

      changes.length = 0;
      const nim = structuredClone(sim.store.get('nimservices.apps.nvidia.com', 'nim', 'qwen-edit')!) as any;
      nim.status = { ...nim.status, state: 'Failed' };
      sim.store.update('nimservices.apps.nvidia.com', nim);
      await until(() => cache.endpoint('NIMService/nim/qwen-edit')?.state === 'Failed', 'qwen-edit Failed');
      await until(() => changes.length > 0, 'change');
      assert.deepEqual([...changes[0].endpoints], ['NIMService/nim/qwen-edit']);
      assert.equal(changes[0].pools.size, 0);

      sim.store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'b200-1', labels: { 'karpenter.sh/nodepool': 'b200' } }, status: { allocatable: { 'nvidia.com/gpu': '8' }, conditions: [{ type: 'Ready', status: 'True' }] } });
      await until(() => cache.pools.pool('b200')?.free === 8, 'new pool b200');
      await until(() => changes.some((c) => c.poolList), 'pool list change');
      assert.deepEqual(cache.pools.pools(), expectedPools(sim));
    } finally {
      cache.dispose();
    }
  });

  it('resumes after dropped watch connections and after a pause long enough for 410 Gone, consistent with the store', async () => {
    const proxy = await startProxy(sim.url);
    const cache = cacheFor(sim, sim.context, proxy.url);
    try {
      cache.start();
      await cache.whenSynced();
      proxy.dropConnections();
      sim.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'after-drop', namespace: 'team-a' }, spec: { nodeName: 'h100-b', containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }, status: { phase: 'Running' } });
      await until(() => cache.pod('team-a', 'after-drop') !== undefined, 'pod created after the drop');
      assert.ok(cache.informers.pods.status.reconnects >= 1 || cache.informers.pods.status.lists === 1);
      assert.deepEqual(cache.pools.pools(), expectedPools(sim));

      const listsBefore = cache.informers.pods.status.lists;
      cache.stop(); // the view is hidden
      for (let i = 0; i < 40; i++) sim.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `churn-${i}`, namespace: 'team-a' }, spec: { nodeName: i % 2 ? 'h100-a' : 'l4-cordoned', containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }, status: { phase: i % 3 ? 'Running' : 'Failed' } });
      sim.store.delete('pods', 'team-a', 'after-drop');
      cache.start(); // shown again: the watch from the old resourceVersion gets 410 → relist
      await until(() => cache.informers.pods.status.lists > listsBefore && cache.informers.pods.status.phase === 'watching', 'relist after 410');
      assert.equal(cache.pod('team-a', 'after-drop'), undefined);
      assert.deepEqual(cache.pools.pools(), expectedPools(sim));
      assert.deepEqual(cache.endpoints(), expectedEndpoints(sim));
    } finally {
      cache.dispose();
      await proxy.close();
    }
  });

  it('reports a forbidden resource per kind and keeps the rest', async () => {
    const proxy = await startProxy(sim.url);
    proxy.forbid(/\/api\/v1\/nodes/);
    const cache = cacheFor(sim, sim.context, proxy.url);
    try {
      cache.start();
      await assert.rejects(cache.whenSynced({ failFast: true }), (e: any) => e.kind === 'forbidden' && /cannot list resource "nodes"/.test(e.message));
      await cache.informers.pods.whenSynced();
      assert.equal(cache.status().nodes.error?.kind, 'forbidden');
      assert.equal(cache.status().pods.error, undefined);
      proxy.forbid(undefined);
      await cache.informers.nodes.whenSynced();
    } finally {
      cache.dispose();
      await proxy.close();
    }
  });

  it('treats a missing NIMService CRD as "NIM Operator not installed", not as a failure', async () => {
    const bare = await startSimulator({ crdPaths: [] as string[] });
    for (const crd of bare.store.list('customresourcedefinitions.apiextensions.k8s.io')) bare.store.delete('customresourcedefinitions.apiextensions.k8s.io', undefined, crd.metadata.name);
    const cache = cacheFor(bare);
    try {
      cache.start();
      await cache.whenSynced({ failFast: true });
      assert.equal(cache.nimOperatorInstalled, false);
      assert.deepEqual(cache.endpoints(), []);
    } finally {
      cache.dispose();
      await bare.stop();
    }
  });

  it('fails fast with "unreachable" when nothing listens', async () => {
    const proxy = await startProxy(sim.url);
    const url = proxy.url;
    await proxy.close();
    const cache = cacheFor(sim, sim.context, url);
    try {
      cache.start();
      await assert.rejects(cache.whenSynced({ failFast: true }), (e: any) => e.kind === 'unreachable');
    } finally {
      cache.dispose();
    }
  });
});
