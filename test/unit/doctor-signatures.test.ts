import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { diagnose, SIGNATURES, combinedKeywordPattern, type DiagnoseInput } from '../../src/core/doctor/index.js';

const LOGS = join(__dirname, '../fixtures/logs');
const fixture = (name: string) => readFileSync(join(LOGS, name), 'utf8').split('\n');

interface Case {
  signature: string;
  /** A fixture log, or inline lines (statuses/events rendered by a kubectl-like tool, describe output…). */
  log: string | string[];
  /** The evidence is the first line containing this text. */
  at: string;
}

const cases: Case[] = [
  { signature: 'shm-too-small', log: 'vllm-omni-shm-engine-core.log', at: 'OSError: [Errno 28]' },
  { signature: 'shm-too-small', log: 'nccl-shm.log', at: 'Error while creating shared memory segment' },
  { signature: 'shm-too-small', log: ['[2026-03-25 05:44:29,435 W 39 39] (raylet) store_runner.cc:83: System memory request exceeds memory available in /dev/shm. The request is for 10200547328 bytes'], at: 'exceeds memory available' },
  { signature: 'disk-full', log: 'disk-full-copying-weights.log', at: 'No space left on device' },
  { signature: 'disk-full', log: 'disk-full-hf-download.log', at: 'Not enough free disk space' },
  { signature: 'ephemeral-storage-eviction', log: ['Status:           Failed', 'Reason:           Evicted', 'Message:          Pod ephemeral local storage usage exceeds the total limit of containers 50Gi.'], at: 'ephemeral local storage usage' },
  { signature: 'ephemeral-storage-eviction', log: ['Warning  Evicted  2m  kubelet  The node was low on resource: ephemeral-storage. Threshold quantity: 19316953466, available: 18561596Ki.'], at: 'low on resource' },
  { signature: 'oom-killed', log: ['    Last State:     Terminated', '      Reason:       OOMKilled', '      Exit Code:    137'], at: 'OOMKilled' },
  { signature: 'oom-killed', log: ['    Last State:     Terminated', '      Reason:       Error', '      Exit Code:    137'], at: 'Exit Code:    137' },
  { signature: 'unsupported-architecture', log: 'unsupported-architecture.log', at: "Model architectures ['Qwen3ForCausalLM']" },
  { signature: 'config-not-downloaded', log: 'config-not-downloaded.log', at: 'ValueError: No supported config format' },
  { signature: 'hf-gated-or-unauthorized', log: 'hf-gated.log', at: '401 Client Error' },
  { signature: 'hf-gated-or-unauthorized', log: ['huggingface_hub.errors.GatedRepoError: 403 Client Error. Cannot access gated repo for url https://huggingface.co/black-forest-labs/FLUX.1-dev/resolve/main/ae.safetensors.'], at: 'GatedRepoError' },
  { signature: 'ngc-key-missing-in-secret', log: ["  Warning  Failed  12s (x3 over 40s)  kubelet  Error: couldn't find key NGC_API_KEY in Secret osmo-nims/ngc-api-secret"], at: "couldn't find key" },
  { signature: 'cuda-oom', log: 'cuda-oom.log', at: 'torch.OutOfMemoryError' },
  { signature: 'kv-cache-too-small', log: 'kv-cache-too-small.log', at: "The model's max seq len (29000)" },
  { signature: 'kv-cache-too-small', log: ["(EngineCore_0 pid=211) ERROR 08-01 10:02:11 [core.py:700] ValueError: To serve at least one request with the models's max seq len (131072), (16.00 GiB KV cache is needed, which is larger than the available KV cache memory (9.51 GiB). Based on the available memory, the estimated maximum model length is 77888."], at: 'available KV cache memory' },
  { signature: 'engine-core-init-failed', log: ['(APIServer pid=64866) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}'], at: 'Engine core initialization failed' },
  { signature: 'nccl-system-error', log: ['(VllmWorkerProcess pid=675597) ERROR 09-25 06:40:46 multiproc_worker_utils.py:226] RuntimeError: NCCL error: unhandled system error (run with NCCL_DEBUG=INFO for details)'], at: 'NCCL error' },
  { signature: 'nunchaku-unsupported-gpu', log: 'nunchaku-h100.log', at: 'no kernel image is available' },
  { signature: 'readiness-probe-404', log: 'vllm-under-nim-probes.log', at: '"GET /v1/health/ready HTTP/1.1" 404' },
  { signature: 'probe-path-404', log: ['  Warning  Unhealthy  3s (x42 over 7m)  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 404'], at: 'statuscode: 404' },
  { signature: 'probe-path-404', log: 'corpus/platform/llm-d-inference-sim-45-liveness-404-restarts.log', at: 'Liveness probe failed: HTTP probe failed with statuscode: 404' },
  { signature: 'startup-probe-too-short', log: ['  Warning  Unhealthy  20m (x120 over 40m)  kubelet  Startup probe failed: Get "http://10.42.0.31:8000/health": dial tcp 10.42.0.31:8000: connect: connection refused', '  Normal   Killing    20m  kubelet  Container main failed startup probe, will be restarted'], at: 'Startup probe failed' },
  { signature: 'image-pull-unauthorized', log: ['  Warning  Failed  31s  kubelet  Failed to pull image "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4": failed to resolve reference "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://nvcr.io/proxy_auth?scope=repository%3Anim%2Fmeta%2Fllama-3.1-8b-instruct%3Apull: 401 Unauthorized'], at: 'Failed to pull image' },
  { signature: 'image-pull-unauthorized', log: ['Error response from daemon: Head "https://nvcr.io/v2/nim/meta/llama3-8b-instruct/manifests/latest": unauthorized: authentication required'], at: 'unauthorized: authentication required' },
  { signature: 'insufficient-gpu', log: ['  Warning  FailedScheduling  12s  default-scheduler  0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'], at: 'Insufficient nvidia.com/gpu' },
  { signature: 'trust-remote-code-required', log: 'trust-remote-code.log', at: 'requires you to execute the configuration file' },
  { signature: 'trust-remote-code-required', log: ['2024-02-08T08:40:56.161703147Z The repository for TheBloke/Nous-Capybara-34B-AWQ contains custom code which must be executed to correctly load the model.'], at: 'contains custom code' },
  { signature: 'image-edit-bad-fields', log: 'image-edit-422.log', at: '" 422' },
  { signature: 'image-edit-bad-fields', log: ['curl: (22) POST http://qwen-image-edit:8000/v1/images/edits returned 422: {"detail":"Field \'image\' or \'url\' is required"}'], at: "Field 'image'" },
  { signature: 'secret-or-key-not-found', log: ['  Warning  Failed  5s  kubelet  Error: CreateContainerConfigError: secret "hf-token-secret" not found'], at: 'secret "hf-token-secret" not found' },
  { signature: 'secret-or-key-not-found', log: 'corpus/gaps/eirini-release-111-failedmount-secret-not-found.log', at: 'secrets "secrets-2.16.4-1" not found' },
  { signature: 'create-container-config-error', log: ['  Warning  Failed  5s  kubelet  Error: CreateContainerConfigError: configmap "vllm-chat-template" not found'], at: 'CreateContainerConfigError' },
  { signature: 'image-not-found', log: ['  Warning  Failed  9s  kubelet  Failed to pull image "vllm/vllm-omni:v0.99.0": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/vllm/vllm-omni:v0.99.0": not found'], at: 'Failed to pull image' },
  { signature: 'image-not-found', log: 'corpus/platform/gpu-operator-170-driver-tag-manifest-unknown.log', at: 'manifest unknown' },
  { signature: 'image-pull-failed', log: ['  Warning  Failed  9s  kubelet  Failed to pull image "vllm/vllm-omni:v0.20.0": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/vllm/vllm-omni:v0.20.0": dial tcp 104.16.0.1:443: i/o timeout'], at: 'Failed to pull image' },
  { signature: 'pvc-pending', log: ['  Warning  FailedScheduling  4s  default-scheduler  0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.'], at: 'unbound immediate PersistentVolumeClaims' },
  { signature: 'scheduling-failed', log: ['  Warning  FailedScheduling  4s  default-scheduler  0/2 nodes are available: 2 node(s) had volume node affinity conflict.'], at: 'FailedScheduling' },
  { signature: 'node-selector-no-match', log: ["  Warning  FailedScheduling  4s  default-scheduler  0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."], at: "didn't match Pod's node affinity/selector" },
  { signature: 'node-selector-no-match', log: 'corpus/platform/test-infra-8582-node-selector-no-match.log', at: "4 node(s) didn't match Pod's node affinity/selector" },
  // The simulated NIM Operator's caching job (download-to-cache) when NGC refuses the key or the entitlement.
  { signature: 'ngc-key-unauthorized', log: ['ERROR 2026-12-06 00:02:54.513 ngc_injector.py:171] Error: failed to authenticate with NGC: 401 Unauthorized for url: https://api.ngc.nvidia.com/v2/org/nim/team/meta/models/llama-3.1-8b-instruct/versions'], at: '401 Unauthorized' },
  { signature: 'ngc-not-entitled', log: ['ERROR 2026-12-06 00:04:51.513 ngc_injector.py:171] Error: 403 Forbidden for url: https://api.ngc.nvidia.com/v2/org/nim/team/meta/models/llama-3.1-8b-instruct/versions'], at: '403 Forbidden' },
  { signature: 'pod-evicted', log: ['Reason:       Evicted', 'Message:      The node was low on resource: pids.'], at: 'Evicted' },
  { signature: 'probe-failed', log: ['  Warning  Unhealthy  9s (x3 over 29s)  kubelet  Readiness probe failed: Get "http://10.42.0.31:8000/health": context deadline exceeded'], at: 'Readiness probe failed' },
  { signature: 'liveness-kills-slow-start', log: ['  Warning  Unhealthy  9s (x3 over 29s)  kubelet  Liveness probe failed: Get "http://10.42.0.31:8000/health": context deadline exceeded'], at: 'Liveness probe failed' },
  { signature: 'liveness-kills-slow-start', log: 'corpus/gaps/cloud-platform-736-liveness-slow-start.log', at: 'connection refuse' },
  // Signatures from the real-world corpus: the evidence line of a public log each.
  { signature: 'model-inspection-failed', log: 'corpus/vllm-family/vllm-9713-arch-inspection-failed.log', at: 'Error in inspecting model architecture' },
  { signature: 'model-path-or-repo-invalid', log: 'corpus/gaps/vllm-17287-invalid-repo-id-no-org.log', at: 'Invalid repository ID' },
  { signature: 'partial-download', log: 'corpus/vllm-family/hf-hub-1498-consistency-check-partial-shard.log', at: 'Consistency check failed' },
  { signature: 'nim-profile-not-found', log: 'corpus/platform/k8s-nim-operator-407-nimcache-unknown-profile.log', at: 'Unknown profiles provided' },
  { signature: 'tp-size-vs-attention-heads', log: 'corpus/vllm-family/vllm-2652-tp-vs-attention-heads.log', at: 'Total number of attention heads (52)' },
  { signature: 'gpu-memory-utilization-below-free', log: 'corpus/vllm-family/vllm-20305-free-mem-below-utilization.log', at: 'Free memory on device (31.44/47.38 GiB)' },
  { signature: 'sglang-mem-fraction-too-small', log: 'corpus/vllm-family/sglang-4330-not-enough-memory-mem-fraction.log', at: 'Not enough memory' },
  { signature: 'ray-worker-host-oom', log: 'corpus/gaps/vllm-1160-ray-workers-killed-memory-pressure.log', at: 'killed due to memory pressure (OOM)' },
  { signature: 'cuda-driver-too-old', log: 'corpus/vllm-family/vllm-5635-driver-too-old-cuda12.4.log', at: 'unsatisfied condition: cuda>=12.4' },
  { signature: 'cuda-driver-too-old', log: 'corpus/vllm-family/vllm-4940-driver-too-old-error-804.log', at: 'Error 804' },
  { signature: 'nvidia-runtime-not-configured', log: 'corpus/platform/k8s-device-plugin-11-nvml-not-loaded.log', at: 'could not load NVML library' },
  { signature: 'no-gpu-in-container', log: 'corpus/vllm-family/vllm-13946-failed-to-infer-device-type.log', at: 'RuntimeError: Failed to infer device type' },
  { signature: 'no-gpu-in-container', log: 'corpus/vllm-family/vllm-23935-no-platform-nvml-not-found-k8s.log', at: 'NVML Shared Library Not Found' },
  { signature: 'libcuda-not-found', log: 'corpus/vllm-family/vllm-18730-ld-cannot-find-lcuda.log', at: 'cannot find -lcuda' },
  { signature: 'bf16-unsupported-gpu', log: 'corpus/vllm-family/vllm-730-bf16-v100.log', at: 'Bfloat16 is only supported' },
  { signature: 'fp8-unsupported-gpu', log: 'corpus/vllm-family/vllm-4327-fp8-unsupported-sm86.log', at: 'quantization method fp8' },
  { signature: 'fp8-unsupported-gpu', log: 'corpus/vllm-family/sglang-12887-fp8e4nv-ampere.log', at: 'fp8e4nv' },
  { signature: 'nunchaku-wheel-torch-mismatch', log: 'corpus/vllm-family/nunchaku-410-wheel-torch-abi-mismatch.log', at: 'undefined symbol' },
  { signature: 'nccl-network-failure', log: 'corpus/platform/nccl-210-socket-creation-failed.log', at: 'Socket creation failed' },
  { signature: 'port-in-use', log: 'corpus/vllm-family/vllm-8204-port-in-use.log', at: '[Errno 98]' },
  { signature: 'port-in-use', log: 'corpus/vllm-family/tgi-1156-master-port-in-use.log', at: 'errno: 98' },
  { signature: 'node-taint-not-tolerated', log: 'corpus/gaps/gpu-operator-156-untolerated-taint.log', at: 'had taint {workload: aiml}' },
  { signature: 'volume-mount-failed', log: 'corpus/gaps/trident-506-failedmount-csi-kubelet-mismatch.log', at: 'Unable to attach or mount volumes' },
  { signature: 'image-pull-unauthorized', log: 'corpus/platform/k8s-nim-operator-343-nimcache-pull-auth-required.log', at: 'unable to retrieve auth token' },
  { signature: 'hf-gated-or-unauthorized', log: 'corpus/platform/kserve-4400-storage-initializer-hf-restricted.log', at: 'is restricted' },
  { signature: 'shm-too-small', log: 'corpus/platform/nccl-342-shm-posix-fallocate.log', at: 'posix_fallocate failed' },
  { signature: 'worker-failed', log: ['(RayWorkerWrapper pid=880) ERROR 04-16 01:01:44 [worker_base.py:620] Error executing method \'init_device\'. This might cause deadlock in distributed execution.'], at: 'Error executing method' },
  { signature: 'worker-failed', log: ['ERROR 05-10 16:00:15 [multiproc_executor.py:140] Worker proc VllmWorker-1 died unexpectedly, shutting down executor.'], at: 'died unexpectedly' },
  { signature: 'crash-loop-backoff', log: ['  Warning  BackOff  2m (x26 over 7m)  kubelet  Back-off restarting failed container main in pod qwen-image-edit-5d9c7b_osmo-nims'], at: 'Back-off restarting' },
];

