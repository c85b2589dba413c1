import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose, StreamingDoctor, maskCredentials } from '../../src/core/doctor/index.js';

const LOGS = join(__dirname, '../fixtures/logs');
const fixture = (name: string) => readFileSync(join(LOGS, name), 'utf8').split('\n');
const lineOf = (lines: string[], text: string) => lines.findIndex((l) => l.includes(text)) + 1;

test('the Errno 28 below an engine-core wrapper is the root cause, and the wrapper points at it', () => {
  const lines = fixture('vllm-omni-shm-engine-core.log');
  const findings = diagnose({ logs: [{ source: 'pod/qwen container/main (previous)', lines }] });
  assert.deepEqual(findings.map((f) => f.signature), ['shm-too-small', 'engine-core-init-failed']);
  const [root, wrapper] = findings;
  assert.equal(root.evidence.line, lineOf(lines, 'OSError: [Errno 28] No space left on device'));
  assert.deepEqual(root.manifestFix, { kind: 'set', path: ['spec', 'storage', 'sharedMemorySizeLimit'], value: '32Gi' });
  assert.equal(wrapper.wraps, 'shm-too-small');
  assert.equal(wrapper.evidence.line, root.evidence.line, 'the wrapper’s evidence is the exception it wraps');
  assert.equal(wrapper.wrapperEvidence?.line, lineOf(lines, 'RuntimeError: Engine core initialization failed'));
  assert.equal(wrapper.evidence.source, 'pod/qwen container/main (previous)');
});

test('a wrapper around an unknown exception points at the first traceback exception above it', () => {
  const lines = [
    'INFO 01-01 00:00:01 [api_server.py:1] vLLM API server version 0.10.0',
    '(EngineCore_0 pid=9) ERROR 01-01 00:00:05 [core.py:700] Traceback (most recent call last):',
    '(EngineCore_0 pid=9) ERROR 01-01 00:00:05 [core.py:700]   File "/usr/lib/python3.12/site-packages/vllm/model_executor/models/foo.py", line 3, in load',
    "(EngineCore_0 pid=9) ERROR 01-01 00:00:05 [core.py:700] KeyError: 'model.layers.0.mlp.gate_proj.weight'",
    '(APIServer pid=1) Traceback (most recent call last):',
    '(APIServer pid=1) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}',
  ];
  const [wrapper, ...rest] = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual(rest, []);
  assert.equal(wrapper.signature, 'engine-core-init-failed');
  assert.equal(wrapper.wraps, 'KeyError');
  assert.equal(wrapper.evidence.line, 4);
  assert.equal(wrapper.wrapperEvidence?.line, 6);
});

test('a wrapper with nothing above it is its own evidence', () => {
  const [wrapper] = diagnose({ logs: [{ source: 'log', lines: ['RuntimeError: Engine process failed to start. See stack trace for the root cause.'] }] });
  assert.equal(wrapper.signature, 'engine-core-init-failed');
  assert.equal(wrapper.evidence.line, 1);
  assert.equal(wrapper.wraps, undefined);
});

test('a wrapper never outranks what it wraps, even when the wrapped finding is a symptom seen first', () => {
  const lines = fixture('kv-cache-too-small.log');
  const findings = diagnose({ logs: [{ source: 'log', lines }] });
  assert.deepEqual(findings.map((f) => f.signature), ['kv-cache-too-small', 'engine-core-init-failed']);
  assert.equal(findings[1].wraps, 'kv-cache-too-small');
  const nccl = diagnose({ logs: [{ source: 'log', lines: fixture('nccl-shm.log') }] });
  assert.deepEqual(nccl.map((f) => f.signature), ['shm-too-small', 'nccl-system-error'], 'the shm cause before the NCCL symptom');
});

test('a crash loop repeats the error per restart: one finding, first occurrence, with a count', () => {
  const run = fixture('vllm-omni-shm-engine-core.log');
  const findings = diagnose({
    logs: [
      { source: 'previous', lines: [...run, ...run, ...run] },
      { source: 'current', lines: run },
    ],
  });
  assert.deepEqual(findings.map((f) => f.signature), ['shm-too-small', 'engine-core-init-failed']);
  const errno = lineOf(run, 'OSError: [Errno 28]');
  assert.deepEqual([findings[0].evidence.source, findings[0].evidence.line], ['previous', errno]);
  assert.equal(findings[0].count, 8, 'two Errno 28 lines per run, four runs');
  assert.equal(findings[1].count, 4);
});

