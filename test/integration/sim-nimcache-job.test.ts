// The simulated NIM Operator's NIMCache controller plays the caching Job as the operator does: `<cache>-job` with
// its pod in the cache's namespace on the cache's PVC, download progress in the pod's log, status.state and
// conditions in the operator's order, status.profiles with the manifest's tags — and each failure from the
// manifest mistake that causes it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { opaqueSecret } from '../../src/sim/fixtures/builders.js';
import { nimManifest } from '../../src/sim/operator/nimModelManifest.js';
import { KEYS } from '../../src/sim/operator/index.js';
import type { KubeObject } from '../../src/sim/store/types.js';
import { eventsFor, gpuNode, NIM_CACHE_IMAGE, NIM_CACHE_PROFILE, nimCacheObject, NS, startTestCluster, waitFor, type TestCluster } from './sim-operator-harness.js';

const IMAGE = NIM_CACHE_IMAGE;
const PROFILE = NIM_CACHE_PROFILE;
const nimCache = nimCacheObject;

type CacheStatus = { state?: string; pvc?: string; profiles?: Array<{ name: string; model: string; release: string; config: Record<string, string> }>; conditions?: Array<{ type: string; status: string; reason: string; message: string }> };

function status(c: TestCluster, name: string): CacheStatus {
  return (c.store.get(KEYS.nimCaches, NS, name)?.status ?? {}) as CacheStatus;
}

function cachingPods(c: TestCluster, name: string): KubeObject[] {
  return c.store.list(KEYS.pods, NS).filter((p) => p.metadata.labels?.['job-name'] === `${name}-job`);
}

function podLog(c: TestCluster, pod: KubeObject): string {
  return (c.controllers.logs.lines(NS, pod.metadata.name, 'nim-cache-ctr', false) ?? []).map((l) => l.text).join('\n');
}

/**
 * The log of a caching pod that failed. The cache goes Failed as soon as one pod fails, while the Job may already run
 * its next try (an empty log), and pods are listed by name (a random suffix), not by age.
 */
function failedPodLog(c: TestCluster, name: string): Promise<string> {
  return waitFor(`a failed ${name} caching pod with its log`, () => {
    const failed = cachingPods(c, name).find((p) => (p.status as { phase?: string } | undefined)?.phase === 'Failed');
    return failed && podLog(c, failed);
  });
}

function waiting(pod: KubeObject | undefined): { reason: string; message?: string } | undefined {
  return (pod?.status as { containerStatuses?: Array<{ state: { waiting?: { reason: string; message?: string } } }> } | undefined)?.containerStatuses?.[0]?.state.waiting;
}