function expectedLine(lines: string[], at: string): number {
  const index = lines.findIndex((l) => l.includes(at));
  assert.ok(index >= 0, `test case text "${at}" occurs in its log`);
  return index + 1;
}

for (const c of cases) {
  const name = typeof c.log === 'string' ? c.log : `"${c.at}"`;
  test(`${c.signature} fires on ${name} with the evidence on the right line`, () => {
    const lines = typeof c.log === 'string' ? fixture(c.log) : c.log;
    const source = typeof c.log === 'string' ? c.log : 'pasted';
    const findings = diagnose({ logs: [{ source, lines }] });
    const finding = findings.find((f) => f.signature === c.signature);
    assert.ok(finding, `expected ${c.signature}, got ${findings.map((f) => f.signature).join(', ') || 'nothing'}`);
    assert.equal(finding.evidence.source, source);
    assert.equal(finding.evidence.line, expectedLine(lines, c.at));
    assert.ok(finding.evidence.text.includes(c.at), finding.evidence.text);
    assert.equal(findings[0].role === 'cause' || findings.every((f) => f.role !== 'cause'), true, 'a cause, when there is one, comes first');
  });
}

test('every signature in the table has a test case above', () => {
  const covered = new Set(cases.map((c) => c.signature));
  assert.deepEqual(SIGNATURES.map((s) => s.id).filter((id) => !covered.has(id)), []);
});

