import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { lintText } from '../../src/core/lint/linter.js';
import { assertRange, diagnostics, fixture, single, variant } from './rules-helpers.js';

const deployment = fixture('vllm-plain-deployment.yaml');

test('vllm-deployment-ephemeral: a vLLM Deployment downloading a large model with no PVC → warning on the image; the Service is ignored', () => {
  const d = single(deployment, 'vllm-deployment-ephemeral');
  assert.equal(d.severity, 'warning');
  assert.equal(d.documentIndex, 1);
  assertRange(deployment, d, 'vllm/vllm-omni:v0.20.0', 29, 18);
  assert.match(d.message, /ephemeral local storage usage exceeds the total limit/);
  assert.deepEqual(d.fixes!.map((f) => f.title), [
    'Mount a PersistentVolumeClaim (qwen-edit-hf-cache, 70Gi) at /root/.cache/huggingface',
    'Request ephemeral-storage: 70Gi',
    'Convert to NIMService',
  ]);
});

test('Convert to NIMService writes a new file that lints clean with every rule and drops the literal token', () => {
  const fix = single(deployment, 'vllm-deployment-ephemeral').fixes!.find((f) => f.newFile?.suggestedName.endsWith('-nimservice.yaml'))!;
  assert.equal(fix.title, 'Convert to NIMService');
  assert.ok(!fix.isPreferred, 'conversion is the secondary suggestion');
  assert.equal(fix.newFile!.suggestedName, 'qwen-edit-nimservice.yaml');
  const content = fix.newFile!.content;
  assert.deepEqual(lintText(content), []);
  assert.ok(!content.includes('hf_abc123'));
  const spec = parseDocument(content).toJS().spec;
  assert.deepEqual(spec.args, ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni', '--port', '8000']);
  assert.deepEqual(spec.storage, { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' }, sharedMemorySizeLimit: '16Gi' });
  assert.deepEqual(spec.env, [
    { name: 'HF_HOME', value: '/model-store/huggingface' },
    { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } } },
  ]);
  assert.equal(spec.startupProbe.probe.failureThreshold * spec.startupProbe.probe.periodSeconds >= 1800, true);
  assert.equal(spec.authSecret, 'ngc-api-secret');
});

test('conversion of an api_server Deployment on another port keeps --port and the service port equal', () => {
  const text = variant(
    variant(deployment, 'command: ["vllm", "serve"]\n          args: ["nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni"]', 'command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n          args: ["--model", "meta-llama/Llama-3.1-70B-Instruct", "--tensor-parallel-size", "2"]'),
    'image: vllm/vllm-omni:v0.20.0',
    'image: registry.local:5000/vllm/vllm-openai:v0.11.0',
  ).replace('containerPort: 8000', 'containerPort: 5005').replace('nvidia.com/gpu: 1', 'nvidia.com/gpu: 2');
  const d = single(text, 'vllm-deployment-ephemeral');
  const content = d.fixes!.find((f) => f.title === 'Convert to NIMService')!.newFile!.content;
  assert.deepEqual(lintText(content), []);
  const spec = parseDocument(content).toJS().spec;
  assert.deepEqual(spec.image, { repository: 'registry.local:5000/vllm/vllm-openai', tag: 'v0.11.0', pullPolicy: 'IfNotPresent' });
  assert.equal(spec.expose.service.port, 5005);
  assert.deepEqual(spec.args.slice(-2), ['--port', '5005']);
});

test('no finding with a mounted PVC, a StatefulSet claim template, or a non-vLLM container', () => {
  const pvc = variant(
    variant(deployment, '            - name: dshm\n              mountPath: /dev/shm\n', '            - name: dshm\n              mountPath: /dev/shm\n            - name: weights\n              mountPath: /root/.cache\n'),
    '      volumes:\n',
    '      volumes:\n        - name: weights\n          persistentVolumeClaim:\n            claimName: qwen-weights\n',
  );
  assert.deepEqual(diagnostics(pvc, 'vllm-deployment-ephemeral'), []);
  const statefulSet = variant(pvc, 'kind: Deployment', 'kind: StatefulSet').replace('        - name: weights\n          persistentVolumeClaim:\n            claimName: qwen-weights\n', '') +
    '  volumeClaimTemplates:\n    - metadata:\n        name: weights\n      spec:\n        accessModes: [ReadWriteOnce]\n';
  assert.deepEqual(diagnostics(statefulSet, 'vllm-deployment-ephemeral'), []);
  const nginx = variant(variant(deployment, 'image: vllm/vllm-omni:v0.20.0', 'image: nginx:1.27'), 'command: ["vllm", "serve"]', 'command: ["nginx"]');
  assert.deepEqual(diagnostics(nginx, 'vllm-deployment-ephemeral'), []);
  const shell = variant(variant(deployment, 'image: vllm/vllm-omni:v0.20.0', 'image: python:3.12'), 'command: ["vllm", "serve"]', 'command: ["/bin/sh", "-c", "pip install vllm && vllm serve meta-llama/Llama-3.3-70B-Instruct"]');
  assert.equal(diagnostics(shell, 'vllm-deployment-ephemeral').length, 1, 'vllm serve inside a shell script');
});
