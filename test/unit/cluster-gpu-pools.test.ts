import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeGpuPools, DEFAULT_POOL_LABEL_KEYS } from '../../src/core/cluster/gpuPools.js';
import { podRequest } from '../../src/core/cluster/podRequests.js';
import type { NodeLike, PodLike } from '../../src/core/cluster/kubeTypes.js';

function node(name: string, labels: Record<string, string>, allocatable: Record<string, string>, extra: { unschedulable?: boolean; ready?: boolean; taints?: NodeLike['spec'] extends infer S ? S extends { taints?: infer T } ? T : never : never } = {}): NodeLike {
  return {
    metadata: { name, labels },
    spec: { unschedulable: extra.unschedulable, taints: extra.taints },
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
  };
}

function pod(name: string, nodeName: string | undefined, resources: Array<{ requests?: Record<string, string>; limits?: Record<string, string> }>, phase = 'Running', initResources: typeof resources = []): PodLike {
  return {
    metadata: { name, namespace: 'ns' },
    spec: { nodeName, containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })), initContainers: initResources.map((r, i) => ({ name: `i${i}`, resources: r })) },
    status: { phase },
  };
}

const h100 = { 'karpenter.sh/nodepool': 'h100', 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' };

test('a container without a request is requested at its limit; init containers count by their maximum', () => {
  assert.equal(podRequest(pod('a', 'n', [{ limits: { 'nvidia.com/gpu': '2' } }, { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } }]), 'nvidia.com/gpu'), 3);
  assert.equal(podRequest(pod('b', 'n', [{ limits: { 'nvidia.com/gpu': '1' } }], 'Running', [{ limits: { 'nvidia.com/gpu': '4' } }]), 'nvidia.com/gpu'), 4);
  assert.equal(podRequest(pod('c', 'n', [{ limits: { 'nvidia.com/gpu': '3' } }], 'Running', [{ limits: { 'nvidia.com/gpu': '2' } }]), 'nvidia.com/gpu'), 3);
});

test('pools group GPU nodes by the first pool label and count capacity, allocated and free', () => {
  const nodes = [
    node('h100-a', h100, { 'nvidia.com/gpu': '8', cpu: '96' }),
    node('h100-b', h100, { 'nvidia.com/gpu': '8' }),
    node('cpu-only', { 'karpenter.sh/nodepool': 'general' }, { cpu: '32' }),
  ];
  const pods = [
    pod('runs', 'h100-a', [{ limits: { 'nvidia.com/gpu': '3' } }]),
    pod('done', 'h100-a', [{ limits: { 'nvidia.com/gpu': '4' } }], 'Succeeded'),
    pod('failed', 'h100-b', [{ limits: { 'nvidia.com/gpu': '4' } }], 'Failed'),
    pod('pending', undefined, [{ limits: { 'nvidia.com/gpu': '8' } }], 'Pending'),
    pod('b-runs', 'h100-b', [{ requests: { 'nvidia.com/gpu': '2' }, limits: { 'nvidia.com/gpu': '2' } }]),
  ];
  const pools = computeGpuPools(nodes, pods, DEFAULT_POOL_LABEL_KEYS);
  assert.equal(pools.length, 1, 'the CPU-only node forms no GPU pool');
  const [pool] = pools;
  assert.equal(pool.name, 'h100');
  assert.equal(pool.label, 'karpenter.sh/nodepool=h100');
  assert.equal(pool.gpuProduct, 'NVIDIA-H100-80GB-HBM3');
  assert.equal(pool.nodes, 2);
  assert.equal(pool.capacity, 16);
  assert.equal(pool.allocated, 5, 'finished and unbound pods hold no GPU');
  assert.equal(pool.free, 11);
  assert.deepEqual(pool.nodeSummaries.find((n) => n.name === 'h100-a')!.gpuPods.map((p) => p.name), ['runs']);
});

test('cordoned and NotReady nodes count in capacity but not in free, and are counted as unschedulable', () => {
  const l40s = { 'karpenter.sh/nodepool': 'l40s', 'nvidia.com/gpu.product': 'NVIDIA-L40S' };
  const nodes = [
    node('l40s-1', l40s, { 'nvidia.com/gpu': '4' }),
    node('l40s-2', l40s, { 'nvidia.com/gpu': '4' }, { unschedulable: true }),
    node('l40s-3', l40s, { 'nvidia.com/gpu': '4' }, { ready: false }),
    node('l40s-4', l40s, { 'nvidia.com/gpu': '4' }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }),
  ];
  const pools = computeGpuPools(nodes, [pod('x', 'l40s-2', [{ limits: { 'nvidia.com/gpu': '1' } }])]);
  const [pool] = pools;
  assert.equal(pool.capacity, 16);
  assert.equal(pool.allocated, 1);
  assert.equal(pool.free, 8, 'only the two schedulable, Ready nodes offer free GPUs; a GPU taint alone does not');
  assert.equal(pool.unschedulableNodes, 2);
  assert.deepEqual(pool.nodeSummaries.find((n) => n.name === 'l40s-4')!.taints, ['nvidia.com/gpu=present:NoSchedule']);
});

test('MIG slices are counted per profile', () => {
  const mig = { 'karpenter.sh/nodepool': 'a100-mig', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' };
  const nodes = [
    node('mig-1', mig, { 'nvidia.com/mig-1g.10gb': '7', 'nvidia.com/mig-3g.40gb': '0' }),
    node('mig-2', mig, { 'nvidia.com/mig-1g.10gb': '7' }),
  ];
  const pods = [pod('slice', 'mig-1', [{ limits: { 'nvidia.com/mig-1g.10gb': '2' } }]), pod('done', 'mig-2', [{ limits: { 'nvidia.com/mig-1g.10gb': '3' } }], 'Succeeded')];
  const [pool] = computeGpuPools(nodes, pods);
  assert.equal(pool.capacity, 0);
  assert.deepEqual(pool.mig['nvidia.com/mig-1g.10gb'], { capacity: 14, allocated: 2 });
});

test('nodes fall back to later label keys, then to an explicit "no pool label" pool', () => {
  const nodes = [
    node('gke', { 'cloud.google.com/gke-nodepool': 'gpu-pool' }, { 'nvidia.com/gpu': '1' }),
    node('product-only', { 'nvidia.com/gpu.product': 'Tesla-T4' }, { 'nvidia.com/gpu': '1' }),
    node('bare', {}, { 'nvidia.com/gpu': '1' }),
  ];
  assert.deepEqual(computeGpuPools(nodes, []).map((p) => p.name), ['(no pool label)', 'gpu-pool', 'Tesla-T4']);
});
