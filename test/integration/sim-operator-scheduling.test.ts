import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEYS, loadFixture } from '../../src/sim/operator/index.js';
import { allocatable } from '../../src/sim/scheduler/nodeFit.js';
import { nodeUsage } from '../../src/sim/scheduler/scheduler.js';
import type { KubeObject } from '../../src/sim/store/types.js';
import { containerStatus, gpuNode, NS, noServers, startTestCluster, waitFor } from './sim-operator-harness.js';

function gpuPod(name: string, resources: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { containers: [{ name: 'main', image: 'pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime', resources: { limits: resources } }], tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }], ...extra },
  };
}

function nodeOf(pod: KubeObject | undefined): string | undefined {
  return (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
}

test('Pending with FailedScheduling when no GPU fits; scheduled once a GPU is freed', async () => {
  const cluster = startTestCluster({ speed: 2000, serverFactory: noServers, nodes: [gpuNode('gpu-a', 2, { gpuTaint: true }), gpuNode('gpu-b', 2, { gpuTaint: true })] });
  const { store } = cluster;
  try {
    store.create(KEYS.pods, gpuPod('hog-a', { 'nvidia.com/gpu': '2' }));
    store.create(KEYS.pods, gpuPod('hog-b', { 'nvidia.com/gpu': '2' }));
    await waitFor('hogs bound', () => nodeOf(store.get(KEYS.pods, NS, 'hog-a')) && nodeOf(store.get(KEYS.pods, NS, 'hog-b')));
    store.create(KEYS.pods, gpuPod('waiting', { 'nvidia.com/gpu': '1' }));
    const message = '0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    await waitFor('FailedScheduling', () => store.list(KEYS.events, NS).some((e) => e.reason === 'FailedScheduling' && e.message === message && e.type === 'Warning'));
    const pending = store.get(KEYS.pods, NS, 'waiting')!;
    assert.equal((pending.status as { phase: string }).phase, 'Pending');
    assert.deepEqual((pending.status as { conditions: Array<Record<string, unknown>> }).conditions.find((c) => c.type === 'PodScheduled'), { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: (pending.status as any).conditions[0].lastTransitionTime });
    // A pod that asks for no GPU (so gets no extended-resource toleration) is kept off the GPU-tainted nodes.
    store.create(KEYS.pods, { ...gpuPod('untolerating', { 'nvidia.com/gpu': '1' }), spec: { containers: [{ name: 'main', image: 'busybox', resources: { limits: { cpu: '1' } } }] } });
    await waitFor('taint message', () => store.list(KEYS.events, NS).some((e) => e.reason === 'FailedScheduling' && (e.involvedObject as { name: string }).name === 'untolerating' && String(e.message).startsWith('0/2 nodes are available: 2 node(s) had untolerated taint {nvidia.com/gpu: present}.')));
    const freedNode = nodeOf(store.get(KEYS.pods, NS, 'hog-a'));
    store.delete(KEYS.pods, NS, 'hog-a');
    await waitFor('scheduled after the GPU is freed', () => nodeOf(store.get(KEYS.pods, NS, 'waiting')) === freedNode);
    assert.ok(store.list(KEYS.events, NS).some((e) => e.reason === 'Scheduled' && e.message === `Successfully assigned ${NS}/waiting to ${freedNode}`));
    await waitFor('running', () => containerStatus(store.get(KEYS.pods, NS, 'waiting'))?.state.running);
  } finally {
    await cluster.stop();
  }
});

test('MIG slices, cordoned and NotReady nodes, nodeSelector', async () => {
  const mig = { 'nvidia.com/mig-1g.10gb': 2 };
  const cluster = startTestCluster({
    speed: 2000,
    serverFactory: noServers,
    nodes: [
      gpuNode('mig-ok', 0, { pool: 'a100-mig', mig }),
      gpuNode('mig-cordoned', 0, { pool: 'a100-mig', mig, cordoned: true }),
      gpuNode('mig-notready', 0, { pool: 'a100-mig', mig, notReady: true }),
      gpuNode('h100', 8),
    ],
  });
  const { store } = cluster;
  try {
    for (const name of ['slice-0', 'slice-1', 'slice-2']) store.create(KEYS.pods, gpuPod(name, { 'nvidia.com/mig-1g.10gb': '1' }));
    await waitFor('two slices bound', () => ['slice-0', 'slice-1'].every((n) => nodeOf(store.get(KEYS.pods, NS, n)) === 'mig-ok'));
    const message = '0/4 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable, 2 Insufficient nvidia.com/mig-1g.10gb. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.';
    await waitFor('third slice pending', () => store.list(KEYS.events, NS).some((e) => (e.involvedObject as { name: string }).name === 'slice-2' && e.message === message));
    store.create(KEYS.pods, gpuPod('selected', { 'nvidia.com/gpu': '1' }, { nodeSelector: { 'karpenter.sh/nodepool': 'h100' } }));
    await waitFor('selector honoured', () => nodeOf(store.get(KEYS.pods, NS, 'selected')) === 'h100');
    // Uncordoning frees capacity for the pending slice.
    const cordoned = store.get(KEYS.nodes, undefined, 'mig-cordoned')!;
    store.update(KEYS.nodes, { ...cordoned, spec: {} });
    await waitFor('slice on the uncordoned node', () => nodeOf(store.get(KEYS.pods, NS, 'slice-2')) === 'mig-cordoned');
  } finally {
    await cluster.stop();
  }
});

test('the demo fixture under the controllers: Ready endpoints at load, a crash loop, an eviction-bound vLLM, allocation within capacity', async () => {
  const cluster = startTestCluster({ speed: 60, serverFactory: noServers, nodes: [] });
  const { store } = cluster;
  try {
    loadFixture(store, 'demo', { now: cluster.clock.now() });
    await waitFor('image-edit and caption endpoints Ready', () => ['qwen-image-edit-nvpcb-ovsl2sl', 'nemotron-nano-vl-caption'].every((n) => (store.get(KEYS.nimServices, 'osmo-nims', n)?.status as { state?: string } | undefined)?.state === 'Ready'), 8000);
    const crashing = await waitFor('crash loop', () => {
      const pod = store.list(KEYS.pods, 'osmo-nims').find((p) => p.metadata.labels?.app === 'qwen-image-edit-noshm');
      const status = containerStatus(pod);
      return status && status.restartCount >= 3 ? status : undefined;
    });
    assert.equal(crashing.lastState.terminated?.exitCode, 1);
    const sft = await waitFor('sft pending', () => store.list(KEYS.pods, 'ml-training').find((p) => p.metadata.labels?.app === 'llama-70b-sft' && (p.status as any)?.conditions?.some((c: any) => c.reason === 'Unschedulable')));
    assert.match((sft.status as any).conditions.find((c: any) => c.type === 'PodScheduled').message, /^0\/9 nodes are available: .*3 Insufficient nvidia\.com\/gpu.*4 node\(s\) didn't match Pod's node affinity\/selector/);
    const usage = nodeUsage(store.list(KEYS.pods));
    for (const node of store.list(KEYS.nodes)) {
      for (const [resource, used] of usage.get(node.metadata.name) ?? []) assert.ok(used <= allocatable(node, resource), `${node.metadata.name} ${resource}`);
    }
    assert.equal(store.list(KEYS.pods).filter((p) => nodeOf(p) === 'gpu-lab-a100-mig-1' || nodeOf(p) === 'gpu-lab-l40s-3').length, 0);
  } finally {
    await cluster.stop();
  }
});
