import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnose } from '../../src/core/doctor/index.js';
import { KEYS } from '../../src/sim/operator/index.js';
import { containerStatus, eventsFor, NS, nimService, podsOf, imageEditSpec, startTestCluster, waitFor } from './sim-operator-harness.js';

const NAME = 'qwen-image-edit-nvpcb-ovsl2sl';

test("the image-edit recipe's NIMService: Deployment, Service, PVC, a scheduled pod, download logs, Ready with the served model; delete cascades", async () => {
  const cluster = startTestCluster({ speed: 2000 });
  const { store } = cluster;
  try {
    store.create(KEYS.nimServices, nimService(NAME, imageEditSpec()));
    const nim = await waitFor('NIMService Ready with model', () => {
      const n = store.get(KEYS.nimServices, NS, NAME);
      const status = n?.status as { state?: string; model?: { name: string } } | undefined;
      return status?.state === 'Ready' && status.model?.name ? n : undefined;
    });
    const status = nim!.status as { model: { name: string; clusterEndpoint: string }; conditions: Array<{ type: string; status: string }>; availableReplicas: number };
    assert.equal(status.model.name, 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL');
    assert.match(status.model.clusterEndpoint, /^10\.96\.\d+\.\d+:8000$/);
    assert.equal(status.conditions.find((c) => c.type === 'Ready')?.status, 'True');
    assert.equal(status.conditions.find((c) => c.type === 'Failed')?.status, 'False');
    assert.equal(status.availableReplicas, 1);

    const deployment = store.get(KEYS.deployments, NS, NAME)!;
    assert.equal(deployment.metadata.ownerReferences?.[0].uid, nim!.metadata.uid);
    const template = (deployment.spec as any).template;
    assert.equal(template.metadata.labels['app.kubernetes.io/name'], NAME);
    const container = template.spec.containers[0];
    assert.equal(container.name, NAME);
    assert.deepEqual(container.command, ['vllm', 'serve']);
    assert.ok(container.env.some((e: { name: string; value?: string }) => e.name === 'NIM_CACHE_PATH' && e.value === '/model-store'));
    assert.ok(container.env.some((e: any) => e.name === 'NGC_API_KEY' && e.valueFrom.secretKeyRef.name === 'ngc-api-secret'));
    assert.deepEqual(template.spec.volumes.find((v: { name: string }) => v.name === 'dshm').emptyDir, { medium: 'Memory', sizeLimit: '32Gi' });
    assert.deepEqual(template.spec.securityContext, { runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 });
    assert.equal(container.startupProbe.httpGet.path, '/health');
    const service = store.get(KEYS.services, NS, NAME)!;
    assert.equal((service.spec as any).ports[0].name, 'api');
    const pvc = store.get(KEYS.pvcs, NS, `${NAME}-pvc`)!;
    assert.equal((pvc.status as { phase: string }).phase, 'Bound');

    const pod = podsOf(store, NAME)[0];
    assert.equal((pod.spec as { nodeName: string }).nodeName, 'gpu-0');
    const lines = cluster.controllers.logs.lines(NS, pod.metadata.name, NAME, false)!.map((l) => l.text);
    const download = lines.findIndex((l) => /safetensors: +\d+%\|/.test(l));
    const complete = lines.findIndex((l) => l.includes('Application startup complete.'));
    assert.ok(download >= 0 && complete > download, 'download progress comes before startup complete');
    assert.ok(lines.some((l) => l.includes('Uvicorn running on http://0.0.0.0:8000')));
    assert.deepEqual(diagnose({ logs: [{ source: 'current', lines }] }).filter((f) => f.severity === 'error').map((f) => f.signature), []);
    const reasons = eventsFor(store, pod.metadata.name).map((e) => e.reason);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) assert.ok(reasons.includes(reason), `event ${reason}`);

    // Port-forward target: the simulated vLLM-omni server answers /v1/models.
    const target = cluster.controllers.ports.resolve(NS, pod.metadata.name, 8000)!;
    const models = await (await fetch(`http://${target.host}:${target.port}/v1/models`)).json() as { data: Array<{ id: string }> };
    assert.equal(models.data[0].id, 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL');

    store.delete(KEYS.nimServices, NS, NAME);
    assert.equal(store.get(KEYS.deployments, NS, NAME), undefined);
    assert.equal(store.get(KEYS.services, NS, NAME), undefined);
    assert.equal(store.get(KEYS.pvcs, NS, `${NAME}-pvc`), undefined);
    assert.equal(store.list(KEYS.replicaSets, NS).length, 0);
    assert.equal(podsOf(store, NAME).length, 0);
  } finally {
    await cluster.stop();
  }
});

test('--api-key in args: Ready, but the unauthenticated model check leaves status.model.name empty', async () => {
  const cluster = startTestCluster({ speed: 3000 });
  const { store } = cluster;
  try {
    store.create(KEYS.nimServices, nimService('caption', imageEditSpec({ args: ['nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL', '--served-model-name', 'nvidia/nemotron-nano-12b-v2-vl', '--trust-remote-code', '--port', '8000', '--api-key', 'sk-fake'], image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, env: [{ name: 'HF_HOME', value: '/model-store/huggingface' }] })));
    const nim = await waitFor('Ready', () => {
      const n = store.get(KEYS.nimServices, NS, 'caption');
      return (n?.status as { state?: string } | undefined)?.state === 'Ready' ? n : undefined;
    });
    const pod = podsOf(store, 'caption')[0];
    const target = cluster.controllers.ports.resolve(NS, pod.metadata.name, 8000)!;
    const unauthorised = await fetch(`http://${target.host}:${target.port}/v1/models`);
    assert.equal(unauthorised.status, 401);
    const authorised = await (await fetch(`http://${target.host}:${target.port}/v1/models`, { headers: { Authorization: 'Bearer sk-fake' } })).json() as { data: Array<{ id: string }> };
    assert.equal(authorised.data[0].id, 'nvidia/nemotron-nano-12b-v2-vl');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((store.get(KEYS.nimServices, NS, 'caption')!.status as { model: { name: string } }).model.name, '');
    assert.equal((nim!.status as { state: string }).state, 'Ready');
  } finally {
    await cluster.stop();
  }
});

test('spec change rolls the pods: a new ReplicaSet, the old one scaled to 0 once the new pod is available', async () => {
  const cluster = startTestCluster({ speed: 3000 });
  const { store } = cluster;
  try {
    store.create(KEYS.nimServices, nimService('roll', imageEditSpec()));
    await waitFor('Ready', () => (store.get(KEYS.nimServices, NS, 'roll')?.status as { state?: string } | undefined)?.state === 'Ready');
    const first = podsOf(store, 'roll')[0].metadata.name;
    const nim = store.get(KEYS.nimServices, NS, 'roll')!;
    store.update(KEYS.nimServices, { ...nim, spec: { ...(nim.spec as object), env: [...((nim.spec as { env: unknown[] }).env), { name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }] } });
    await waitFor('rolled', () => {
      const pods = podsOf(store, 'roll');
      return pods.length === 1 && pods[0].metadata.name !== first && (store.get(KEYS.nimServices, NS, 'roll')?.status as { state?: string }).state === 'Ready';
    });
    const sets = store.list(KEYS.replicaSets, NS);
    assert.equal(sets.length, 2);
    assert.deepEqual(sets.map((rs) => (rs.spec as { replicas: number }).replicas).sort(), [0, 1]);
  } finally {
    await cluster.stop();
  }
});

test('NIMCache: Ready with its PVC; a NIMService naming a missing NIMCache is Failed/NIMCacheNotFound', async () => {
  const cluster = startTestCluster({ speed: 2000 });
  const { store } = cluster;
  try {
    store.create(KEYS.nimServices, nimService('needs-cache', imageEditSpec({ storage: { nimCache: { name: 'qwen-cache' }, sharedMemorySizeLimit: '32Gi' } })));
    await waitFor('Failed', () => {
      const status = store.get(KEYS.nimServices, NS, 'needs-cache')?.status as { state?: string; conditions?: Array<{ type: string; status: string; reason: string }> } | undefined;
      return status?.state === 'Failed' && status.conditions?.find((c) => c.type === 'Failed' && c.status === 'True')?.reason === 'NIMCacheNotFound';
    });
    assert.equal(store.get(KEYS.deployments, NS, 'needs-cache'), undefined);
    store.create(KEYS.nimCaches, { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMCache', metadata: { name: 'qwen-cache', namespace: NS }, spec: { source: { hf: { modelName: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', endpoint: 'https://huggingface.co', namespace: 'nvidia', modelPuller: 'nvcr.io/nim/nvidia/llm-nim:1.13.1', pullSecret: 'nvcr-pull-secret', authSecret: 'hf-token-secret' } }, storage: { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' } } } });
    await waitFor('NIMCache Ready', () => (store.get(KEYS.nimCaches, NS, 'qwen-cache')?.status as { state?: string } | undefined)?.state === 'Ready');
    assert.ok(store.get(KEYS.pvcs, NS, 'qwen-cache-pvc'));
    await waitFor('NIMService Ready from the cache', () => (store.get(KEYS.nimServices, NS, 'needs-cache')?.status as { state?: string } | undefined)?.state === 'Ready');
    const pod = podsOf(store, 'needs-cache')[0];
    const lines = cluster.controllers.logs.lines(NS, pod.metadata.name, 'needs-cache', false)!.map((l) => l.text);
    assert.ok(!lines.some((l) => /safetensors: +\d+%/.test(l)), 'weights come from the cache, no download');
    assert.equal(containerStatus(pod)?.restartCount, 0);
  } finally {
    await cluster.stop();
  }
});