test('signature ids are unique and a manifest fix is named in the fix text', () => {
  assert.equal(new Set(SIGNATURES.map((s) => s.id)).size, SIGNATURES.length);
  for (const s of SIGNATURES) {
    const fix = s.manifestFix;
    if (fix?.kind === 'set') assert.ok(s.fix.includes(fix.path.join('.')), `${s.id} names ${fix.path.join('.')}`);
    if (fix?.kind === 'add-arg') assert.ok(s.fix.includes(fix.arg), s.id);
    if (fix?.kind === 'add-env') assert.ok(s.fix.includes(fix.name) && s.fix.includes('spec.env'), s.id);
    if (fix?.kind === 'add-pull-secret') assert.ok(s.fix.includes('spec.image.pullSecrets'), s.id);
    if (fix?.kind === 'raise-memory-limit') assert.ok(s.fix.includes('spec.resources.limits.memory'), s.id);
  }
});

for (const healthy of ['healthy-vllm.log', 'healthy-vllm-omni.log', 'healthy-nim.log']) {
  test(`no findings on ${healthy}`, () => {
    assert.deepEqual(diagnose({ logs: [{ source: healthy, lines: fixture(healthy) }] }), []);
  });
}

test('healthy cluster facts give no findings: running containers, Normal events', () => {
  const input: DiagnoseInput = {
    pods: [{ metadata: { name: 'qwen-0' }, status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 0, state: { running: {} } as never }] } }],
    events: [
      { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned osmo-nims/qwen-0 to gpu-node-1' },
      { type: 'Normal', reason: 'Pulled', message: 'Container image "vllm/vllm-omni:v0.20.0" already present on machine' },
    ],
  };
  assert.deepEqual(diagnose(input), []);
});

