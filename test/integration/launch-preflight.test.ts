import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNamespace, putSecretKeys } from '../../src/core/kube/clusterWrites.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import type { NimService } from '../../src/core/kube/nimService.js';
import { runPreflight } from '../../src/core/launch/preflight.js';
import type { PreflightCheck } from '../../src/core/launch/preflightTypes.js';
import { diffableYaml, readLive, serverSideApply } from '../../src/core/launch/serverSideApply.js';
import { node } from '../../src/sim/fixtures/builders.js';
import { qwenImageEdit } from '../../src/sim/fixtures/demo.js';
import { KEYS } from '../../src/sim/operator/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import { seedRecipeNamespace } from './sim-operator-harness.js';
import type { Simulator } from '../../src/sim/index.js';

const NS = 'osmo-nims';
const NAME = 'qwen-image-edit-nvpcb-ovsl2sl';

function manifest(overrides: Record<string, unknown> = {}, name = NAME, ns: string = NS): NimService {
  return { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: ns }, spec: qwenImageEdit(overrides) } as NimService;
}

function byId(checks: PreflightCheck[]): Record<string, PreflightCheck> {
  return Object.fromEntries(checks.map((c) => [c.id, c]));
}

describe('launch preflight and server-side apply against the simulator API server', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  before(async () => {
    sim = await startGpuLab({
      seed: (ctx) => {
        seedRecipeNamespace(ctx.store);
        ctx.store.create(KEYS.nodes, node({ name: 'h100-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 2, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.1.1' }, '2025-01-01T00:00:00Z'));
        ctx.store.create(KEYS.nodes, node({ name: 'l40s-0', pool: 'l40s', product: 'NVIDIA-L40S', gpus: 1, cpu: '32', memory: '256Gi', ephemeral: '500Gi', ip: '10.0.2.1' }, '2025-01-01T00:00:00Z'));
      },
    });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
  });
  after(async () => {
    kube.close();
    await sim.stop();
  });

  test('the image-edit recipe\'s manifest passes every check, CRD version and GPU figures named', async () => {
    const checks = await runPreflight(kube.transport, manifest(), NS);
    assert.deepEqual(checks.filter((c) => c.status !== 'pass'), [], JSON.stringify(checks, null, 1));
    const ids = byId(checks);
    assert.match(ids.cluster.detail, /Kubernetes v1\.33/);
    assert.match(ids.crd.detail, /nimservices\.apps\.nvidia\.com serves v1alpha1/);
    assert.equal(ids['auth-secret'].detail, 'has NGC_API_KEY');
    assert.equal(ids['env-secret:hf-token-secret'].detail, 'has HF_TOKEN');
    assert.match(ids.gpus.detail, /needs 1 × 1 = 1 GPU\(s\); 2 free of 2 on 1 nodes matching karpenter\.sh\/nodepool=h100/);
    assert.match(ids['pool-capacity'].detail, /h100 \(2\)/);
  });

  test('unreachable cluster stops at the first check', async () => {
    const dead = openKube({ kubeconfig: sim.kubeconfigPath });
    (dead.transport as unknown as { server: string }).server = 'http://127.0.0.1:1';
    const checks = await runPreflight(dead.transport, manifest(), NS);
    dead.close();
    assert.equal(checks.length, 1);
    assert.equal(checks[0].status, 'fail');
    assert.match(checks[0].detail, /cannot reach/);
  });

  test('missing namespace fails with a create fix, which creates it', async () => {
    const checks = byId(await runPreflight(kube.transport, manifest({}, NAME, 'fresh-ns'), 'fresh-ns'));
    assert.equal(checks.namespace.status, 'fail');
    assert.deepEqual(checks.namespace.fix, { kind: 'create-namespace', namespace: 'fresh-ns', title: 'Create namespace fresh-ns' });
    assert.equal(checks['auth-secret'].status, 'fail');
    await createNamespace(kube.transport, 'fresh-ns');
    assert.equal(byId(await runPreflight(kube.transport, manifest({}, NAME, 'fresh-ns'), 'fresh-ns')).namespace.status, 'pass');
  });

  test('authSecret missing, or without NGC_API_KEY; a password-box value creates it and adds the key', async () => {
    let checks = byId(await runPreflight(kube.transport, manifest({ authSecret: 'ngc-missing' }), NS));
    assert.equal(checks['auth-secret'].status, 'fail');
    assert.deepEqual(checks['auth-secret'].fix, { kind: 'create-secret', namespace: NS, name: 'ngc-missing', keys: ['NGC_API_KEY'], exists: false, title: 'Create Secret ngc-missing with NGC_API_KEY' });
    assert.equal(await putSecretKeys(kube.transport, NS, 'ngc-missing', { NGC_API_KEY: 'nvapi-typed-in' }), 'created');
    checks = byId(await runPreflight(kube.transport, manifest({ authSecret: 'ngc-missing' }), NS));
    assert.equal(checks['auth-secret'].status, 'pass');
    assert.equal(Buffer.from((sim.store.get(KEYS.secrets, NS, 'ngc-missing')!.data as Record<string, string>).NGC_API_KEY, 'base64').toString(), 'nvapi-typed-in');

    checks = byId(await runPreflight(kube.transport, manifest({ authSecret: 'no-key-secret' }), NS));
    assert.equal(checks['auth-secret'].status, 'fail');
    assert.match(checks['auth-secret'].detail, /has no key NGC_API_KEY .*couldn't find key NGC_API_KEY in Secret osmo-nims\/no-key-secret/);
    assert.equal(checks['auth-secret'].fix?.kind, 'create-secret');
    assert.equal(await putSecretKeys(kube.transport, NS, 'no-key-secret', { NGC_API_KEY: 'nvapi-2' }), 'updated');
    const data = sim.store.get(KEYS.secrets, NS, 'no-key-secret')!.data as Record<string, string>;
    assert.deepEqual(Object.keys(data).sort(), ['NGC_API_KEY', 'OTHER']);
  });

  test('env Secret without its key, missing pull secret, storage class, PVC and NIMCache', async () => {
    const checks = byId(await runPreflight(kube.transport, manifest({
      env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'TOKEN' } } }, { name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'K', optional: true } } }],
      image: { repository: 'nvcr.io/nim/meta/llama', tag: '1.0', pullSecrets: ['nvcr-pull-secret', 'absent-pull'] },
      storage: { pvc: { create: false, name: 'weights' }, sharedMemorySizeLimit: '32Gi' },
    }), NS));
    assert.equal(checks['env-secret:hf-token-secret'].status, 'fail');
    assert.deepEqual((checks['env-secret:hf-token-secret'].fix as { keys?: string[] }).keys, ['TOKEN']);
    assert.equal(checks['env-secret:gone'].status, 'warn');
    assert.equal(checks['pull-secret:nvcr-pull-secret'].status, 'pass');
    assert.equal(checks['pull-secret:absent-pull'].status, 'fail');
    assert.equal(checks.pvc.status, 'fail');
    assert.match(checks.pvc.detail, /spec\.storage\.pvc\.create is false/);
    const more = byId(await runPreflight(kube.transport, manifest({ storage: { pvc: { create: true, size: '1Gi', volumeAccessMode: 'ReadWriteOnce', storageClass: 'fast-ssd' } } }), NS));
    assert.equal(more['storage-class'].status, 'fail');
    const cache = byId(await runPreflight(kube.transport, manifest({ storage: { nimCache: { name: 'llm-cache' } } }), NS));
    assert.equal(cache.nimcache.status, 'fail');
  });

  test('not enough free GPUs, and a pool with total capacity below 2 for image edit', async () => {
    let checks = byId(await runPreflight(kube.transport, manifest({ replicas: 3 }), NS));
    assert.equal(checks.gpus.status, 'fail');
    assert.match(checks.gpus.detail, /needs 3 × 1 = 3 GPU\(s\); 2 free of 2/);
    checks = byId(await runPreflight(kube.transport, manifest({ nodeSelector: { 'karpenter.sh/nodepool': 'l40s' } }), NS));
    assert.equal(checks.gpus.status, 'pass');
    assert.equal(checks['pool-capacity'].status, 'fail');
    assert.equal(checks['pool-capacity'].fix?.kind, 'disable-setting');
    checks = byId(await runPreflight(kube.transport, manifest({ nodeSelector: { 'karpenter.sh/nodepool': 'l40s' } }), NS, { requirePoolCapacity2ForImageEdit: false }));
    assert.equal(checks['pool-capacity'], undefined);
  });

  test('missing CRD fails with the install fix', async () => {
    const crd = sim.store.get(KEYS.crds, undefined, 'nimservices.apps.nvidia.com');
    assert.ok(crd);
    sim.store.delete('customresourcedefinitions.apiextensions.k8s.io', undefined, 'nimservices.apps.nvidia.com');
    try {
      const checks = byId(await runPreflight(kube.transport, manifest(), NS));
      assert.equal(checks.crd.status, 'fail');
      assert.equal(checks.crd.fix?.kind, 'install-operator');
    } finally {
      sim.store.create('customresourcedefinitions.apiextensions.k8s.io', crd);
    }
  });

  test('dry run changes nothing; apply creates; another manager conflicts with the fields named; force takes them', async () => {
    const dry = await serverSideApply(kube.transport, manifest({}, 'ssa-demo'), NS, { dryRun: true });
    assert.ok(dry.ok);
    assert.equal(dry.created, true);
    assert.equal(await readLive(kube.transport, NS, 'ssa-demo'), undefined);
    assert.match(diffableYaml(dry.object), /name: ssa-demo/);
    assert.doesNotMatch(diffableYaml(dry.object), /managedFields|resourceVersion/);

    const applied = await serverSideApply(kube.transport, manifest({}, 'ssa-demo'), NS);
    assert.ok(applied.ok && applied.created);
    const live = await readLive(kube.transport, NS, 'ssa-demo');
    assert.equal((live!.metadata as { managedFields: Array<{ manager: string }> }).managedFields[0].manager, 'inference-endpoint-studio');

    const other = await serverSideApply(kube.transport, manifest({ replicas: 2 }, 'ssa-demo'), NS, { fieldManager: 'kubectl' });
    assert.equal(other.ok, false);
    assert.ok(!other.ok && other.conflicts.some((c) => c.field === '.spec.replicas' && /inference-endpoint-studio/.test(c.manager)), JSON.stringify(other));
    const forced = await serverSideApply(kube.transport, manifest({ replicas: 2 }, 'ssa-demo'), NS, { fieldManager: 'kubectl', force: true });
    assert.ok(forced.ok && !forced.created);
    const again = await serverSideApply(kube.transport, manifest({ replicas: 1 }, 'ssa-demo'), NS);
    assert.ok(!again.ok && again.conflicts.some((c) => c.field === '.spec.replicas' && /kubectl/.test(c.manager)));
  });
});
