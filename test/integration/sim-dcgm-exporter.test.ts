// The GPU lab's dcgm-exporter, reached the way the product reaches pods: the Service `gpu-operator/nvidia-dcgm-exporter`
// read from the API server, its pod on the endpoint's node found by the Service's selector, and /metrics scraped through
// a port-forward to :9400. Its GPU utilization follows the simulated engine's load; its labels are dcgm-exporter's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBench } from '../../src/core/bench/index.js';
import { createDispatcher } from '../../src/core/http/dispatcher.js';
import { httpRequest } from '../../src/core/http/request.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import { listPods } from '../../src/core/kube/endpointSnapshot.js';
import { endpointForwarder } from '../../src/core/portforward/endpointForwarder.js';
import type { PodForwarder } from '../../src/core/portforward/podForwarder.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { readyPodOf, waitFor } from './portforward-harness.js';

const NS = 'osmo-nims';
const CAPTION = 'nemotron-nano-vl-caption';

interface Sample { labels: Record<string, string>; value: number }

function parse(text: string, name: string): Sample[] {
  return [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map((m) => ({
    labels: Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
    value: Number(m[2]),
  }));
}

describe('simulated dcgm-exporter in the GPU lab', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  const forwards: PodForwarder[] = [];
  const dispatcher = createDispatcher({ timeoutMs: 10_000 });
  const get = async (url: string) => {
    const r = await httpRequest(url, { dispatcher });
    return { status: r.status, text: r.body.toString('utf8') };
  };

  before(async () => {
    sim = await startGpuLab({ fixture: 'demo', speed: 600 });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
    await waitFor(() => readyPodOf(sim, NS, CAPTION), 30_000, `${CAPTION} has no ready pod`);
  });
  after(async () => {
    for (const f of forwards) await f.close();
    await dispatcher.close();
    kube?.close();
    await sim?.stop();
  });

  async function exporterOnNodeOf(pod: string): Promise<{ url: string; node: string; exporter: string }> {
    const captionPod = await kube.transport.getJson<{ spec: { nodeName: string } }>(`/api/v1/namespaces/${NS}/pods/${pod}`);
    const service = await kube.transport.getJson<{ spec: { selector: Record<string, string>; ports: Array<{ name: string; port: number }> } }>('/api/v1/namespaces/gpu-operator/services/nvidia-dcgm-exporter');
    assert.deepEqual(service.spec.ports.map((p) => [p.name, p.port]), [['gpu-metrics', 9400]]);
    const selector = Object.entries(service.spec.selector).map(([k, v]) => `${k}=${v}`).join(',');
    const exporters = await listPods(kube.transport, 'gpu-operator', selector);
    const onNode = exporters.find((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === captionPod.spec.nodeName);
    assert.ok(onNode, `an exporter pod on ${captionPod.spec.nodeName}: ${exporters.map((p) => p.metadata?.name).join(', ')}`);
    const forward = endpointForwarder(kube, { namespace: 'gpu-operator', name: onNode.metadata!.name!, pod: true, remotePort: 9400 });
    forwards.push(forward);
    return { url: await forward.start(), node: captionPod.spec.nodeName, exporter: onNode.metadata!.name! };
  }

  test('one exporter pod per GPU node; /metrics names every GPU of the node with dcgm-exporter\'s labels and the pod holding it', async () => {
    const gpuNodes = sim.store.list('nodes').filter((n) => n.metadata.labels?.['nvidia.com/gpu.present'] === 'true');
    const exporterPods = sim.store.list('pods', 'gpu-operator');
    assert.equal(exporterPods.length, gpuNodes.length);
    const pod = readyPodOf(sim, NS, CAPTION)!;
    const { url, node } = await exporterOnNodeOf(pod);
    const { status, text } = await get(`${url}/metrics`);
    assert.equal(status, 200);
    assert.match(text, /^# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization \(in %\)\.$/m);
    assert.match(text, /^# HELP DCGM_FI_DEV_FB_USED Framebuffer memory used \(in MiB\)\.$/m);
    const util = parse(text, 'DCGM_FI_DEV_GPU_UTIL');
    assert.deepEqual(util.map((s) => s.labels.gpu), ['0', '1', '2', '3'], 'the L40S node has 4 GPUs');
    for (const s of util) {
      assert.equal(s.labels.Hostname, node);
      assert.equal(s.labels.modelName, 'NVIDIA L40S');
      assert.equal(s.labels.device, `nvidia${s.labels.gpu}`);
      assert.match(s.labels.UUID, /^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.match(s.labels.pci_bus_id, /^00000000:[0-9A-F]{2}:00\.0$/);
    }
    const held = util.filter((s) => s.labels.pod === pod);
    assert.equal(held.length, 1, 'the caption endpoint holds one GPU');
    assert.equal(held[0].labels.namespace, NS);
    assert.equal(held[0].labels.container, (sim.store.get('pods', NS, pod) as unknown as { spec: { containers: Array<{ name: string }> } }).spec.containers[0].name);
    const used = parse(text, 'DCGM_FI_DEV_FB_USED').find((s) => s.labels.pod === pod)!;
    const free = parse(text, 'DCGM_FI_DEV_FB_FREE').find((s) => s.labels.pod === pod)!;
    assert.equal(used.value + free.value, 46068, 'used + free = the L40S memory the node advertises (nvidia.com/gpu.memory)');
    assert.ok(used.value > 0.85 * 46068, 'vLLM preallocates ~90 % of the GPU');
  });

  test('GPU utilization follows the engine: idle before a load test, busy during it', async () => {
    const pod = readyPodOf(sim, NS, CAPTION)!;
    const { url } = await exporterOnNodeOf(pod);
    const utilOf = async () => parse((await get(`${url}/metrics`)).text, 'DCGM_FI_DEV_GPU_UTIL').find((s) => s.labels.pod === pod)!.value;
    await new Promise((r) => setTimeout(r, 1_100));
    assert.equal(await utilOf(), 0, 'no request in the last second');
    const endpoint = endpointForwarder(kube, { namespace: NS, name: CAPTION, remotePort: 8000 });
    forwards.push(endpoint);
    const base = await endpoint.start();
    let during = 0;
    const result = await runBench({ target: { baseUrl: `${base}/v1`, model: 'nvidia/nemotron-nano-12b-v2-vl' }, mode: 'chat', levels: [{ concurrency: 8 }], durationMsPerLevel: 3_000, warmup: 1, maxTokens: 32 }, {
      onEvent: (e) => {
        if (e.type === 'level-start') setTimeout(() => void utilOf().then((u) => { during = u; }), 2_000);
      },
    });
    assert.equal(result.levels[0].errors, 0, result.levels[0].errorExamples.join('; '));
    await waitFor(() => during > 0, 5_000, 'the mid-run scrape came back');
    assert.ok(during >= 30, `utilization during the run: ${during} %`);
  });

  test('a MIG node: memory per GPU instance (GPU_I_PROFILE, GPU_I_ID) with the pod holding it, no utilization', async () => {
    const embedders = () => sim.store.list('pods', 'inference').filter((p) => p.metadata.name.startsWith('text-embedder-') && (p as { status?: { phase?: string } }).status?.phase === 'Running');
    await waitFor(() => embedders().length === 3 || undefined, 30_000, 'three text-embedder pods run');
    const exporters = await listPods(kube.transport, 'gpu-operator', 'app=nvidia-dcgm-exporter');
    const pod = exporters.find((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === 'gpu-lab-a100-mig-0')!;
    const forward = endpointForwarder(kube, { namespace: 'gpu-operator', name: pod.metadata!.name!, pod: true, remotePort: 9400 });
    forwards.push(forward);
    const text = (await get(`${await forward.start()}/metrics`)).text;
    assert.equal(parse(text, 'DCGM_FI_DEV_GPU_UTIL').length, 0);
    const used = parse(text, 'DCGM_FI_DEV_FB_USED');
    assert.deepEqual(used.map((s) => s.labels.GPU_I_PROFILE), Array(7).fill('1g.10gb'));
    assert.deepEqual(used.map((s) => s.labels.GPU_I_ID), ['1', '2', '3', '4', '5', '6', '7']);
    const held = used.filter((s) => s.labels.pod);
    assert.deepEqual(held.map((s) => s.labels.pod).sort(), embedders().map((p) => p.metadata.name).sort());
    for (const s of used) assert.equal(s.labels.modelName, 'NVIDIA A100 SXM4 80GB');
  });

  test('the exporter answers /health and a 404 elsewhere, like the real one', async () => {
    const { url } = await exporterOnNodeOf(readyPodOf(sim, NS, CAPTION)!);
    assert.equal((await get(`${url}/health`)).status, 200);
    assert.equal((await get(`${url}/nope`)).status, 404);
  });
});