test('nunchaku-unsupported-gpu needs nunchaku in the same log: a generic kernel-image error is not blamed on it', () => {
  const generic = ['RuntimeError: CUDA error: no kernel image is available for execution on the device', 'CUDA kernel errors might be asynchronously reported'];
  assert.deepEqual(diagnose({ logs: [{ source: 'a', lines: generic }] }).map((f) => f.signature), []);
  const contextAfter = [...generic, 'hint: this build of nunchaku supports sm_80, sm_86, sm_89'];
  const found = diagnose({ logs: [{ source: 'a', lines: contextAfter }] });
  assert.deepEqual(found.map((f) => [f.signature, f.evidence.line]), [['nunchaku-unsupported-gpu', 1]]);
});

test('the combined keyword pattern means the same to grep -E as to JavaScript', (t) => {
  const grep = spawnSync('grep', ['-E', '-c', combinedKeywordPattern()], { encoding: 'utf8', input: cases.flatMap((c) => (typeof c.log === 'string' ? fixture(c.log) : c.log)).join('\n') + '\n' });
  if (grep.error) return t.skip('grep not available');
  assert.equal(grep.stderr, '', 'grep accepts the pattern');
  const all = cases.flatMap((c) => (typeof c.log === 'string' ? fixture(c.log) : c.log));
  const ours = all.filter((l) => new RegExp(combinedKeywordPattern()).test(l)).length;
  assert.equal(Number(grep.stdout.trim()), ours);
});

