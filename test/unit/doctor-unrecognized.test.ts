import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose, SIGNATURES, StreamingDoctor } from '../../src/core/doctor/index.js';

// A log that shows a failure no signature explains gets one unrecognized-failure finding: the most specific line
// (the last exception of the last traceback, else the last error line, a non-zero exit, a Warning event) and what
// to search for. Healthy logs, with their WARNING lines and warnings that look like exceptions, get nothing.
const LOGS = join(__dirname, '../fixtures/logs');
const log = (path: string) => readFileSync(join(LOGS, path), 'utf8').split('\n');

function without(id: string, lines: string[]) {
  const doctor = new StreamingDoctor({ signatures: SIGNATURES.filter((s) => s.id !== id) });
  doctor.feedLines(lines, 'log');
  return doctor.findings();
}

test('a corpus log whose signature is unknown: the fallback picks its exception line and searches vLLM’s issues', () => {
  const lines = log('corpus/vllm-family/vllm-23192-free-mem-below-utilization.log');
  const findings = without('gpu-memory-utilization-below-free', lines);
  assert.deepEqual(findings.map((f) => [f.signature, f.severity]), [['unrecognized-failure', 'warning']]);
  const [f] = findings;
  assert.equal(f.evidence.line, lines.findIndex((l) => l.includes('ValueError: Free memory on device')) + 1);
  assert.match(f.fix, /^Search vLLM's issues for the exact message: https:\/\/github\.com\/vllm-project\/vllm\/issues\?q=/);
  const query = decodeURIComponent(/\?q=(\S+)/.exec(f.fix)![1]);
  assert.equal(query, 'is:issue "ValueError: Free memory on device"', 'the stable start of the message, not its numbers');
  assert.match(f.fix, /kubectl logs --previous/);
});

test('the last exception of the last traceback, not the error line that announced it', () => {
  const lines = log('corpus/vllm-family/vllm-9713-arch-inspection-failed.log');
  const [f, ...rest] = without('model-inspection-failed', lines);
  assert.deepEqual(rest, []);
  assert.equal(f.signature, 'unrecognized-failure');
  assert.match(f.evidence.text, /subprocess\.CalledProcessError: Command .* returned non-zero exit status 1\./);
  assert.match(f.cause, /first error line was log:1: ERROR .*Error in inspecting model architecture 'LlamaForCausalLM'/);
});

test('chained tracebacks: the exception of the last one', () => {
  const lines = [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/sglang/srt/managers/scheduler.py", line 10, in run',
    "KeyError: 'rope_scaling'",
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/sglang/launch_server.py", line 3, in <module>',
    'RuntimeError: Initialization failed. Please see the error messages above.',
  ];
  const [f] = diagnose({ logs: [{ source: 'log', lines }] });
  assert.equal(f.signature, 'unrecognized-failure');
  assert.equal(f.evidence.line, 9);
  assert.match(f.fix, /SGLang's issues .*https:\/\/github\.com\/sgl-project\/sglang\/issues\?q=/);
  assert.match(f.cause, /first error line was log:3: KeyError: 'rope_scaling'/);
});

test('without an exception: the last error line with a message, else a non-zero exit, else a Warning event', () => {
  const nim = [
    '"timestamp": "2025-04-03 20:44:43,942", "level": "INFO", "message": "Starting nimlib 0.3.10"',
    '"timestamp": "2025-04-03 20:44:45,002", "level": "ERROR", "message": "Failed to fetch manifest from NGC: status 500"',
  ];
  const [f] = diagnose({ logs: [{ source: 'log', lines: nim }] });
  assert.deepEqual([f.signature, f.evidence.line], ['unrecognized-failure', 2]);
  assert.match(f.fix, /NVIDIA NIM's issues .*https:\/\/forums\.developer\.nvidia\.com\/search\?q=/);
  const tgi = ['2023-10-16T06:54:28.059380Z ERROR text_generation_launcher: Shard 0 failed to start', 'Error: ShardCannotStart'];
  const [g] = diagnose({ logs: [{ source: 'log', lines: tgi }] });
  assert.deepEqual([g.signature, g.evidence.line], ['unrecognized-failure', 2]);
  assert.match(g.fix, /text-generation-inference\/issues/);
  const event = diagnose({ events: [{ type: 'Warning', reason: 'FailedCreatePodSandBox', message: 'Failed to create pod sandbox: rpc error: code = Unknown', involvedObject: { kind: 'Pod', name: 'x' } }] });
  assert.deepEqual(event.map((e) => [e.signature, e.evidence.source]), [['unrecognized-failure', 'events']]);
});

test('ranked before symptoms, never beside a specific cause or a wrapper', () => {
  const findings = diagnose({
    logs: [{ source: 'previous', lines: ['Traceback (most recent call last):', '  File "/opt/venv/lib/python3.12/site-packages/vllm/entrypoints/cli/main.py", line 1', 'RuntimeError: CUDA error: an illegal memory access was encountered'] }],
    events: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container main in pod vllm-0', involvedObject: { kind: 'Pod', name: 'vllm-0' } }],
  });
  assert.deepEqual(findings.map((f) => f.signature), ['unrecognized-failure', 'crash-loop-backoff']);
  assert.equal(findings[0].evidence.source, 'previous');
  const known = diagnose({ logs: [{ source: 'log', lines: ['RuntimeError: foo went wrong', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'] }] });
  assert.deepEqual(known.map((f) => f.signature), ['cuda-oom']);
});

test('no fallback on healthy logs and on noise that only looks like failures', () => {
  for (const name of ['healthy-vllm.log', 'healthy-vllm-omni.log', 'healthy-nim.log']) assert.deepEqual(diagnose({ logs: [{ source: name, lines: log(name) }] }), [], name);
  const noise = [
    'WARNING 06-22 02:54:47 [utils.py:101] Unable to detect current VLLM config. Defaulting to NHD kv cache layout.',
    '/usr/local/lib/python3.12/dist-packages/torch/utils/cpp_extension.py:2356: UserWarning: TORCH_CUDA_ARCH_LIST is not set, all archs for visible cards are included for compilation.',
    '2024-10-15 12:41:27,805 [WARNING] [TRT-LLM] [W] Logger level already set from environment. Discard new verbosity: error',
    '    Last State:     Terminated',
    '      Reason:       Completed',
    '      Exit Code:    0',
    '  Normal   Pulled     2m    kubelet  Container image "vllm/vllm-openai:v0.10.0" already present on machine',
    'ERROR 10-26 11:35:32 registry.py:267] ',
    'INFO 01-01 00:00:01 [logger.py:1] error_rate=0.0 max_retries=3',
  ];
  assert.deepEqual(diagnose({ logs: [{ source: 'log', lines: noise }] }), []);
});
