import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../src/core/doctor/index.js';

// When several signatures match, the root cause comes first: specific causes, then generic ones, then symptoms,
// then wrappers (which point at what they wrap); a finding that is a misreading of another one is left out.
const CORPUS = join(__dirname, '../fixtures/logs/corpus');
const corpus = (path: string) => readFileSync(join(CORPUS, path), 'utf8').split('\n');
const ids = (lines: string[], events?: Parameters<typeof diagnose>[0]['events']) => diagnose({ logs: [{ source: 'log', lines }], events }).map((f) => f.signature);

test('a Ray worker wrapper ranks after the exception it reports, and points at it', () => {
  const lines = corpus('vllm-family/vllm-4327-fp8-unsupported-sm86.log');
  const findings = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual(findings.map((f) => f.signature), ['fp8-unsupported-gpu', 'worker-failed']);
  assert.equal(findings[1].wraps, 'fp8-unsupported-gpu');
  assert.equal(findings[1].evidence.line, 1, 'the wrapper’s evidence is the FP8 error above it');
  assert.match(findings[1].wrapperEvidence!.text, /RayWorkerWrapper.*Error executing method load_model/);
});

test('engine-core and worker-died wrappers over a specific cause: the cause first, wrappers after, in order seen', () => {
  const lines = [
    '(EngineCore_0 pid=9) ERROR 09-03 11:03:37 [core.py:712] ValueError: Free memory on device (7.34/139.72 GiB) on startup is less than desired GPU memory utilization (0.9, 125.75 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.',
    'ERROR 09-03 11:03:38 [multiproc_executor.py:140] Worker proc VllmWorker-1 died unexpectedly, shutting down executor.',
    '(APIServer pid=1) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
  ];
  const findings = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual(findings.map((f) => f.signature), ['gpu-memory-utilization-below-free', 'worker-failed', 'engine-core-init-failed']);
  assert.ok(findings.slice(1).every((f) => f.wraps === 'gpu-memory-utilization-below-free' && f.evidence.line === 1));
});

test('an exception the wrapper points at outranks the wrapper line even when the exception is unknown', () => {
  const lines = [
    '(VllmWorker rank=0 pid=7) ERROR 05-10 16:00:15 [multiproc_executor.py:470] Traceback (most recent call last):',
    "(VllmWorker rank=0 pid=7) ERROR 05-10 16:00:15 [multiproc_executor.py:470] AssertionError: expected 'lm_head.weight' in checkpoint",
    '(VllmWorker rank=0 pid=7) ERROR 05-10 16:00:15 [multiproc_executor.py:470] WorkerProc hit an exception.',
  ];
  const [wrapper, ...rest] = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual(rest, [], 'a wrapper explains the log: no unrecognized-failure besides it');
  assert.equal(wrapper.signature, 'worker-failed');
  assert.equal(wrapper.wraps, 'AssertionError');
  assert.equal(wrapper.evidence.line, 2);
  assert.match(wrapper.fix, /matches no known cause: search vLLM's issues for the exact message: https:\/\/github\.com\/vllm-project\/vllm\/issues\?q=/);
});

test('CrashLoopBackOff and a non-zero exit rank after the cause in the previous log', () => {
  const findings = diagnose({
    logs: [{ source: 'previous', lines: corpus('vllm-family/vllm-730-bf16-v100.log') }],
    containerStatuses: [{ pod: 'vllm-0', name: 'main', restartCount: 5, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }],
    events: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container main in pod vllm-0', involvedObject: { kind: 'Pod', name: 'vllm-0' } }],
  });
  assert.deepEqual(findings.map((f) => f.signature), ['bf16-unsupported-gpu', 'crash-loop-backoff']);
});

test('NCCL shared memory: posix_fallocate "No space left on device" is /dev/shm, not a full disk', () => {
  const findings = diagnose({ logs: [{ source: 'log', lines: corpus('platform/nccl-342-shm-posix-fallocate.log') }] });
  assert.deepEqual(findings.map((f) => f.signature), ['shm-too-small']);
  assert.equal(findings[0].evidence.line, 1);
  assert.deepEqual(ids(['include/shm.h:28 NCCL WARN Call to posix_fallocate failed: No space left on device']), ['shm-too-small'], 'NCCL’s shm.h says shared memory on the line itself');
  assert.deepEqual(ids(['OSError: [Errno 28] No space left on device: \'/root/.cache/huggingface/hub/models--x/blobs/abc.incomplete\'']), ['disk-full']);
});

test('a crashed model-inspection subprocess is not blamed on an old vLLM', () => {
  const lines = [
    ...corpus('vllm-family/vllm-9713-arch-inspection-failed.log'),
    "ValueError: Model architectures ['LlamaForCausalLM'] are not supported for now. Supported architectures: ['AquilaModel', 'LlamaForCausalLM']",
  ];
  assert.deepEqual(ids(lines), ['model-inspection-failed']);
  assert.deepEqual(ids(corpus('vllm-family/vllm-22231-qwen3-arch-unsupported.log')), ['unsupported-architecture'], 'without an inspection failure it is an old vLLM');
});

test('the NIM default probes on a vLLM server supersede the general probe-path 404; a 404 alone is the general one', () => {
  const access = ['INFO:     10.42.0.1:51234 - "GET /v1/health/ready HTTP/1.1" 404 Not Found'];
  const event = [{ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404', involvedObject: { kind: 'Pod', name: 'nim-0' } }];
  assert.deepEqual(ids(access, event), ['readiness-probe-404']);
  assert.deepEqual(ids([], event), ['probe-path-404']);
  assert.deepEqual(ids(corpus('platform/llm-d-inference-sim-45-liveness-404-restarts.log')), ['probe-path-404']);
});

test('a specific cause outranks a generic one seen before it', () => {
  const lines = [
    '  Warning  Failed     10s (x3 over 50s)  kubelet  Error: ErrImagePull',
    '  Warning  Failed     10s (x3 over 50s)  kubelet  Failed to pull image "nvcr.io/nim/meta/llama3-8b-instruct:9.9": rpc error: code = NotFound desc = failed to pull and unpack image: not found',
  ];
  assert.deepEqual(ids(lines), ['image-not-found', 'image-pull-failed']);
  const slowStart = [{ type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: Get "http://10.0.0.5:8000/health": dial tcp 10.0.0.5:8000: connect: connection refused', involvedObject: { kind: 'Pod', name: 'vllm-0' } }];
  const findings = diagnose({ events: slowStart, logs: [{ source: 'log', lines: ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'] }] });
  assert.deepEqual(findings.map((f) => f.signature), ['cuda-oom', 'liveness-kills-slow-start'], 'the crash, not the probe, is the cause');
});

test('a GPU taint named by the scheduler before the Insufficient nvidia.com/gpu it causes; a control-plane taint is not it', () => {
  assert.deepEqual(ids(corpus('gaps/gpu-operator-156-untolerated-taint.log')), ['node-taint-not-tolerated', 'insufficient-gpu']);
  assert.deepEqual(ids(['0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient nvidia.com/gpu.']), ['insufficient-gpu']);
});