test('a full disk is not /dev/shm: the same Errno 28 is shm only where the log shows shared memory at work', () => {
  for (const log of ['disk-full-copying-weights.log', 'disk-full-hf-download.log']) {
    const ids = diagnose({ logs: [{ source: log, lines: fixture(log) }] }).map((f) => f.signature);
    assert.ok(!ids.includes('shm-too-small'), `${log}: ${ids.join(', ')}`);
    assert.equal(ids[0], 'disk-full', `${log}: ${ids.join(', ')}`);
  }
  const shm = diagnose({ logs: [{ source: 'shm', lines: fixture('vllm-omni-shm-engine-core.log') }] }).map((f) => f.signature);
  assert.equal(shm[0], 'shm-too-small', shm.join(', '));
  assert.ok(!shm.includes('disk-full'), `the shm log is not also a full disk: ${shm.join(', ')}`);
});

test('a healthy vLLM\'s shm_broadcast lines are not shared-memory evidence for a later full disk', () => {
  const lines = [
    "(EngineCore_DP0 pid=188) INFO 01-20 06:41:10 [shm_broadcast.py:289] vLLM message queue communication handle: Handle(local_reader_ranks=[0], buffer_handle=(1, 10485760, 10, 'psm_3f1a22c1'))",
    "OSError: [Errno 28] No space left on device: '/root/.cache/huggingface/hub/models--Qwen--Qwen3-8B/blobs/3f1a.incomplete'",
  ];
  const ids = diagnose({ logs: [{ source: 'pasted', lines }] }).map((f) => f.signature);
  assert.deepEqual(ids, ['disk-full']);
});
