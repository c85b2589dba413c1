// The failure doctor on the simulated NIM Operator's caching jobs: each NIMCache mistake the simulator plays
// (unknown profile, NGC key refused or not entitled, PVC too small, a nodeSelector no node has, a missing
// authSecret, no pull secret for nvcr.io and an image not on the node yet) is diagnosed on the live path Diagnose takes for the caching pod
// (its log, container status and events over the API server), root cause first, with its evidence line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { feedLiveTarget } from '../../src/core/doctor/liveSource.js';
import { StreamingDoctor } from '../../src/core/doctor/streamingDoctor.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import { node, opaqueSecret } from '../../src/sim/fixtures/builders.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { clusterControllersPlugin, KEYS } from '../../src/sim/operator/index.js';
import { nimCacheObject, seedRecipeNamespace, waitFor } from './sim-operator-harness.js';

const NS = 'osmo-nims';

function nimCache(name: string, ngc: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) {
  return nimCacheObject(name, { ngc, spec });
}

describe('Diagnose on a failing NIMCache\'s caching pod names the cause', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  before(async () => {
    sim = await startGpuLab({
      speed: 1000,
      seed: (ctx) => {
        seedRecipeNamespace(ctx.store);
        ctx.store.create(KEYS.secrets, opaqueSecret(NS, 'placeholder-key', { NGC_API_KEY: '<YOUR NGC API KEY>' }));
        ctx.store.create(KEYS.secrets, opaqueSecret(NS, 'legacy-key', { NGC_API_KEY: 'MmJkZDk0N2MtZjA2Yy00' }));
        ctx.store.create(KEYS.nodes, node({ name: 'gpu-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 8, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.1.0' }, '2025-01-01T00:00:00Z'));
      },
      controllers: [clusterControllersPlugin],
    });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
  });
  after(async () => {
    kube.close();
    await sim.stop();
  });

  async function diagnose(cache: ReturnType<typeof nimCache>, ready: (pod: { status?: any }) => boolean) {
    sim.store.create(KEYS.nimCaches, cache as never);
    const job = `${cache.metadata.name}-job`;
    const pod = await waitFor(`${job}'s pod`, () => sim.store.list(KEYS.pods, NS).find((p) => p.metadata.labels?.['job-name'] === job && ready(p as never)), 30_000);
    const doctor = new StreamingDoctor();
    await feedLiveTarget(doctor, kube.transport, { namespace: NS, pod: pod.metadata.name });
    return doctor.findings();
  }
  const failed = (p: { status?: any }) => p.status?.phase === 'Failed';
  const waiting = (reason: RegExp) => (p: { status?: any }) => reason.test(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? '');

  const cases: Array<{ what: string; cache: ReturnType<typeof nimCache>; ready: (p: { status?: any }) => boolean; id: string; evidence: RegExp }> = [
    { what: 'a profile the NIM does not ship', cache: nimCache('typo', { model: { profiles: ['tensorrt_llm-h100-bf16-tp1-througput'] } }), ready: failed, id: 'nim-profile-not-found', evidence: /Unknown profiles provided: \{'tensorrt_llm-h100-bf16-tp1-througput'\}/ },
    { what: 'a placeholder NGC key (401)', cache: nimCache('placeholder', { authSecret: 'placeholder-key' }), ready: failed, id: 'ngc-key-unauthorized', evidence: /401 Unauthorized for url: https:\/\/api\.ngc\.nvidia\.com/ },
    { what: 'a key without entitlement (403)', cache: nimCache('legacy', { authSecret: 'legacy-key' }), ready: failed, id: 'ngc-not-entitled', evidence: /403 Forbidden for url/ },
    { what: 'a PVC smaller than the weights', cache: nimCacheObject('small', { pvc: { size: '5Gi' } }), ready: failed, id: 'disk-full', evidence: /\[Errno 28\] No space left on device: '\/model-store\// },
    { what: 'a nodeSelector no node has', cache: nimCache('nowhere', {}, { nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-B200' } }), ready: (p) => p.status?.conditions?.some((c: { reason?: string }) => c.reason === 'Unschedulable'), id: 'node-selector-no-match', evidence: /didn't match Pod's node affinity\/selector/ },
    { what: 'an authSecret that does not exist', cache: nimCache('nosecret', { authSecret: 'ngc-api' }), ready: waiting(/CreateContainerConfigError/), id: 'secret-or-key-not-found', evidence: /secret "ngc-api" not found/ },
    { what: 'no pull secret for nvcr.io', cache: nimCache('nopull', { pullSecret: 'missing', modelPuller: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.5' }), ready: waiting(/ErrImagePull|ImagePullBackOff/), id: 'image-pull-unauthorized', evidence: /nvcr\.io\/nim\/meta\/llama-3\.1-8b-instruct:1\.8\.5.*failed to authorize/ },
  ];
  for (const c of cases) {
    test(`${c.what} → ${c.id}`, async () => {
      const findings = await diagnose(c.cache, c.ready);
      assert.ok(findings.length, 'no findings');
      assert.equal(findings[0].signature, c.id, findings.map((f) => `${f.signature}: ${f.evidence.text}`).join('\n'));
      assert.match(findings[0].evidence.text, c.evidence);
      assert.ok(findings[0].fix.length > 20);
    });
  }
});
