// Scale, restart and delete — the one set of functions behind the explorer's menu and the editor's commands — against
// the simulated API server over real HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadKubeConfig } from '../../src/core/kube/kubeAccess.js';
import { KubeApiError } from '../../src/core/kube/kubeApiError.js';
import { deleteObject, ownedObjects, restartEndpoint, scaleWorkload } from '../../src/core/kube/operate.js';
import { KubeTransport } from '../../src/core/kube/kubeTransport.js';
import { DEPLOYMENTS, NIM_SERVICES, PODS, STATEFUL_SETS, resourcePath } from '../../src/core/kube/resourceKinds.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';

let sim: Simulator;
let transport: KubeTransport;
before(async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  transport = new KubeTransport(loadKubeConfig(sim.kubeconfigPath));
});
after(async () => {
  transport?.close();
  await sim?.stop();
});

const replicasOf = async (path: string) => (await transport.getJson<{ spec?: { replicas?: number } }>(path)).spec?.replicas;

test('scale: a NIMService, a Deployment and a StatefulSet get spec.replicas', async () => {
  await scaleWorkload(transport, NIM_SERVICES, 'osmo-nims', 'nemotron-nano-vl-caption', 2);
  assert.equal(await replicasOf(resourcePath(NIM_SERVICES, 'osmo-nims', 'nemotron-nano-vl-caption')), 2);
  await scaleWorkload(transport, DEPLOYMENTS, 'inference', 'text-embedder', 1);
  assert.equal(await replicasOf(resourcePath(DEPLOYMENTS, 'inference', 'text-embedder')), 1);
  await scaleWorkload(transport, STATEFUL_SETS, 'ml-training', 'ddp-trainer', 0);
  assert.equal(await replicasOf(resourcePath(STATEFUL_SETS, 'ml-training', 'ddp-trainer')), 0);
});

test('restart: the Deployment\'s pod template gets kubectl\'s restartedAt annotation', async () => {
  const at = new Date('2026-12-05T12:00:00Z');
  await restartEndpoint(transport, 'osmo-nims', 'nemotron-nano-vl-caption', at);
  const deployment = await transport.getJson<{ spec: { template: { metadata?: { annotations?: Record<string, string> } } } }>(resourcePath(DEPLOYMENTS, 'osmo-nims', 'nemotron-nano-vl-caption'));
  assert.equal(deployment.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], at.toISOString());
});

test('delete: a pod is gone; a NIMService names what goes with it first; a missing object is a clear 404', async () => {
  const pods = await transport.getJson<{ items: Array<{ metadata: { name: string } }> }>(resourcePath(PODS, 'inference'));
  const victim = pods.items[0].metadata.name;
  await deleteObject(transport, PODS, 'inference', victim);
  await assert.rejects(transport.getJson(resourcePath(PODS, 'inference', victim)), (e: unknown) => e instanceof KubeApiError && e.status === 404);

  const owned = await ownedObjects(transport, 'osmo-nims', 'qwen-image-edit-noshm');
  assert.ok(owned.some((o) => o.kind === 'Deployment'), JSON.stringify(owned));
  await deleteObject(transport, NIM_SERVICES, 'osmo-nims', 'qwen-image-edit-noshm');
  await assert.rejects(transport.getJson(resourcePath(NIM_SERVICES, 'osmo-nims', 'qwen-image-edit-noshm')), (e: unknown) => e instanceof KubeApiError && e.status === 404);

  await assert.rejects(scaleWorkload(transport, DEPLOYMENTS, 'inference', 'no-such-deployment', 1), (e: unknown) => e instanceof KubeApiError && e.status === 404 && /scale Deployment inference\/no-such-deployment: 404/.test(e.message));
});
