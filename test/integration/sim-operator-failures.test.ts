import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../src/core/doctor/index.js';
import { backoffText, restartDelayMs } from '../../src/sim/kubelet/backoff.js';
import { KEYS } from '../../src/sim/operator/index.js';
import type { KubeObject } from '../../src/sim/store/types.js';
import { containerStatus, eventsFor, NS, nimService, noServers, podsOf, imageEditSpec, startTestCluster, waitFor, type TestCluster } from './sim-operator-harness.js';

async function withCluster(speed: number, run: (cluster: TestCluster) => Promise<void>, serverFactory = noServers): Promise<void> {
  const cluster = startTestCluster({ speed, serverFactory });
  try {
    await run(cluster);
  } finally {
    await cluster.stop();
  }
}

function firstPod(cluster: TestCluster, app: string): KubeObject | undefined {
  return podsOf(cluster.store, app)[0];
}

function doctorIds(cluster: TestCluster, pod: KubeObject, container: string): string[] {
  const logs = cluster.controllers.logs;
  const previous = logs.lines(NS, pod.metadata.name, container, true)?.map((l) => l.text) ?? [];
  const current = logs.lines(NS, pod.metadata.name, container, false)?.map((l) => l.text) ?? [];
  const events = eventsFor(cluster.store, pod.metadata.name);
  return diagnose({ logs: [{ source: 'previous', lines: previous }, { source: 'current', lines: current }], pods: [pod as never], events }).map((f) => f.signature);
}

test('/dev/shm limited to 64Mi on vLLM-omni: CrashLoopBackOff, Errno 28 in --previous logs, restarts with growing back-off', async () => {
  await withCluster(4000, async (cluster) => {
    const spec = imageEditSpec();
    spec.storage = { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' }, sharedMemorySizeLimit: '64Mi' };
    cluster.store.create(KEYS.nimServices, nimService('noshm', spec));
    const pod = await waitFor('3 restarts in CrashLoopBackOff', () => {
      const p = firstPod(cluster, 'noshm');
      const s = containerStatus(p);
      return s && s.restartCount >= 3 && s.state.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
    });
    const status = containerStatus(pod)!;
    assert.equal(status.lastState.terminated?.exitCode, 1);
    assert.equal(status.lastState.terminated?.reason, 'Error');
    // The first restart is immediate, then 10 s doubling: after restart r the wait is 10 s × 2^(r-1).
    const expected = backoffText(restartDelayMs(status.restartCount + 1));
    assert.ok(status.state.waiting!.message!.startsWith(`back-off ${expected} restarting failed container=noshm pod=${pod!.metadata.name}_${NS}(`), status.state.waiting!.message);
    assert.equal((pod!.status as { phase: string }).phase, 'Running');
    const previous = cluster.controllers.logs.lines(NS, pod!.metadata.name, 'noshm', true)!.map((l) => l.text);
    const errno = previous.findIndex((l) => l.includes('OSError: [Errno 28] No space left on device'));
    const wrapper = previous.findIndex((l) => l.includes('RuntimeError: Engine core initialization failed'));
    assert.ok(errno >= 0 && wrapper > errno, 'root cause precedes the wrapper');
    const backOff = eventsFor(cluster.store, pod!.metadata.name).find((e) => e.reason === 'BackOff')!;
    assert.equal(backOff.type, 'Warning');
    assert.match(backOff.message, new RegExp(`^Back-off restarting failed container noshm in pod ${pod!.metadata.name}_${NS}\\(`));
    assert.equal(doctorIds(cluster, pod!, 'noshm')[0], 'shm-too-small');
    assert.equal((cluster.store.get(KEYS.nimServices, NS, 'noshm')!.status as { state: string }).state, 'NotReady');
    // Back-off: restart gaps grow (10 s, 20 s, 40 s … in simulated time).
    const restarts = cluster.store.list(KEYS.events, NS).find((e) => e.reason === 'Started' && (e.involvedObject as { name: string }).name === pod!.metadata.name) as { count: number } | undefined;
    assert.ok(restarts && restarts.count >= 4);
  });
});

test("the operator's default readiness probe on a vLLM image: Unhealthy 404 events and never Ready", async () => {
  await withCluster(3000, async (cluster) => {
    const spec = imageEditSpec();
    delete spec.readinessProbe;
    // Without a startup probe the default liveness probe would restart the container during the download.
    spec.livenessProbe = { enabled: false };
    spec.startupProbe = { enabled: false };
    cluster.store.create(KEYS.nimServices, nimService('probes', spec));
    const pod = await waitFor('readiness 404 events', () => {
      const p = firstPod(cluster, 'probes');
      return p && eventsFor(cluster.store, p.metadata.name).some((e) => e.message === 'Readiness probe failed: HTTP probe failed with statuscode: 404' && e.count >= 3) ? p : undefined;
    }, 12000);
    const unhealthy = eventsFor(cluster.store, pod!.metadata.name).find((e) => e.reason === 'Unhealthy' && e.message.includes('404'))!;
    assert.equal(unhealthy.type, 'Warning');
    assert.equal(containerStatus(firstPod(cluster, 'probes'))?.ready, false);
    assert.notEqual((cluster.store.get(KEYS.nimServices, NS, 'probes')!.status as { state: string }).state, 'Ready');
    const lines = cluster.controllers.logs.lines(NS, pod!.metadata.name, 'probes', false)!.map((l) => l.text);
    assert.ok(lines.some((l) => l.includes('"GET /v1/health/ready HTTP/1.1" 404 Not Found')));
    assert.ok(doctorIds(cluster, firstPod(cluster, 'probes')!, 'probes').includes('readiness-probe-404'));
  }, undefined);
});

test('all three default probes: the startup probe fails with 404 (never Ready)', async () => {
  await withCluster(3000, async (cluster) => {
    const spec = imageEditSpec();
    delete spec.readinessProbe;
    delete spec.livenessProbe;
    delete spec.startupProbe;
    cluster.store.create(KEYS.nimServices, nimService('defaults', spec));
    await waitFor('startup 404', () => {
      const p = firstPod(cluster, 'defaults');
      return p && eventsFor(cluster.store, p.metadata.name).some((e) => e.message === 'Startup probe failed: HTTP probe failed with statuscode: 404');
    }, 12000);
    assert.equal(containerStatus(firstPod(cluster, 'defaults'))?.ready, false);
  });
});

test('authSecret without NGC_API_KEY: CreateContainerConfigError with the kubelet message', async () => {
  await withCluster(2000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('nokey', imageEditSpec({ authSecret: 'no-key-secret' })));
    const pod = await waitFor('config error', () => {
      const p = firstPod(cluster, 'nokey');
      return containerStatus(p)?.state.waiting?.reason === 'CreateContainerConfigError' ? p : undefined;
    });
    assert.equal(containerStatus(pod)!.state.waiting!.message, `couldn't find key NGC_API_KEY in Secret ${NS}/no-key-secret`);
    assert.ok(eventsFor(cluster.store, pod!.metadata.name).some((e) => e.type === 'Warning' && e.reason === 'Failed' && e.message === `Error: couldn't find key NGC_API_KEY in Secret ${NS}/no-key-secret`));
    assert.ok(doctorIds(cluster, pod!, 'nokey').includes('ngc-key-missing-in-secret'));
    // Adding the key lets the next retry start the container.
    const secret = cluster.store.get(KEYS.secrets, NS, 'no-key-secret')!;
    cluster.store.update(KEYS.secrets, { ...secret, data: { ...(secret.data as object), NGC_API_KEY: Buffer.from('nvapi-FAKE').toString('base64') } });
    await waitFor('container started after the fix', () => containerStatus(firstPod(cluster, 'nokey'))?.state.running);
  });
});

