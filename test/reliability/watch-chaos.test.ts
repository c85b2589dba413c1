// Watch chaos: thousands of random changes to nodes, pods and NIMServices while a chaos proxy injects 500s, slow
// answers, dropped watches and 410 Gone between the simulator and the explorer's cache. Afterwards the cache must
// equal the server exactly: the same objects at the same resourceVersions, the same GPU pools and endpoints.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { computeEndpoints } from '../../src/core/cluster/endpoints.js';
import { computeGpuPools } from '../../src/core/cluster/gpuPools.js';
import { ClusterCache } from '../../src/core/kube/clusterCache.js';
import { kubeConfigFor, loadKubeconfigs } from '../../src/core/kube/kubeconfigFiles.js';
import { startFaultProxy, type FaultProxy } from '../../src/sim/faults/faultProxy.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { seedGpuLab } from '../unit/cluster-fixture.js';
import { printFigure } from './figures.js';
import { Random, seedFromEnv } from './fuzz/random.js';

const CHANGES = Number(process.env.CHAOS_CHANGES) || 3000;
const NODES = 'nodes';
const PODS = 'pods';
const NIMS = 'nimservices.apps.nvidia.com';
const NAMESPACES = ['chaos-a', 'chaos-b'];
const POOLS = ['h100', 'l40s', 'a10g'];

let sim: Simulator;
let proxy: FaultProxy;
const seed = seedFromEnv('CHAOS_SEED');

before(async () => {
  // A short change history, so that a watch resumed after a drop often finds its resourceVersion expired.
  sim = await startSimulator({ bookmarkIntervalMs: 200, historyLimit: 300 });
  seedGpuLab(sim.store);
  proxy = await startFaultProxy(sim.url, { error500: 0.15, slow: 0.2, gone410: 0.2, dropWatch: 0.9 }, seed);
});
after(async () => {
  await proxy?.close();
  await sim?.stop();
});

function cacheThrough(url: string): ClusterCache {
  const kc = kubeConfigFor(loadKubeconfigs([sim.kubeconfigPath]), sim.context);
  const cluster = kc.getCurrentCluster()!;
  const path = new URL(cluster.server).pathname; // the simulator carries its token in the path over http
  kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: url + path } : c));
  return ClusterCache.fromKubeConfig(kc, { watchTimeoutSeconds: 5 });
}

/** One random create, update or delete of a node, a pod or a NIMService, straight into the server's store. */
function randomChange(random: Random, serial: number): void {
  const kind = random.pick([NODES, PODS, PODS, NIMS]);
  const namespace = random.pick(NAMESPACES);
  const existing = sim.store.list(kind).filter((o) => kind === NODES || NAMESPACES.includes(o.metadata.namespace ?? ''));
  const op = existing.length < 5 ? 'create' : random.pick(['create', 'update', 'update', 'delete']);
  if (op === 'delete') {
    const victim = random.pick(existing);
    sim.store.delete(kind, victim.metadata.namespace, victim.metadata.name!);
    return;
  }
  if (op === 'update') {
    const object = structuredClone(random.pick(existing)) as Record<string, any>;
    if (kind === NODES) {
      object.spec = { ...object.spec, unschedulable: random.chance(0.3) };
      object.status = { ...object.status, allocatable: { ...object.status?.allocatable, 'nvidia.com/gpu': String(random.pick([0, 4, 8])) } };
    } else if (kind === PODS) {
      object.status = { ...object.status, phase: random.pick(['Pending', 'Running', 'Succeeded', 'Failed']), containerStatuses: [{ name: 'main', ready: random.chance(0.5), restartCount: random.int(20), state: { running: {} } }] };
    } else {
      object.status = { ...object.status, state: random.pick(['Pending', 'NotReady', 'Ready', 'Failed']) };
    }
    sim.store.update(kind, object as never);
    return;
  }
  const name = `${kind === NODES ? 'node' : kind === PODS ? 'pod' : 'nim'}-${serial}`;
  if (kind === NODES) {
    sim.store.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'karpenter.sh/nodepool': random.pick(POOLS), 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } }, spec: {}, status: { allocatable: { 'nvidia.com/gpu': '8' }, capacity: { 'nvidia.com/gpu': '8' }, conditions: [{ type: 'Ready', status: 'True' }] } } as never);
  } else if (kind === PODS) {
    const nodes = sim.store.list(NODES);
    const owner = random.pick(sim.store.list(NIMS, namespace).concat([{ metadata: { name: 'loose' } } as never]));
    sim.store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { 'app.kubernetes.io/name': owner.metadata.name!, app: owner.metadata.name! } }, spec: { nodeName: random.chance(0.8) ? random.pick(nodes).metadata.name : undefined, containers: [{ name: 'main', image: 'vllm', resources: { requests: { 'nvidia.com/gpu': String(1 + random.int(4)) }, limits: { 'nvidia.com/gpu': String(1 + random.int(4)) } } }] }, status: { phase: 'Running' } } as never);
  } else {
    sim.store.create(NIMS, { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace }, spec: { image: { repository: 'nvcr.io/nim/x', tag: '1.0' }, authSecret: 'ngc-api-secret', storage: { pvc: { create: true, size: '50Gi' } }, resources: { limits: { 'nvidia.com/gpu': '1' } }, expose: { service: { port: 8000 } } }, status: { state: 'Pending' } } as never);
  }
}

