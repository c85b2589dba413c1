import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeEndpoints, modelFromCommandLine } from '../../src/core/cluster/endpoints.js';

test('the served model comes from --served-model-name, else the first positional after serve', () => {
  assert.equal(modelFromCommandLine(['vllm', 'serve'], ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni', '--port', '8000']), 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL');
  assert.equal(modelFromCommandLine([], ['serve', 'nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16', '--served-model-name', 'nvidia/nemotron-nano-12b-v2-vl']), 'nvidia/nemotron-nano-12b-v2-vl');
  assert.equal(modelFromCommandLine([], ['--served-model-name=a/b']), 'a/b');
  assert.equal(modelFromCommandLine([], ['--port', '8000']), undefined);
});

test('NIMServices and unmanaged GPU workloads become endpoints with state, model and replicas', () => {
  const endpoints = computeEndpoints({
    nimServices: [
      { metadata: { name: 'edit', namespace: 'osmo-nims', creationTimestamp: '2026-11-23T10:00:00Z' }, spec: { replicas: 1, command: ['vllm', 'serve'], args: ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni'], resources: { limits: { 'nvidia.com/gpu': 1 } } }, status: { state: 'Ready', availableReplicas: 1, model: { name: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', clusterEndpoint: 'edit.osmo-nims.svc.cluster.local:8000' }, conditions: [{ type: 'Ready', status: 'True', reason: 'Ready' }] } },
      { metadata: { name: 'fresh', namespace: 'a' }, spec: { scale: { enabled: true, hpa: { minReplicas: 2 } } } },
    ],
    deployments: [
      { metadata: { name: 'vllm-raw', namespace: 'ml' }, spec: { replicas: 1, template: { spec: { containers: [{ image: 'vllm/vllm-openai:v0.11.0', args: ['--model', 'x'], resources: { limits: { 'nvidia.com/gpu': '1' } } }] } } }, status: { replicas: 1, readyReplicas: 0 } },
      { metadata: { name: 'managed', namespace: 'osmo-nims', ownerReferences: [{ kind: 'NIMService', name: 'edit' }] }, spec: { template: { spec: { containers: [{ resources: { limits: { 'nvidia.com/gpu': '1' } } }] } } } },
      { metadata: { name: 'web', namespace: 'ml' }, spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } },
      { metadata: { name: 'stuck', namespace: 'ml' }, spec: { replicas: 1, template: { spec: { containers: [{ image: 'x', resources: { limits: { 'nvidia.com/gpu': '2' } } }], volumes: [{ name: 'w', persistentVolumeClaim: {} }] } } }, status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] } },
    ],
    statefulSets: [],
  });
  assert.deepEqual(endpoints.map((e) => `${e.kind}/${e.namespace}/${e.name}:${e.state}`), [
    'NIMService/a/fresh:Pending',
    'Deployment/ml/stuck:Failed',
    'Deployment/ml/vllm-raw:NotReady',
    'NIMService/osmo-nims/edit:Ready',
  ]);
  const edit = endpoints.find((e) => e.name === 'edit')!;
  assert.equal(edit.model, 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL');
  assert.equal(edit.clusterEndpoint, 'edit.osmo-nims.svc.cluster.local:8000');
  assert.equal(edit.gpusPerReplica, 1);
  assert.equal(endpoints.find((e) => e.name === 'fresh')!.desiredReplicas, 2);
  assert.equal(endpoints.find((e) => e.name === 'vllm-raw')!.weightsOnEphemeralStorage, true);
  assert.equal(endpoints.find((e) => e.name === 'stuck')!.weightsOnEphemeralStorage, false);
});
