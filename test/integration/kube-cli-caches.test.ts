// NIMCaches against the simulated GPU lab: the simulator's NIMCache controller runs the caching job and fills in state,
// PVC and profiles, `ies caches`
// prints them (JSON and text) with the caching job's pod and the NIMServices that mount each cache, and the shared
// cluster cache's model follows new caches, users and caching pods through its watches.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';
import { ClusterCache, type CacheChange } from '../../src/core/kube/clusterCache.js';
import { loadClusterSnapshot } from '../../src/core/kube/clusterSnapshot.js';
import { kubeConfigFor, loadKubeconfigs } from '../../src/core/kube/kubeconfigFiles.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { defaultStorageClass, namespace, node, opaqueSecret, pullSecret } from '../../src/sim/fixtures/builders.js';
import { clusterControllersPlugin } from '../../src/sim/operator/index.js';
import { nimService } from '../unit/cluster-fixture.js';

const NIM_CACHES = 'nimcaches.apps.nvidia.com';
const NIM_SERVICES = 'nimservices.apps.nvidia.com';
const PROFILE = 'tensorrt_llm-h100-bf16-tp1-throughput';

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd: process.cwd(), env };
  const code = await runCli(args, io);
  return { code, out, err };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function nimCache(namespace: string, name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMCache', metadata: { name, namespace }, spec };
}

/** A NIMService the simulated operator leaves alone: only its reference to a cache matters here. */
function staticNim(ns: string, name: string) {
  const nim = nimService(ns, name, 'NotReady', 1) as { metadata: { annotations?: Record<string, string> }; spec: Record<string, unknown> };
  nim.metadata.annotations = { 'sim.ies.dev/static': 'true' };
  return nim;
}

