// NIM profile compatibility: tags from the operator's status (config) or from the profile's name, the GPU pools a
// pod may land on (nodeSelector, NoSchedule/NoExecute taints) and the GPUs a profile needs on one node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compatibleProfiles, describeCompatibility, gpuMatchesProduct, parseProfileName, poolFacts, poolRefusal, profileFromStatus } from '../../src/core/cluster/nimProfiles.js';
import type { NodeLike } from '../../src/core/cluster/kubeTypes.js';

function gpuNode(name: string, pool: string, product: string, gpus: number, taint = false): NodeLike {
  return {
    metadata: { name, labels: { 'karpenter.sh/nodepool': pool, 'nvidia.com/gpu.product': product } },
    spec: taint ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {},
    status: { allocatable: { 'nvidia.com/gpu': String(gpus) }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

const nodes = [gpuNode('h-1', 'h100', 'NVIDIA-H100-80GB-HBM3', 8), gpuNode('l-1', 'l40s', 'NVIDIA-L40S', 2, true), { metadata: { name: 'cpu', labels: {} }, status: { allocatable: { cpu: '8' } } }];

test('profile names and status entries become tags', () => {
  assert.deepEqual(parseProfileName('tensorrt_llm-h100-fp8-tp2-latency'), { name: 'tensorrt_llm-h100-fp8-tp2-latency', engine: 'tensorrt_llm', gpu: 'H100', precision: 'fp8', tensorParallel: 2, pipelineParallel: 1, qos: 'latency' });
  assert.deepEqual(parseProfileName('vllm-bf16-tp4-pp2'), { name: 'vllm-bf16-tp4-pp2', engine: 'vllm', precision: 'bf16', tensorParallel: 4, pipelineParallel: 2 });
  assert.equal(parseProfileName('tensorrt_llm-h100_nvl-fp8-tp1-pp1-throughput').gpu, 'H100_NVL');
  assert.ok(gpuMatchesProduct('H100_NVL', 'NVIDIA-H100-NVL') && gpuMatchesProduct('H100', 'NVIDIA-H100-80GB-HBM3') && !gpuMatchesProduct('L40S', 'NVIDIA-L4'));
  assert.deepEqual(parseProfileName('7cc8597690a35aba19a3636f35e7f1c7e7dbc005fe88ce9394cad4a4adeed414'), {});
  const fromStatus = profileFromStatus({ name: 'a'.repeat(64), config: { llm_engine: 'tensorrt_llm', tp: '8', pp: '1', gpu: 'L40S', precision: 'fp8', profile: 'throughput' } });
  assert.deepEqual([fromStatus.id.length, fromStatus.gpu, fromStatus.tensorParallel, fromStatus.qos], [64, 'L40S', 8, 'throughput']);
});

test('pools from nodes, and why a placement cannot land on one', () => {
  const pools = poolFacts(nodes);
  assert.deepEqual(pools.map((p) => [p.name, p.gpuProduct, p.gpusPerNode]), [['h100', 'NVIDIA-H100-80GB-HBM3', 8], ['l40s', 'NVIDIA-L40S', 2]]);
  const [h100, l40s] = pools;
  assert.equal(poolRefusal(h100), undefined);
  assert.equal(poolRefusal(l40s), 'taint nvidia.com/gpu=present:NoSchedule not tolerated');
  assert.equal(poolRefusal(l40s, { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }), undefined);
  assert.equal(poolRefusal(h100, { nodeSelector: { 'karpenter.sh/nodepool': 'l40s' } }), 'nodeSelector karpenter.sh/nodepool=l40s matches no node');
});

test('compatible profiles: GPU tag, GPUs per node, placement and the NIMService\'s GPU count', () => {
  const cache = {
    selectedProfiles: ['tensorrt_llm-l40s-fp8-tp4-latency', 'vllm-bf16-tp2'],
    cachedProfiles: [{ name: 'b'.repeat(64), config: { name: 'tensorrt_llm-h100-bf16-tp1-throughput', llm_engine: 'tensorrt_llm', tp: '1', gpu: 'H100', precision: 'bf16' } }],
  };
  const tolerant = { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] };
  const rows = compatibleProfiles(cache, poolFacts(nodes), tolerant);
  assert.deepEqual(rows.map((r) => [r.profile.name, r.cached, r.selected, r.pools, r.compatible]), [
    ['tensorrt_llm-h100-bf16-tp1-throughput', true, false, ['h100'], true],
    ['tensorrt_llm-l40s-fp8-tp4-latency', false, true, [], false],
    ['vllm-bf16-tp2', false, true, ['h100', 'l40s'], true],
  ]);
  assert.match(describeCompatibility(rows[1]), /^✗ tensorrt_llm-l40s-fp8-tp4-latency \(selected, not cached yet; tensorrt_llm L40S fp8 tp4\) — h100: built for L40S, the pool has NVIDIA-H100-80GB-HBM3; l40s: needs 4 GPUs on one node, the pool has 2$/);
  const forService = compatibleProfiles(cache, poolFacts(nodes), tolerant, 2);
  assert.deepEqual(forService.map((r) => r.compatible), [false, false, true]);
  assert.deepEqual(forService[0].gpuCountMismatch, { requested: 2, profile: 1 });
});
