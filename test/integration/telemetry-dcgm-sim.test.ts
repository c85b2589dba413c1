// GPU figures per pod from the GPU lab's dcgm-exporter, found and reached the way the dashboard does it: the Service
// looked up in every namespace, port-forwards to its pods, only the endpoint's pods kept. A cluster without it says why.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess';
import { NO_DCGM_EXPORTER, openDcgmSource } from '../../src/core/telemetry/index';
import { startGpuLab } from '../../src/sim/gpuLab';
import type { Simulator } from '../../src/sim/index';
import { readyPodOf, waitFor } from './portforward-harness';

const NS = 'osmo-nims';
const CAPTION = 'nemotron-nano-vl-caption';
let sim: Simulator;
let kube: KubeAccess;
before(async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  kube = openKube({ kubeconfig: sim.kubeconfigPath });
  await waitFor(() => readyPodOf(sim, NS, CAPTION), 30_000, `${CAPTION} has no ready pod`);
});
after(async () => {
  kube?.close();
  await sim?.stop();
});

test('the caption endpoint\'s GPU: utilization and framebuffer memory of the one GPU its pod holds, nothing of other pods', async () => {
  const source = await openDcgmSource(kube, { namespace: NS, podPrefix: CAPTION });
  try {
    const reading = await source.read();
    assert.equal(reading.note, undefined, reading.note);
    const pod = readyPodOf(sim, NS, CAPTION)!;
    assert.equal(reading.gpus.length, 1, JSON.stringify(reading.gpus));
    const [gpu] = reading.gpus;
    assert.deepEqual([gpu.namespace, gpu.pod], [NS, pod]);
    assert.ok(gpu.utilization !== undefined && gpu.utilization >= 0 && gpu.utilization <= 100);
    assert.equal(gpu.fbUsedMiB! + gpu.fbFreeMiB!, 46068, 'an L40S');
  } finally {
    await source.close();
  }
});

test('no dcgm-exporter: the reading says so plainly', async () => {
  await kube.transport.send('/api/v1/namespaces/gpu-operator/services/nvidia-dcgm-exporter', { method: 'DELETE', timeoutMs: 10_000 });
  const source = await openDcgmSource(kube, { namespace: NS, podPrefix: CAPTION });
  assert.deepEqual(await source.read(), { gpus: [], note: NO_DCGM_EXPORTER });
  await source.close();
});
