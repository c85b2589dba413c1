import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dockerRunCommand } from '../../src/core/dockerRun/dockerRunCommand.js';
import { findNimServiceDocument, manifestFixEdits } from '../../src/core/doctor/manifestFixEdits.js';
import { parseDownloadProgress } from '../../src/core/launch/downloadProgress.js';
import { LogDeduper } from '../../src/core/logs/logDeduper.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';
import { qwenImageEdit } from '../../src/sim/fixtures/demo.js';

test('docker run equivalent of the image-edit recipe\'s NIMService', () => {
  const command = dockerRunCommand({ metadata: { name: 'q' }, spec: qwenImageEdit() } as never);
  assert.equal(command, [
    'docker run --rm -it', '--gpus 1', '--shm-size 32g', '-e NGC_API_KEY', '-e HF_TOKEN', '-e NIM_CACHE_PATH=/model-store', '-e HF_HOME=/model-store/huggingface',
    '-v "$HOME/.cache/ies-model-store":/model-store', '-p 8000:8000', '--entrypoint vllm', 'vllm/vllm-omni:v0.20.0 serve nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL --omni --port 8000',
  ].join(' \\\n  '));
  assert.doesNotMatch(command, /hf_|nvapi/);
});

test('deduper: repeats at and before the last instant are dropped, same-instant lines counted, later ones kept', () => {
  const d = new LogDeduper();
  const t = (ms: number) => `2025-01-01T00:00:00.${String(ms).padStart(3, '0')}Z`;
  assert.deepEqual([t(1), t(2), t(2)].map((x) => d.accept(x)), [true, true, true]);
  d.reconnected();
  // Server repeats from the whole second (real API servers) then continues.
  assert.deepEqual([t(1), t(2), t(2), t(2), t(3)].map((x) => d.accept(x)), [false, false, false, true, true]);
  assert.equal(d.lastTime, t(3));
});

test('download progress from huggingface_hub tqdm bars, over all shards', () => {
  const p = parseDownloadProgress('model-00002-of-00004.safetensors:  50%|█████     | 2.46G/4.92G [00:10<00:10, 245.0MB/s]');
  assert.equal(p?.fraction, 0.375);
  assert.equal(p?.bytes, '2.46G/4.92G');
  assert.equal(parseDownloadProgress('Loading safetensors checkpoint shards:  50% Completed | 2/4'), undefined);
});

test('doctor manifest fixes become minimal edits: shm limit, probes to /health, HF_TOKEN from a Secret', () => {
  const text = 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: q # keep\nspec:\n  image:\n    repository: vllm/vllm-omni\n    tag: v0.20.0\n  storage:\n    pvc:\n      create: true\n';
  const doc = findNimServiceDocument(text)!;
  const shm = applyTextEdits(text, manifestFixEdits(doc, { kind: 'set', path: ['spec', 'storage', 'sharedMemorySizeLimit'], value: '32Gi' })!);
  assert.match(shm, /storage:\n {4}pvc:\n {6}create: true\n {4}sharedMemorySizeLimit: 32Gi\n/);
  assert.match(shm, /name: q # keep/);
  const probes = applyTextEdits(text, manifestFixEdits(doc, { kind: 'probes-to-health', path: '/health' })!);
  assert.equal((probes.match(/path: \/health/g) ?? []).length, 3);
  const env = applyTextEdits(text, manifestFixEdits(doc, { kind: 'add-env', name: 'HF_TOKEN', secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } })!);
  assert.match(env, /env:\n\s+- name: HF_TOKEN\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: hf-token-secret\n\s+key: HF_TOKEN/);
});
