import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli.js';
import { diagnose, formatFindingsText, SIGNATURES, StreamingDoctor } from '../../src/core/doctor/index.js';

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

// The remote code of a model breaks while its config loads: the traceback's root (innermost frame and its
// exception), the lines around it and what to search for, in the finding, the text output and the JSON.
const REMOTE_CODE = [
  "(APIServer pid=1) INFO 10-02 09:14:03 [utils.py:326] non-default args: {'model_tag': 'acme/custom-vlm', 'port': 8000, 'trust_remote_code': True}",
  '(APIServer pid=1) Traceback (most recent call last):',
  '(APIServer pid=1)   File "/usr/local/bin/vllm", line 10, in <module>',
  '(APIServer pid=1)     sys.exit(main())',
  '(APIServer pid=1)   File "/usr/local/lib/python3.12/dist-packages/transformers/configuration_utils.py", line 789, in from_dict',
  '(APIServer pid=1)     config = cls(**config_dict)',
  '(APIServer pid=1)              ^^^^^^^^^^^^^^^^^^',
  '(APIServer pid=1)   File "/model-store/huggingface/modules/transformers_modules/acme/custom-vlm/3f9c1e0/configuration_custom_vlm.py", line 63, in __init__',
  '(APIServer pid=1)     self.rope_scaling = text_config["rope_scaling"]',
  '(APIServer pid=1)                         ~~~~~~~~~~~^^^^^^^^^^^^^^^^',
  "(APIServer pid=1) KeyError: 'rope_scaling'",
  '',
];

test('the root of the traceback, the lines around it and what to search for', () => {
  const [f, ...rest] = diagnose({ logs: [{ source: 'log', lines: REMOTE_CODE }] });
  assert.deepEqual(rest, []);
  assert.equal(f.signature, 'unrecognized-failure');
  assert.deepEqual([f.evidence.line, f.evidence.text], [11, "(APIServer pid=1) KeyError: 'rope_scaling'"]);
  assert.deepEqual(f.rootFrame, { source: 'log', line: 8, text: 'File "/model-store/huggingface/modules/transformers_modules/acme/custom-vlm/3f9c1e0/configuration_custom_vlm.py", line 63, in __init__' });
  assert.match(f.cause, /root of the traceback: File ".*configuration_custom_vlm\.py", line 63, in __init__ \(line 8\), raising .*KeyError: 'rope_scaling'/);
  assert.deepEqual(f.context!.map((c) => c.line), [7, 8, 9, 10, 11, 12], 'four lines above, the line, the one line that followed');
  assert.equal(f.context![4].text, f.evidence.text);
  assert.equal(f.search, "KeyError: 'rope_scaling'");
  assert.match(f.fix, /vLLM's issues/);
});

test('the context starts at the innermost frame when it is further up, and the later lines come as they arrive', () => {
  const lines = [...REMOTE_CODE.slice(0, 8), '(APIServer pid=1)     self.rope_scaling = text_config["rope_scaling"]', '(APIServer pid=1)                         ~~~~~~~~~~~^^^^^^^^^^^^^^^^', '(APIServer pid=1)                         ^^^^', '(APIServer pid=1)                         ^^^^', "(APIServer pid=1) KeyError: 'rope_scaling'"];
  const doctor = new StreamingDoctor();
  doctor.feedLines(lines, 'log');
  const [early] = doctor.findings();
  assert.deepEqual(early.context!.map((c) => c.line), [8, 9, 10, 11, 12, 13]);
  assert.equal(early.rootFrame!.line, 8);
  doctor.feedLines(['(APIServer pid=1) sys:1: DeprecationWarning: builtin type swigvarlink has no __module__ attribute', 'next', 'not kept'], 'log');
  const [later] = doctor.findings();
  assert.deepEqual(later.context!.slice(-2).map((c) => c.line), [14, 15]);
});

test('an error line without a traceback has context but no root; an exit code has neither', () => {
  const [f] = diagnose({ logs: [{ source: 'log', lines: ['starting', '2023-10-16T06:54:28.059380Z ERROR text_generation_launcher: Shard 0 failed to start'] }] });
  assert.equal(f.rootFrame, undefined);
  assert.deepEqual(f.context!.map((c) => c.text), ['starting', '2023-10-16T06:54:28.059380Z ERROR text_generation_launcher: Shard 0 failed to start']);
  const [exit] = diagnose({ containerStatuses: [{ name: 'main', lastState: { terminated: { reason: 'Error', exitCode: 1 } } } as never] });
  assert.equal(exit.signature, 'unrecognized-failure');
  assert.deepEqual([exit.rootFrame, exit.context, exit.search], [undefined, undefined, undefined]);
});

test('formatText and ies doctor --format json show the root, the context and the search text', async () => {
  const text = formatFindingsText(diagnose({ logs: [{ source: 'log', lines: REMOTE_CODE }] }));
  assert.match(text, /\n {3}root: log:8: File ".*configuration_custom_vlm\.py", line 63, in __init__\n/);
  assert.match(text, /\n {3}context:\n {5} 7 \| .*\^\^\^\n {5} 8 \| .*configuration_custom_vlm/);
  assert.match(text, /\n {3}> 11 \| \(APIServer pid=1\) KeyError: 'rope_scaling'\n/);
  assert.match(text, /\n {3}search for: KeyError: 'rope_scaling'\n/);
  const dir = mkdtempSync(join(tmpdir(), 'ies-unrecognized-'));
  writeFileSync(join(dir, 'remote.log'), REMOTE_CODE.join('\n'));
  const out: string[] = [];
  const code = await runCli(['doctor', '--log-file', 'remote.log', '--format', 'json'], { out: (t) => out.push(t), err: (t) => out.push(t), isTTY: false, cwd: dir, env: {} });
  assert.equal(code, 1);
  const [json] = (JSON.parse(out.join('')) as { findings: Array<{ signature: string; root?: { line: number }; context?: Array<{ line: number }>; search?: string }> }).findings;
  assert.deepEqual([json.signature, json.root?.line, json.context?.length, json.search], ['unrecognized-failure', 8, 5, "KeyError: 'rope_scaling'"]);
});