test('container statuses: OOMKilled / 137, Evicted with its message, waiting reasons with their messages', () => {
  const findings = diagnose({
    pods: [
      {
        metadata: { name: 'vllm-7f9' },
        status: {
          phase: 'Failed',
          reason: 'Evicted',
          message: 'Pod ephemeral local storage usage exceeds the total limit of containers 50Gi. ',
          containerStatuses: [{ name: 'main', restartCount: 4, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
        },
      },
    ],
    containerStatuses: [
      { pod: 'nim-1', name: 'nim', state: { waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key NGC_API_KEY in Secret osmo-nims/ngc-api-secret" } } },
      { pod: 'nim-2', name: 'nim', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4"' } } },
    ],
  });
  const bySignature = new Map(findings.map((f) => [f.signature, f]));
  assert.deepEqual([...bySignature.keys()].sort(), ['ephemeral-storage-eviction', 'image-pull-unauthorized', 'ngc-key-missing-in-secret', 'oom-killed']);
  assert.equal(bySignature.get('oom-killed')?.evidence.source, 'pod/vllm-7f9 container/main status');
  assert.match(bySignature.get('oom-killed')!.evidence.text, /OOMKilled.*137/);
  assert.deepEqual(bySignature.get('oom-killed')?.manifestFix, { kind: 'raise-memory-limit' });
  assert.match(bySignature.get('ephemeral-storage-eviction')!.evidence.text, /Evicted.*exceeds the total limit/);
  assert.equal(bySignature.get('ephemeral-storage-eviction')?.manifestFix?.kind, 'use-pvc');
  assert.deepEqual(bySignature.get('image-pull-unauthorized')?.manifestFix, { kind: 'add-pull-secret', name: 'nvcr-pull-secret' });
  const exitOnly = diagnose({ containerStatuses: [{ name: 'main', lastState: { terminated: { reason: 'Error', exitCode: 137 } } }] });
  assert.deepEqual(exitOnly.map((f) => f.signature), ['oom-killed']);
  const exitOne = diagnose({ containerStatuses: [{ name: 'main', lastState: { terminated: { reason: 'Error', exitCode: 1 } } }] });
  assert.deepEqual(exitOne.map((f) => [f.signature, f.severity, f.evidence.text]), [['unrecognized-failure', 'warning', 'lastState.terminated: reason=Error exitCode=1']], 'a plain exit 1 has no signature: the log tells why');
  assert.match(exitOne[0].fix, /kubectl logs --previous/);
});

test('Warning events produce findings, Normal events do not; the log’s root cause outranks the restart symptom', () => {
  const findings = diagnose({
    logs: [{ source: 'previous', lines: fixture('cuda-oom.log') }],
    events: [
      { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container main in pod vllm-0', count: 12, involvedObject: { kind: 'Pod', name: 'vllm-0' } },
      { type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404', involvedObject: { kind: 'Pod', name: 'vllm-0' } },
      { type: 'Warning', reason: 'FailedScheduling', message: '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.', involvedObject: { kind: 'Pod', name: 'vllm-1' } },
      { type: 'Normal', reason: 'Killing', message: 'Stopping container main' },
    ],
  });
  // A probe's 404 alone does not say which path: the generic probe-path-404 ranks after the specific causes.
  assert.deepEqual(findings.map((f) => f.signature), ['cuda-oom', 'insufficient-gpu', 'probe-path-404', 'crash-loop-backoff', 'engine-core-init-failed']);
  const events = findings.filter((f) => f.evidence.source === 'events');
  assert.deepEqual(events.map((f) => f.evidence.line).sort(), [1, 2, 3]);
  assert.match(findings[3].evidence.text, /^Warning BackOff pod\/vllm-0: Back-off restarting failed container.*\(x12\)$/);
  assert.equal(findings[2].manifestFix, undefined, 'which path the server serves is not known from the event');
});

test('secrets are redacted in evidence: hf_ tokens, nvapi- keys, Bearer tokens, key=value', () => {
  const lines = [
    'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://huggingface.co/api/models/x (token hf_AbCdEfGhIjKlMnOpQrStUvWx, header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig)',
    'Error response from daemon: Get "https://nvcr.io/v2/": unauthorized: authentication required (password=nvapi-abcdefghijklmnopqrstuvwxyz0123)',
  ];
  const findings = diagnose({ logs: [{ source: 'log', lines }] });
  assert.equal(findings.length, 2);
  for (const f of findings) {
    assert.doesNotMatch(f.evidence.text, /hf_AbCd|eyJhbG|nvapi-abcdef/, f.evidence.text);
    assert.match(f.evidence.text, /\*\*\*/);
  }
  assert.equal(maskCredentials('HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrSt'), 'HF_TOKEN=hf_***');
  assert.equal(maskCredentials('no secrets, max_num_batched_tokens=8192'), 'no secrets, max_num_batched_tokens=8192');
});

test('the streaming doctor equals the batch diagnosis on the same lines, whenever findings() is asked', () => {
  const logs = ['healthy-vllm.log', 'vllm-omni-shm-engine-core.log', 'nunchaku-h100.log', 'nccl-shm.log', 'kv-cache-too-small.log', 'hf-gated.log'].map((name) => ({ source: name, lines: fixture(name) }));
  const doctor = new StreamingDoctor();
  const fed: Array<{ source: string; lines: string[] }> = [];
  for (const log of logs) {
    const partial = { source: log.source, lines: [] as string[] };
    fed.push(partial);
    for (const line of log.lines) {
      doctor.feed(line, log.source);
      partial.lines.push(line);
      if (partial.lines.length % 7 === 0) assert.deepEqual(doctor.findings(), diagnose({ logs: fed }));
    }
  }
  assert.deepEqual(doctor.findings(), diagnose({ logs }));
  assert.ok(doctor.findings().length >= 6);
});

test('interleaved sources keep their own line numbers', () => {
  const doctor = new StreamingDoctor();
  doctor.feed('INFO starting', 'a');
  doctor.feed('INFO starting', 'b');
  doctor.feed('INFO still starting', 'b');
  doctor.feed('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB', 'b');
  doctor.feed('OSError: [Errno 28] No space left on device', 'a');
  assert.deepEqual(doctor.findings().map((f) => [f.signature, f.evidence.source, f.evidence.line]), [
    ['cuda-oom', 'b', 3],
    // A bare Errno 28 with nothing about shared memory around it is a full disk, not /dev/shm.
    ['disk-full', 'a', 2],
  ]);
});
