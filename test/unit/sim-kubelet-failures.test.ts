import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planContainer } from '../../src/sim/kubelet/containerPlan.js';
import { buildScript } from '../../src/sim/kubelet/logScript.js';
import type { ContainerSpec } from '../../src/sim/kubelet/runtimeProfile.js';
import type { KubeObject } from '../../src/sim/store/types.js';
import { diagnose } from '../../src/core/doctor/index.js';

// The kubelet's plan from the manifest alone: weights bigger than the model PVC fill it (disk-full), an unknown model
// with --trust-remote-code fails in its own code; a PVC that fits, or already holds the model, serves.
const GI = 2 ** 30;

function plan(args: string[], claimGi: number, image = 'vllm/vllm-omni:v0.20.0', shm: Record<string, unknown> | null = { medium: 'Memory', sizeLimit: '32Gi' }) {
  const container: ContainerSpec = { name: 'main', image, command: ['vllm', 'serve'], args, env: [{ name: 'HF_HOME', value: '/model-store/huggingface' }, { name: 'HF_TOKEN', value: 'hf_x' }], volumeMounts: [{ name: 'model-store', mountPath: '/model-store' }, ...(shm ? [{ name: 'dshm', mountPath: '/dev/shm' }] : [])] };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { containers: [container], volumes: [{ name: 'model-store', persistentVolumeClaim: { claimName: 'c' } }, ...(shm ? [{ name: 'dshm', emptyDir: shm }] : [])] } } as unknown as KubeObject;
  return planContainer({ pod, container, env: new Map([['HF_HOME', '/model-store/huggingface'], ['HF_TOKEN', 'hf_x']]), nodeEphemeralBytes: 1e12, claimBytes: (claim) => (claim === 'c' ? claimGi * GI : undefined) });
}

const IMAGE_EDIT = ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni', '--port', '8000'];

test('weights bigger than the model PVC: disk-full at its size, Errno 28 after the disk-space warning, diagnosed as a full disk', () => {
  const p = plan(IMAGE_EDIT, 10);
  assert.deepEqual(p.outcome, { kind: 'disk-full', capacityBytes: 10 * GI, path: '/model-store/huggingface' });
  const script = buildScript({ plan: p, start: 0, cachedBytes: 0 });
  assert.deepEqual([script.end.kind, script.end.kind === 'exit' && script.end.exitCode], ['exit', 1]);
  const lines = script.lines.map((l) => l.text);
  assert.ok(lines.some((l) => l.includes('/model-store/huggingface/hub/models--nvidia--Qwen-Image-Edit-NVPCB-OVSL2SL/blobs only has')));
  assert.equal(lines.at(-1), '(APIServer pid=1) OSError: [Errno 28] No space left on device');
  assert.ok(script.lines.every((l, i) => i === 0 || l.at >= script.lines[i - 1].at), 'lines in time order');
  // The download stops where the volume is full: what reached the PVC is its size, not the model.
  const fillAt = script.lines.at(-1)!.at;
  assert.ok(script.download && Math.abs(((fillAt - script.download.start) / 1000) * 50e6 - 10 * GI) < 50e6);
  assert.equal(diagnose({ logs: [{ source: 'log', lines }] })[0].signature, 'disk-full');
  assert.equal(plan(IMAGE_EDIT, 200).outcome.kind, 'serve', 'a PVC that holds the weights serves');
  assert.equal(buildScript({ plan: p, start: 0, cachedBytes: p.model!.bytes }).end.kind, 'up', 'a PVC that already holds the model never fills');
});

test('an unknown model with --trust-remote-code crashes in its config code; a known one, or no flag, serves', () => {
  const p = plan(['acme/custom-vlm', '--trust-remote-code', '--port', '8000'], 100, 'vllm/vllm-openai:v0.11.0');
  assert.deepEqual(p.outcome, { kind: 'crash', cause: 'remote-code' });
  const lines = buildScript({ plan: p, start: 0, cachedBytes: 0 }).lines.map((l) => l.text);
  assert.equal(lines.at(-1), "(APIServer pid=1) KeyError: 'rope_scaling'");
  const [f, ...rest] = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual([f.signature, rest.length], ['unrecognized-failure', 0]);
  assert.match(f.rootFrame!.text, /configuration_custom_vlm\.py", line 63, in __init__$/);
  assert.equal(plan(['acme/custom-vlm', '--port', '8000'], 100, 'vllm/vllm-openai:v0.11.0').outcome.kind, 'serve');
  assert.equal(plan(['nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL', '--trust-remote-code'], 100, 'vllm/vllm-openai:v0.11.0').outcome.kind, 'serve');
});

test('/dev/shm for vLLM-omni: none, or a memory-backed one limited below 1Gi, crash-loops on it; an unlimited or 32Gi one serves', () => {
  assert.deepEqual(plan(IMAGE_EDIT, 200, undefined, null).outcome, { kind: 'crash', cause: 'shm' });
  assert.deepEqual(plan(IMAGE_EDIT, 200, undefined, { medium: 'Memory', sizeLimit: '64Mi' }).outcome, { kind: 'crash', cause: 'shm' });
  assert.equal(plan(IMAGE_EDIT, 200, undefined, { medium: 'Memory' }).outcome.kind, 'serve', 'the operator mounts /dev/shm unlimited when no limit is set');
  assert.equal(plan(IMAGE_EDIT, 200, undefined, { medium: 'Memory', sizeLimit: '1Gi' }).outcome.kind, 'serve');
  assert.deepEqual(plan(IMAGE_EDIT, 200, undefined, {}).outcome, { kind: 'crash', cause: 'shm' }, 'a disk-backed emptyDir is not shared memory');
});