function cachingPod(namespace: string, cache: string, suffix: string) {
  const job = `${cache}-job`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${job}-${suffix}`,
      namespace,
      labels: { 'batch.kubernetes.io/job-name': job, 'job-name': job, 'app.kubernetes.io/name': cache, 'app.kubernetes.io/managed-by': 'k8s-nim-operator' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job, uid: `uid-${job}`, controller: true }],
      annotations: { 'sim.ies.dev/static': 'true' },
    },
    spec: { nodeName: 'h100-a', restartPolicy: 'Never', containers: [{ name: 'nim-cache', image: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', args: ['download-to-cache'] }] },
    status: { phase: 'Succeeded', containerStatuses: [{ name: 'nim-cache', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
  };
}

describe('ies caches and the NIMCache model', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({
      speed: 1000,
      seed: (ctx) => {
        for (const ns of ['nim', 'team-a']) ctx.store.create('namespaces', namespace(ns));
        ctx.store.create('secrets', opaqueSecret('nim', 'ngc-api', { NGC_API_KEY: 'nvapi-FAKE' }));
        ctx.store.create('secrets', pullSecret('nim', 'ngc-secret', 'nvcr.io'));
        ctx.store.create('storageclasses.storage.k8s.io', defaultStorageClass('standard'));
        ctx.store.create('nodes', node({ name: 'h100-a', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 8, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.1.0' }, '2025-01-01T00:00:00Z'));
      },
      controllers: [clusterControllersPlugin],
    });
    sim.store.create(NIM_CACHES, nimCache('nim', 'llama-cache', {
      source: { ngc: { modelPuller: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', pullSecret: 'ngc-secret', authSecret: 'ngc-api', model: { profiles: [PROFILE] } } },
      storage: { pvc: { create: true, size: '50Gi', volumeAccessMode: 'ReadWriteOnce' } },
    }) as never);
    const user = staticNim('nim', 'llama-cached');
    user.spec.storage = { nimCache: { name: 'llama-cache' } };
    sim.store.create(NIM_SERVICES, user as never);
    await until(() => (sim.store.get(NIM_CACHES, 'nim', 'llama-cache') as { status?: { state?: string } } | undefined)?.status?.state === 'Ready', 'the simulated operator to cache llama');
  });
  after(async () => sim?.stop());

  let cachingPodName = '';
  before(() => {
    cachingPodName = sim.store.list('pods', 'nim').find((p) => p.metadata.labels?.['job-name'] === 'llama-cache-job')!.metadata.name;
  });

  it('prints NIMCaches as JSON: state, PVC and size, selected profiles, caching pod, the NIMServices using it', async () => {
    const { code, out, err } = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '--format', 'json']);
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assert.equal(json.context, sim.context);
    assert.equal(json.nimCacheCrdInstalled, true);
    assert.equal(json.caches.length, 1);
    const [cache] = json.caches;
    assert.deepEqual(
      { namespace: cache.namespace, name: cache.name, state: cache.state, model: cache.model, pvc: cache.pvc, selectedProfiles: cache.selectedProfiles, cachingPod: cache.cachingPod, usedBy: cache.usedBy },
      { namespace: 'nim', name: 'llama-cache', state: 'Ready', model: 'meta/llama-3.1-8b-instruct', pvc: { name: 'llama-cache-pvc', size: '50Gi', create: true }, selectedProfiles: [PROFILE], cachingPod: cachingPodName, usedBy: ['llama-cached'] },
    );
    assert.match(cachingPodName, /^llama-cache-job-[a-z0-9]{5}$/);
    assert.ok(cache.conditions.some((c: { type: string; status: string }) => c.type === 'NIM_CACHE_JOB_COMPLETED' && c.status === 'True'), JSON.stringify(cache.conditions));
    // The PVC the status names is the one the operator created.
    assert.ok(sim.store.get('persistentvolumeclaims', 'nim', 'llama-cache-pvc'));
  });

  it('prints a table, filters by namespace, and exits 2 when the cluster is unreachable', async () => {
    const text = await run(['caches', '--kubeconfig', sim.kubeconfigPath]);
    assert.equal(text.code, 0, text.err);
    const lines = text.out.trim().split('\n');
    assert.match(lines[0], /^NAMESPACE\s+NAME\s+STATE\s+PVC\s+SIZE\s+PROFILES\s+POD\s+USED BY$/);
    assert.match(lines[1], new RegExp(`^nim\\s+llama-cache\\s+Ready\\s+llama-cache-pvc\\s+50Gi\\s+1\\s+${cachingPodName}\\s+llama-cached$`));
    const other = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '-n', 'team-a', '--format', 'json']);
    assert.equal(other.code, 0);
    assert.deepEqual(JSON.parse(other.out).caches, []);
    const dead = sim.kubeconfigPath + '.caches-dead';
    writeFileSync(dead, readFileSync(sim.kubeconfigPath, 'utf8').replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:9'));
    const unreachable = await run(['caches', '--kubeconfig', dead]);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.err, /^ies caches: cluster current context is unreachable .*\n$/);
    assert.equal((await run(['caches', '--format', 'yaml', '--kubeconfig', sim.kubeconfigPath])).code, 2);
  });

  it('the snapshot\'s cache model equals what ies caches prints, and pools and endpoints are unaffected', async () => {
    const cache = await loadClusterSnapshot({ kubeconfig: sim.kubeconfigPath });
    try {
      const model = cache.nimCache('nim', 'llama-cache')!;
      assert.equal(model.stateClass, 'Ready');
      assert.deepEqual(model.cachingPods, [cachingPodName]);
      assert.deepEqual(model.usedBy, ['llama-cached']);
      assert.deepEqual(cache.nimCaches(['nim']).map((c) => c.name), ['llama-cache']);
      assert.ok(cache.endpoints().some((e) => e.name === 'llama-cached'));
      // The informer keeps the slim object: no secrets' names, no managedFields.
      const kept = JSON.stringify(cache.informers.nimCaches.items.get('nim/llama-cache'));
      assert.doesNotMatch(kept, /ngc-secret|ngc-api|managedFields|volumeAccessMode/);
    } finally {
      cache.dispose();
    }
  });

  it('the live cache follows a new NIMCache (a failing one), its caching pod and a NIMService that starts using it', async () => {
    const kc = kubeConfigFor(loadKubeconfigs([sim.kubeconfigPath]), sim.context);
    const cache = ClusterCache.fromKubeConfig(kc, { watchTimeoutSeconds: 30 });
    const changes: CacheChange[] = [];
    cache.onDidChange((c) => changes.push(c));
    try {
      cache.start();
      await cache.whenSynced({ failFast: true });
      changes.length = 0;
      sim.store.create(NIM_CACHES, nimCache('team-a', 'qwen-cache', { source: { hf: { endpoint: 'https://huggingface.co', namespace: 'Qwen', modelName: 'Qwen/Qwen3-8B' } }, storage: { pvc: { create: false, name: 'models' } } }) as never);
      await until(() => cache.nimCache('team-a', 'qwen-cache')?.state === 'NotReady', 'the missing PVC to fail the cache');
      assert.ok(changes.some((c) => c.nimCacheList && c.nimCaches.has('team-a/qwen-cache')));
      const failed = cache.nimCache('team-a', 'qwen-cache')!;
      assert.equal(failed.stateClass, 'Failed');
      assert.equal(failed.model, 'Qwen/Qwen3-8B');
      assert.deepEqual(failed.pvc, { name: 'models', size: undefined, storageClass: undefined, create: false });
      assert.match(failed.conditions.map((c) => c.message).join(' '), /persistentvolumeclaims "models" not found/);

      changes.length = 0;
      sim.store.create('pods', cachingPod('team-a', 'qwen-cache', 'abcde') as never);
      await until(() => changes.some((c) => c.nimCaches.has('team-a/qwen-cache')), 'a change for the caching pod');
      assert.deepEqual(cache.nimCache('team-a', 'qwen-cache')!.cachingPods, ['qwen-cache-job-abcde']);

      changes.length = 0;
      const user = staticNim('team-a', 'qwen');
      user.spec.storage = { nimCache: { name: 'qwen-cache' } };
      sim.store.create(NIM_SERVICES, user as never);
      await until(() => changes.some((c) => c.nimCaches.has('team-a/qwen-cache')), 'a change for the new user');
      assert.deepEqual(cache.nimCache('team-a', 'qwen-cache')!.usedBy, ['qwen']);

      sim.store.delete(NIM_CACHES, 'team-a', 'qwen-cache');
      await until(() => !cache.nimCache('team-a', 'qwen-cache'), 'the deletion');
      assert.deepEqual(cache.nimCaches().map((c) => `${c.namespace}/${c.name}`), ['nim/llama-cache']);
    } finally {
      cache.dispose();
    }
  });

  it('a cluster without the NIMCache CRD: ies caches says so and exits 0; pools and endpoints still work', async () => {
    const bare = await startSimulator({});
    try {
      bare.store.delete('customresourcedefinitions.apiextensions.k8s.io', undefined, 'nimcaches.apps.nvidia.com');
      const json = await run(['caches', '--kubeconfig', bare.kubeconfigPath, '--format', 'json']);
      assert.equal(json.code, 0, json.err);
      assert.deepEqual(JSON.parse(json.out), { context: bare.context, nimCacheCrdInstalled: false, caches: [] });
      const text = await run(['caches', '--kubeconfig', bare.kubeconfigPath]);
      assert.match(text.out, /NIM Operator not installed \(no NIMCache CRD\)/);
      assert.equal((await run(['endpoints', '--kubeconfig', bare.kubeconfigPath])).code, 0);
    } finally {
      await bare.stop();
    }
  });
});