test('missing Secret: CreateContainerConfigError `secret "x" not found`', async () => {
  await withCluster(2000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('nosecret', imageEditSpec({ authSecret: 'ngc-secret-typo' })));
    await waitFor('secret not found', () => containerStatus(firstPod(cluster, 'nosecret'))?.state.waiting?.message === 'secret "ngc-secret-typo" not found');
  });
});

test('gated model without HF_TOKEN: GatedRepoError 401 in the logs, exit 1', async () => {
  await withCluster(4000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('gated', imageEditSpec({ image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, args: ['meta-llama/Llama-3.1-8B-Instruct', '--port', '8000'], env: [{ name: 'HF_HOME', value: '/model-store/huggingface' }] })));
    const pod = await waitFor('crash', () => {
      const p = firstPod(cluster, 'gated');
      return containerStatus(p)?.lastState.terminated ? p : undefined;
    });
    assert.equal(containerStatus(pod)!.lastState.terminated!.exitCode, 1);
    const logs = cluster.controllers.logs;
    const text = [...(logs.lines(NS, pod!.metadata.name, 'gated', true) ?? []), ...(logs.lines(NS, pod!.metadata.name, 'gated', false) ?? [])].map((l) => l.text);
    assert.ok(text.some((l) => l.includes('huggingface_hub.errors.GatedRepoError: 401 Client Error')));
    assert.ok(doctorIds(cluster, pod!, 'gated').includes('hf-gated-or-unauthorized'));
  });
});

test('memory limit below the shm size: OOMKilled, exit code 137', async () => {
  await withCluster(4000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('oom', imageEditSpec({ resources: { limits: { 'nvidia.com/gpu': 1, memory: '16Gi' } } })));
    const pod = await waitFor('OOMKilled', () => {
      const p = firstPod(cluster, 'oom');
      return containerStatus(p)?.lastState.terminated?.reason === 'OOMKilled' ? p : undefined;
    });
    assert.equal(containerStatus(pod)!.lastState.terminated!.exitCode, 137);
    assert.ok(doctorIds(cluster, pod!, 'oom').includes('oom-killed'));
  });
});

