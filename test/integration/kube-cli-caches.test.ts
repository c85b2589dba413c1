// NIMCaches against the simulated GPU lab: the simulator's NIMCache controller runs the caching job and fills in state,
// PVC and profiles, `ies caches`
// prints them (JSON and text) with the caching job's pod and the NIMServices that mount each cache, and the shared
// cluster cache's model follows new caches, users and caching pods through its watches.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
        ctx.store.create('nodes', node({ name: 'l40s-a', pool: 'l40s', product: 'NVIDIA-L40S', gpus: 4, gpuTaint: true, cpu: '64', memory: '512Gi', ephemeral: '1000Gi', ip: '10.0.2.0' }, '2025-01-01T00:00:00Z'));
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
    // Asks for 2 GPUs on the L40S pool: neither the GPU nor the count matches the cached profile.
    const wrong = staticNim('nim', 'llama-wrong-pool');
    wrong.spec.storage = { nimCache: { name: 'llama-cache' } };
    wrong.spec.resources = { limits: { 'nvidia.com/gpu': '2' } };
    wrong.spec.nodeSelector = { 'nvidia.com/gpu.product': 'NVIDIA-L40S' };
    wrong.spec.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
    sim.store.create(NIM_SERVICES, wrong as never);
    const orphan = staticNim('nim', 'orphan');
    orphan.spec.storage = { nimCache: { name: 'no-such-cache' } };
    sim.store.create(NIM_SERVICES, orphan as never);
    await until(() => (sim.store.get(NIM_CACHES, 'nim', 'llama-cache') as { status?: { state?: string } } | undefined)?.status?.state === 'Ready', 'the simulated operator to cache llama', 30_000);
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
      { namespace: 'nim', name: 'llama-cache', state: 'Ready', model: 'meta/llama-3.1-8b-instruct', pvc: { name: 'llama-cache-pvc', size: '50Gi', create: true }, selectedProfiles: [PROFILE], cachingPod: cachingPodName, usedBy: ['llama-cached', 'llama-wrong-pool'] },
    );
    assert.match(cachingPodName, /^llama-cache-job-[a-z0-9]{5}$/);
    assert.ok(cache.conditions.some((c: { type: string; status: string }) => c.type === 'NIM_CACHE_JOB_COMPLETED' && c.status === 'True'), JSON.stringify(cache.conditions));
    // The PVC the status names is the one the operator created.
    assert.ok(sim.store.get('persistentvolumeclaims', 'nim', 'llama-cache-pvc'));
  });

  it('--profiles: the cached profile with its tags, compatible with the H100 pool and not the tainted L40S pool', async () => {
    const { code, out, err } = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '--profiles', '--format', 'json']);
    assert.equal(code, 0, err);
    const [report] = JSON.parse(out).caches;
    assert.equal(report.target, 'NIMCache nim/llama-cache');
    assert.equal(report.profiles.length, 1);
    const [p] = report.profiles;
    assert.match(p.id, /^[0-9a-f]{64}$/);
    assert.deepEqual({ name: p.name, engine: p.engine, gpu: p.gpu, precision: p.precision, tp: p.tensorParallel, cached: p.cached, selected: p.selected, compatible: p.compatible, pools: p.pools }, { name: PROFILE, engine: 'tensorrt_llm', gpu: 'H100', precision: 'bf16', tp: 1, cached: true, selected: true, compatible: true, pools: ['h100'] });
    assert.deepEqual(p.reasons, ['l40s: taint nvidia.com/gpu=present:NoSchedule not tolerated']);
    const text = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '--profiles']);
    assert.match(text.out, /^NIMCache nim\/llama-cache — Ready\n  ✓ tensorrt_llm-h100-bf16-tp1-throughput \(cached; tensorrt_llm H100 bf16 tp1\) — runs on h100\n$/);
  });

  it('--service: the profiles of the cache a NIMService mounts against its pool and GPU count', async () => {
    const ok = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '-n', 'nim', '--service', 'llama-cached', '--format', 'json']);
    assert.equal(ok.code, 0, ok.err);
    assert.deepEqual(JSON.parse(ok.out).profiles.map((p: { compatible: boolean }) => p.compatible), [true]);
    const wrong = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '-n', 'nim', '--service', 'llama-wrong-pool']);
    assert.equal(wrong.code, 0, wrong.err);
    assert.match(wrong.out, /^NIMService nim\/llama-wrong-pool \(NIMCache llama-cache\) — Ready\n  ✗ tensorrt_llm-h100-bf16-tp1-throughput .* — needs 1 GPU\(s\), the NIMService requests 2\n$/);
    const json = JSON.parse((await run(['caches', '--kubeconfig', sim.kubeconfigPath, '-n', 'nim', '--service', 'llama-wrong-pool', '--format', 'json'])).out);
    assert.deepEqual(json.profiles[0].pools, []);
    assert.match(json.profiles[0].reasons.join('\n'), /^h100: nodeSelector nvidia.com\/gpu.product=NVIDIA-L40S matches no node\nl40s: built for H100, the pool has NVIDIA-L40S$/);
    const orphan = await run(['caches', '--kubeconfig', sim.kubeconfigPath, '-n', 'nim', '--service', 'orphan']);
    assert.match(orphan.out, /NIMCache no-such-cache not found in nim\./);
    assert.equal((await run(['caches', '--kubeconfig', sim.kubeconfigPath, '--service', 'orphan'])).code, 2);
  });

  it('ies endpoints shows the NIMCache state of each NIMService\'s cache (text and JSON)', async () => {
    const json = JSON.parse((await run(['endpoints', '--kubeconfig', sim.kubeconfigPath, '--format', 'json'])).out);
    const byName = Object.fromEntries(json.endpoints.map((e: { name: string; nimCache?: unknown }) => [e.name, e.nimCache]));
    assert.deepEqual(byName['llama-cached'], { name: 'llama-cache', state: 'Ready' });
    assert.deepEqual(byName.orphan, { name: 'no-such-cache', state: 'NotFound' });
    const text = await run(['endpoints', '--kubeconfig', sim.kubeconfigPath]);
    assert.match(text.out, /NIMCACHE/);
    assert.match(text.out, /llama-cached .* llama-cache \(Ready\)/);
    assert.match(text.out, /orphan .* no-such-cache \(NotFound\)/);
  });

  it('ies lint --kubeconfig: a NIMService is checked against the NIMCache in the cluster (its cached profile and tags)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-lint-cluster-'));
    const manifest = (profile: string, gpus: number) => `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
  namespace: nim
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.8.4"
    pullSecrets: [ngc-secret]
  authSecret: ngc-api
  storage:
    nimCache:
      name: llama-cache${profile ? `\n      profile: ${profile}` : ''}
  resources:
    limits:
      nvidia.com/gpu: ${gpus}
  expose:
    service:
      port: 8000
`;
    writeFileSync(join(dir, 'wrong-profile.yaml'), manifest('vllm-bf16-tp1', 1));
    writeFileSync(join(dir, 'wrong-gpus.yaml'), manifest('', 2));
    writeFileSync(join(dir, 'good.yaml'), manifest(PROFILE, 1));
    let out = '';
    const io: CliIo = { out: (t) => (out += t), err: () => {}, isTTY: false, cwd: dir, env: {} };
    assert.equal(await runCli(['lint', '.', '--kubeconfig', sim.kubeconfigPath, '--format', 'json'], io), 1);
    const byFile = Object.fromEntries((JSON.parse(out).files as Array<{ path: string; diagnostics: Array<{ code: string; message: string }> }>).map((f) => [f.path, f.diagnostics.filter((d) => d.code.startsWith('nimcache-'))]));
    assert.deepEqual(byFile['good.yaml'], []);
    assert.deepEqual(byFile['wrong-profile.yaml'].map((d) => d.code), ['nimcache-profile-not-cached']);
    assert.match(byFile['wrong-profile.yaml'][0].message, new RegExp(`which holds ${PROFILE}`));
    assert.deepEqual(byFile['wrong-gpus.yaml'].map((d) => d.code), ['nimcache-profile-gpu-count']);
    // Without the cluster, nothing to compare with; an unreachable cluster is exit 2.
    out = '';
    assert.equal(await runCli(['lint', '.', '--format', 'json'], io), 0);
    const dead = sim.kubeconfigPath + '.lint-dead';
    writeFileSync(dead, readFileSync(sim.kubeconfigPath, 'utf8').replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:9'));
    assert.equal(await runCli(['lint', '.', '--kubeconfig', dead], { ...io, err: () => {} }), 2);
  });

  it('prints a table, filters by namespace, and exits 2 when the cluster is unreachable', async () => {
    const text = await run(['caches', '--kubeconfig', sim.kubeconfigPath]);
    assert.equal(text.code, 0, text.err);
    const lines = text.out.trim().split('\n');
    assert.match(lines[0], /^NAMESPACE\s+NAME\s+STATE\s+PVC\s+SIZE\s+PROFILES\s+POD\s+USED BY$/);
    assert.match(lines[1], new RegExp(`^nim\\s+llama-cache\\s+Ready\\s+llama-cache-pvc\\s+50Gi\\s+1\\s+${cachingPodName}\\s+llama-cached,llama-wrong-pool$`));
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
      assert.deepEqual(model.usedBy, ['llama-cached', 'llama-wrong-pool']);
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