function versions(objects: Iterable<{ metadata?: { namespace?: string; name?: string; resourceVersion?: string } }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) out.set(`${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o.metadata?.resourceVersion ?? '?');
  return out;
}

function mismatches(cache: ClusterCache): string[] {
  const out: string[] = [];
  const compare = (what: string, server: Map<string, string>, cached: Map<string, string>) => {
    for (const [key, rv] of server) if (cached.get(key) !== rv) out.push(`${what} ${key}: server rv ${rv}, cache ${cached.get(key) ?? 'missing'}`);
    for (const key of cached.keys()) if (!server.has(key)) out.push(`${what} ${key}: in the cache, gone from the server`);
  };
  compare('node', versions(sim.store.list(NODES)), versions(cache.informers.nodes.items.values()));
  compare('pod', versions(sim.store.list(PODS)), versions(cache.informers.pods.items.values()));
  compare('nimservice', versions(sim.store.list(NIMS)), versions(cache.informers.nimServices.items.values()));
  try {
    assert.deepEqual(cache.pools.pools(), computeGpuPools(sim.store.list(NODES) as never, sim.store.list(PODS) as never));
  } catch {
    out.push('GPU pools differ from a recomputation from the server');
  }
  try {
    assert.deepEqual(cache.endpoints(), computeEndpoints({ nimServices: sim.store.list(NIMS) as never, deployments: sim.store.list('deployments.apps') as never, statefulSets: sim.store.list('statefulsets.apps') as never }));
  } catch {
    out.push('endpoints differ from a recomputation from the server');
  }
  return out;
}

test(`${CHANGES} random changes under API faults: the explorer's cache ends equal to the server`, { timeout: 300_000 }, async () => {
  const random = new Random(seed);
  const cache = cacheThrough(proxy.url);
  cache.start();
  try {
    for (let i = 0; i < CHANGES; i++) {
      randomChange(random, i);
      // Spread over ~40 s so that watches are cut, resumed and expired many times while changes keep coming.
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 50 + random.int(200)));
    }
    const injected = { ...proxy.injected };
    proxy.setRates({ error500: 0, slow: 0, gone410: 0, dropWatch: 0 });
    const calm = performance.now();
    let left = mismatches(cache);
    while (left.length && performance.now() - calm < 90_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = mismatches(cache);
    }
    printFigure('watch-chaos', {
      seed, changesApplied: CHANGES, faults: Object.values(injected).reduce((a, b) => a + b, 0), error500: injected.error500, slow: injected.slow, gone410: injected.gone410,
      droppedWatches: injected.dropWatch, objectsAtEnd: sim.store.list(NODES).length + sim.store.list(PODS).length + sim.store.list(NIMS).length, mismatches: left.length,
      convergeMs: Math.round(performance.now() - calm),
    });
    assert.deepEqual(left, [], `seed ${seed}`);
    assert.ok(injected.error500 > 0 && injected.gone410 > 0 && injected.dropWatch > 0, `every fault kind was injected: ${JSON.stringify(injected)}`);
  } finally {
    cache.dispose();
  }
});