test('old vLLM tag with a Qwen3 model: Model architectures [...] are not supported', async () => {
  await withCluster(4000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('oldvllm', imageEditSpec({ image: { repository: 'vllm/vllm-openai', tag: 'v0.6.3' }, args: ['Qwen/Qwen3-8B', '--port', '8000'] })));
    const pod = await waitFor('crash', () => {
      const p = firstPod(cluster, 'oldvllm');
      return containerStatus(p)?.lastState.terminated ? p : undefined;
    });
    const logs = cluster.controllers.logs;
    const text = [...(logs.lines(NS, pod!.metadata.name, 'oldvllm', true) ?? []), ...(logs.lines(NS, pod!.metadata.name, 'oldvllm', false) ?? [])].map((l) => l.text);
    assert.ok(text.some((l) => l.startsWith("ValueError: Model architectures ['Qwen3ForCausalLM'] are not supported")));
    assert.ok(doctorIds(cluster, pod!, 'oldvllm').includes('unsupported-architecture'));
  });
});

test('plain vllm serve Deployment without a PVC: evicted for ephemeral storage as the download grows, then replaced', async () => {
  await withCluster(5000, async (cluster) => {
    cluster.store.create(KEYS.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'plain', namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'plain' } },
        template: { metadata: { labels: { app: 'plain' } }, spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.11.0', command: ['vllm', 'serve'], args: ['Qwen/Qwen3-32B'], resources: { limits: { 'nvidia.com/gpu': 1, 'ephemeral-storage': '50Gi' } } }] } },
      },
    });
    const evicted = await waitFor('Evicted', () => podsOf(cluster.store, 'plain').find((p) => (p.status as { reason?: string }).reason === 'Evicted'), 10000);
    const status = evicted.status as { phase: string; message: string };
    assert.equal(status.phase, 'Failed');
    assert.equal(status.message, 'Pod ephemeral local storage usage exceeds the total limit of containers 50Gi. ');
    assert.ok(eventsFor(cluster.store, evicted.metadata.name).some((e) => e.reason === 'Evicted' && e.type === 'Warning'));
    const lines = cluster.controllers.logs.lines(NS, evicted.metadata.name, 'vllm', false)!.map((l) => l.text);
    assert.ok(lines.some((l) => /model-000\d\d-of-00017\.safetensors: +\d+%/.test(l)), 'download progress before eviction');
    assert.ok(!lines.some((l) => l.includes('Application startup complete')));
    assert.ok(doctorIds(cluster, evicted, 'vllm').includes('ephemeral-storage-eviction'));
    await waitFor('replacement pod', () => podsOf(cluster.store, 'plain').some((p) => p.metadata.name !== evicted.metadata.name));
  });
});

test('nvcr.io image without a pull secret: ErrImagePull then ImagePullBackOff', async () => {
  await withCluster(2000, async (cluster) => {
    cluster.store.create(KEYS.nimServices, nimService('nim', { image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct', tag: '1.8.4' }, authSecret: 'ngc-api-secret', storage: { pvc: { create: true, size: '50Gi', volumeAccessMode: 'ReadWriteOnce' } }, resources: { limits: { 'nvidia.com/gpu': 1 } } }));
    const pod = await waitFor('ImagePullBackOff', () => {
      const p = firstPod(cluster, 'nim');
      return containerStatus(p)?.state.waiting?.reason === 'ImagePullBackOff' ? p : undefined;
    });
    const events = eventsFor(cluster.store, pod!.metadata.name);
    const image = 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4';
    const refusal = `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://nvcr.io/proxy_auth?scope=repository%3Anim%2Fmeta%2Fllama-3.1-8b-instruct%3Apull&service=nvcr.io: 401 Unauthorized`;
    assert.ok(events.some((e) => e.reason === 'Failed' && e.type === 'Warning' && e.message === `Failed to pull image "${image}": ${refusal}`), JSON.stringify(events));
    assert.equal(containerStatus(pod)!.state.waiting!.message, `Back-off pulling image "${image}": ErrImagePull: ${refusal}`);
    assert.ok(events.some((e) => e.message === 'Error: ImagePullBackOff'));
    assert.ok(doctorIds(cluster, pod!, 'nim').includes('image-pull-unauthorized'));
  });
});

test('NIM image with its pull secret comes up Ready and serves its model', async () => {
  const cluster = startTestCluster({ speed: 3000 });
  try {
    cluster.store.create(KEYS.nimServices, nimService('llama', { image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct', tag: '1.8.4', pullSecrets: ['nvcr-pull-secret'] }, authSecret: 'ngc-api-secret', storage: { pvc: { create: true, size: '50Gi', volumeAccessMode: 'ReadWriteOnce' } }, resources: { limits: { 'nvidia.com/gpu': 1 } } }));
    await waitFor('model', () => (cluster.store.get(KEYS.nimServices, NS, 'llama')?.status as { model?: { name: string } } | undefined)?.model?.name === 'meta/llama-3.1-8b-instruct');
  } finally {
    await cluster.stop();
  }
});