describe('simulated NIMCache caching job', () => {
  const clusters: TestCluster[] = [];
  const cluster = (nodes?: KubeObject[]) => {
    const c = startTestCluster({ speed: 1000, nodes });
    clusters.push(c);
    return c;
  };
  after(async () => {
    for (const c of clusters) await c.stop();
  });

  it('caches the selected profile: Job and pod named as the operator names them, progress in the log, Ready with status.profiles', async () => {
    const c = cluster();
    const states: string[] = [];
    const unsubscribe = c.store.subscribe((e) => {
      const s = (e.object.status as CacheStatus | undefined)?.state;
      if (e.object.kind === 'NIMCache' && s && states.at(-1) !== s) states.push(s);
    });
    c.store.create(KEYS.nimCaches, nimCache('llama'));
    await waitFor('the cache to be Ready', () => status(c, 'llama').state === 'Ready', 30_000);
    unsubscribe();
    assert.deepEqual(states, ['PVC-Created', 'Started', 'Pending', 'InProgress', 'Ready'].filter((s) => states.includes(s)));
    assert.ok(states.includes('InProgress') && states.at(-1) === 'Ready', states.join(' → '));

    const job = c.store.get(KEYS.jobs, NS, 'llama-job')!;
    assert.equal((job.spec as { backoffLimit: number }).backoffLimit, 5);
    assert.equal(job.metadata.ownerReferences?.[0].kind, 'NIMCache');
    const [pod] = cachingPods(c, 'llama');
    assert.match(pod.metadata.name, /^llama-job-[a-z0-9]{5}$/);
    assert.equal(pod.metadata.labels?.['batch.kubernetes.io/job-name'], 'llama-job');
    assert.equal(pod.metadata.ownerReferences?.[0].kind, 'Job');
    const spec = pod.spec as { containers: Array<{ name: string; command: string[]; args: string[] }>; volumes: Array<{ persistentVolumeClaim?: { claimName: string } }>; restartPolicy: string };
    assert.equal(spec.containers[0].name, 'nim-cache-ctr');
    assert.deepEqual([...spec.containers[0].command, ...spec.containers[0].args], ['download-to-cache', '--profiles', PROFILE]);
    assert.equal(spec.restartPolicy, 'Never');
    assert.ok(spec.volumes.some((v) => v.persistentVolumeClaim?.claimName === 'llama-pvc'));
    assert.equal((pod.status as { phase: string }).phase, 'Succeeded');

    const log = podLog(c, pod);
    const selected = nimManifest(IMAGE).find((p) => p.name === PROFILE)!;
    assert.match(log, new RegExp(`Fetching contents for profile ${selected.id}`));
    assert.match(log, /\] +25% [\d.]+ GiB\/[\d.]+ GiB .* trtllm_engine\/rank0\.engine/);
    assert.match(log, /\] 100% [\d.]+ GiB\/[\d.]+ GiB .* trtllm_engine\/rank0\.engine/);
    assert.match(log, /Model workspace is now ready/);

    const s = status(c, 'llama');
    assert.equal(s.pvc, 'llama-pvc');
    assert.deepEqual(s.profiles?.map((p) => [p.name, p.model, p.config.tp, p.config.gpu, p.config.llm_engine]), [[selected.id, 'meta/llama-3.1-8b-instruct', '1', 'H100', 'tensorrt_llm']]);
    const completed = s.conditions?.find((x) => x.type === 'NIM_CACHE_JOB_COMPLETED');
    assert.deepEqual([completed?.status, completed?.reason], ['True', 'JobCompleted']);
    // The weights are on the PVC now: a NIMService mounting it does not download again.
    assert.match(c.store.get(KEYS.pvcs, NS, 'llama-pvc')?.metadata.annotations?.['sim.ies.dev/cached-models'] ?? '', /meta\/llama-3\.1-8b-instruct/);
  });

  it('auto-selects profiles for the cluster\'s GPUs when none are named (the operator\'s annotation), and fails with no match', async () => {
    const c = cluster();
    c.store.create(KEYS.nimCaches, nimCache('auto', { ngc: { model: { engine: 'tensorrt_llm', tensorParallelism: '2', precision: 'fp8' } } }));
    const annotation = await waitFor('the selection', () => c.store.get(KEYS.nimCaches, NS, 'auto')?.metadata.annotations?.['nvidia.com/selected-profiles']);
    const names = (JSON.parse(annotation) as string[]).map((id) => nimManifest(IMAGE).find((p) => p.id === id)?.name);
    assert.deepEqual(names, ['tensorrt_llm-h100-fp8-tp2-latency']);
    await waitFor('the auto-selected profile cached', () => status(c, 'auto').state === 'Ready', 30_000);
    assert.deepEqual(status(c, 'auto').conditions?.map((x) => x.type).sort(), ['NIM_CACHE_JOB_COMPLETED', 'NIM_CACHE_JOB_CREATED', 'NIM_CACHE_JOB_PENDING', 'NIM_CACHE_PVC_CREATED']);
    assert.deepEqual(status(c, 'auto').profiles?.map((p) => p.config.name), ['tensorrt_llm-h100-fp8-tp2-latency']);
    c.store.create(KEYS.nimCaches, nimCache('none', { ngc: { model: { engine: 'tensorrt_llm', gpus: [{ product: 'B200' }] } } }));
    await waitFor('NotReady', () => status(c, 'none').state === 'NotReady');
    assert.match(status(c, 'none').conditions!.find((x) => x.type === 'NIM_CACHE_RECONCILE_FAILED')!.message, /no profiles are selected for caching/);
  });

  it('job unschedulable: a nodeSelector no node offers leaves the pod Pending with the scheduler\'s FailedScheduling message', async () => {
    const c = cluster();
    c.store.create(KEYS.nimCaches, nimCache('nowhere', { spec: { nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-B200' } } }));
    const pod = await waitFor('the caching pod', () => cachingPods(c, 'nowhere')[0]);
    const event = await waitFor('FailedScheduling', () => eventsFor(c.store, pod.metadata.name).find((e) => e.reason === 'FailedScheduling'));
    assert.match(event.message, /0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector/);
    await waitFor('InProgress', () => status(c, 'nowhere').state === 'InProgress');
  });

  it('profile not found: the container rejects it and lists the valid ids; the cache goes Failed', async () => {
    const c = cluster();
    c.store.create(KEYS.nimCaches, nimCache('typo', { ngc: { model: { profiles: ['tensorrt_llm-h100-bf16-tp1-througput'] } } }));
    await waitFor('Failed', () => status(c, 'typo').state === 'Failed', 30_000);
    const log = await failedPodLog(c, 'typo');
    assert.match(log, /Error: Not all of the provided profiles are supported\.\nUnknown profiles provided: \{'tensorrt_llm-h100-bf16-tp1-througput'\}/);
    assert.match(log, /tensorrt_llm-h100-bf16-tp1-throughput\)/);
    const completed = status(c, 'typo').conditions!.find((x) => x.type === 'NIM_CACHE_JOB_COMPLETED')!;
    assert.deepEqual([completed.status, completed.reason], ['False', 'JobFailed']);
    // The Job retries with back-off (backoffLimit 5: six pods), then gives up; the cache stays Failed.
    const job = await waitFor('BackoffLimitExceeded', () => {
      const j = c.store.get(KEYS.jobs, NS, 'typo-job');
      return (j?.status as { conditions?: Array<{ reason: string }> } | undefined)?.conditions?.[0]?.reason === 'BackoffLimitExceeded' && j;
    }, 30_000);
    assert.equal((job.status as { failed: number }).failed, 6);
    assert.equal(cachingPods(c, 'typo').length, 6);
    await waitFor('Failed after the last pod', () => status(c, 'typo').state === 'Failed', 30_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(status(c, 'typo').state, 'Failed', 'and it stays Failed');
  });

  it('NGC key: a missing authSecret Secret (CreateContainerConfigError), a placeholder key (401), a key without entitlement (403)', async () => {
    const c = cluster();
    c.store.create(KEYS.secrets, opaqueSecret(NS, 'placeholder-key', { NGC_API_KEY: '<YOUR NGC API KEY>' }));
    c.store.create(KEYS.secrets, opaqueSecret(NS, 'legacy-key', { NGC_API_KEY: 'MmJkZDk0N2MtZjA2Yy00' }));
    c.store.create(KEYS.nimCaches, nimCache('nosecret', { ngc: { authSecret: 'ngc-api' } }));
    c.store.create(KEYS.nimCaches, nimCache('placeholder', { ngc: { authSecret: 'placeholder-key' } }));
    c.store.create(KEYS.nimCaches, nimCache('legacy', { ngc: { authSecret: 'legacy-key' } }));
    const stuck = await waitFor('CreateContainerConfigError', () => waiting(cachingPods(c, 'nosecret')[0])?.reason === 'CreateContainerConfigError' && waiting(cachingPods(c, 'nosecret')[0]));
    assert.equal(stuck && stuck.message, 'secret "ngc-api" not found');
    await waitFor('401 and 403', () => status(c, 'placeholder').state === 'Failed' && status(c, 'legacy').state === 'Failed', 30_000);
    assert.match(await failedPodLog(c, 'placeholder'), /401 Unauthorized for url: https:\/\/api\.ngc\.nvidia\.com/);
    assert.match(await failedPodLog(c, 'legacy'), /403 Forbidden .*\n.*not entitled to nim\/meta\/llama-3\.1-8b-instruct/);
  });

  it('PVC smaller than the profiles\' weights: the download fills it and fails with No space left on device', async () => {
    const c = cluster();
    c.store.create(KEYS.nimCaches, nimCache('small', { pvc: { size: '5Gi' } }));
    await waitFor('Failed', () => status(c, 'small').state === 'Failed', 30_000);
    const log = await failedPodLog(c, 'small');
    assert.match(log, /\[Errno 28\] No space left on device: '\/model-store\/ngc\/hub\//);
    assert.match(log, /\] +\d+% [\d.]+ GiB\//);
  });

  it('image pull failure: no pull secret for nvcr.io → ErrImagePull 401; a PVC that does not exist → NotReady', async () => {
    const c = cluster([gpuNode('gpu-1', 8)]);
    c.store.create(KEYS.nimCaches, nimCache('nopull', { ngc: { pullSecret: 'missing-pull-secret' } }));
    c.store.create(KEYS.nimCaches, nimCache('nopvc', { pvc: { create: false, name: 'models' } }));
    const pod = await waitFor('the caching pod', () => cachingPods(c, 'nopull')[0]);
    const event = await waitFor('the pull failure', () => eventsFor(c.store, pod.metadata.name).find((e) => /Failed to pull image/.test(e.message)));
    assert.match(event.message, /nvcr\.io\/nim\/meta\/llama-3\.1-8b-instruct:1\.8\.4.*401 Unauthorized/);
    await waitFor('NotReady', () => status(c, 'nopvc').state === 'NotReady');
    assert.equal(status(c, 'nopvc').conditions!.find((x) => x.type === 'NIM_CACHE_RECONCILE_FAILED')!.message, 'persistentvolumeclaims "models" not found');
  });
});
