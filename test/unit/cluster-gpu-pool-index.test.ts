import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeGpuPools, DEFAULT_POOL_LABEL_KEYS } from '../../src/core/cluster/gpuPools.js';
import { GpuPoolIndex } from '../../src/core/cluster/gpuPoolIndex.js';
import type { NodeLike, PodLike } from '../../src/core/cluster/kubeTypes.js';
import { GPU_LAB_POOLS, gpuLabObjects, gpuNode, gpuPod } from './cluster-fixture.js';

const key = (o: { metadata?: { namespace?: string; name?: string } }) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata?.name ?? '');

function lab() {
  const nodes = new Map<string, NodeLike>();
  const pods = new Map<string, PodLike>();
  for (const [k, o] of gpuLabObjects()) {
    if (k === 'nodes') nodes.set(key(o), structuredClone(o) as NodeLike);
    if (k === 'pods') pods.set(key(o), structuredClone(o) as PodLike);
  }
  return { nodes, pods };
}

function figures(pools: ReturnType<typeof computeGpuPools>) {
  return pools.map(({ nodeSummaries: _n, label: _l, ...p }) => p);
}

describe('GpuPoolIndex (incremental pools)', () => {
  it('gives the GPU lab figures: limits as requests, init containers, terminated pods not counted, cordoned / NotReady not free, MIG', () => {
    const { nodes, pods } = lab();
    const index = new GpuPoolIndex(DEFAULT_POOL_LABEL_KEYS);
    for (const [k, pod] of pods) index.upsertPod(k, pod); // pods before their nodes, as a relist may deliver them
    for (const node of nodes.values()) index.upsertNode(node);
    assert.deepEqual(figures(index.pools()), GPU_LAB_POOLS);
    assert.deepEqual(index.pools(), computeGpuPools([...nodes.values()], [...pods.values()]));
    const h100a = index.nodeSummary('h100-a')!;
    assert.deepEqual(h100a.taints, ['nvidia.com/gpu=present:NoSchedule']);
    assert.equal(h100a.free, 1);
    assert.deepEqual(h100a.gpuPods.map((p) => `${p.name}:${p.gpus}`), ['llama-7d9f-abcde:2', 'vllm-omni-5c8d-xyz12:1', 'warmup:4']);
    assert.equal(index.nodeSummary('cpu-1'), undefined);
  });

  it('stays equal to a full recomputation through binds, phase changes, moves, deletions, relabels and cordons', () => {
    const { nodes, pods } = lab();
    const index = new GpuPoolIndex(DEFAULT_POOL_LABEL_KEYS);
    for (const node of nodes.values()) index.upsertNode(node);
    for (const [k, pod] of pods) index.upsertPod(k, pod);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const nodeNames = [...nodes.keys()];
    for (let step = 0; step < 2000; step++) {
      const r = random();
      if (r < 0.35) {
        const name = `p-${Math.floor(random() * 40)}`;
        const node = random() < 0.1 ? undefined : nodeNames[Math.floor(random() * nodeNames.length)];
        const resource = random() < 0.3 ? 'nvidia.com/mig-1g.10gb' : 'nvidia.com/gpu';
        const pod = gpuPod('load', name, node, { limits: { [resource]: String(1 + Math.floor(random() * 3)) } }, { phase: random() < 0.2 ? 'Succeeded' : undefined, init: random() < 0.2 ? { 'nvidia.com/gpu': '5' } : undefined }) as PodLike;
        pods.set(`load/${name}`, pod);
        const changed = index.upsertPod(`load/${name}`, pod);
        if (node && pod.status?.phase !== 'Succeeded' && index.poolOfNode(node) && changed.size) assert.ok(changed.has(index.poolOfNode(node)!));
      } else if (r < 0.55) {
        const k = [...pods.keys()][Math.floor(random() * pods.size)];
        if (!k) continue;
        pods.delete(k);
        index.deletePod(k);
      } else if (r < 0.75) {
        const k = [...pods.keys()][Math.floor(random() * pods.size)];
        if (!k) continue;
        const pod = structuredClone(pods.get(k)!);
        pod.status = { ...pod.status, phase: random() < 0.5 ? 'Failed' : 'Running' };
        pods.set(k, pod);
        index.upsertPod(k, pod);
      } else if (r < 0.9) {
        const name = nodeNames[Math.floor(random() * nodeNames.length)];
        const pool = ['x', 'y', 'h100'][Math.floor(random() * 3)];
        const node = gpuNode(name, { 'karpenter.sh/nodepool': pool, 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' }, { 'nvidia.com/gpu': String(Math.floor(random() * 9)) }, { unschedulable: random() < 0.2, notReady: random() < 0.2 }) as NodeLike;
        nodes.set(name, node);
        index.upsertNode(node);
      } else {
        const name = nodeNames[Math.floor(random() * nodeNames.length)];
        if (nodes.delete(name)) index.deleteNode(name);
        else {
          const node = gpuNode(name, { 'karpenter.sh/nodepool': 'back' }, { 'nvidia.com/gpu': '2' }) as NodeLike;
          nodes.set(name, node);
          index.upsertNode(node);
        }
      }
      if (step % 50 === 0 || step === 1999) assert.deepEqual(index.pools(), computeGpuPools([...nodes.values()], [...pods.values()]), `step ${step}`);
    }
  });

  it('reports no change for a pod update that does not change what it holds', () => {
    const index = new GpuPoolIndex(DEFAULT_POOL_LABEL_KEYS);
    index.upsertNode(gpuNode('n', { 'karpenter.sh/nodepool': 'p' }, { 'nvidia.com/gpu': '4' }) as NodeLike);
    const pod = gpuPod('a', 'b', 'n', { limits: { 'nvidia.com/gpu': '1' } }) as PodLike;
    assert.deepEqual([...index.upsertPod('a/b', pod)], ['p']);
    const relabelled = structuredClone(pod);
    relabelled.metadata!.labels = { touched: 'yes' };
    assert.equal(index.upsertPod('a/b', relabelled).size, 0);
    assert.deepEqual([...index.deletePod('a/b')], ['p']);
  });
});
