import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRelint, assertRange, diagnostics, fixture, single, variant } from './rules-helpers.js';

const good = fixture('qwen-image-edit-nimservice.yaml');
const caption = fixture('vllm-caption-nimservice.yaml');
const ARGS = 'args: ["nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni", "--port", "8000"]';
const withArgs = (args: string) => variant(good, ARGS, `args: [${args}]`);

test('vllm-default-probes: no overrides → error on the vLLM image, fix writes all three /health probes', () => {
  const text = good.slice(0, good.indexOf('  startupProbe:'));
  const d = single(text, 'vllm-default-probes');
  assert.equal(d.severity, 'error');
  assertRange(text, d, 'vllm/vllm-omni', 10, 17);
  const { fixed, after } = applyFixAndRelint(text, d);
  assert.deepEqual(after.filter((x) => x.code.startsWith('vllm-')), []);
  assert.equal(fixed.match(/path: \/health/g)?.length, 3);
  assert.ok(fixed.includes('    probe:\n      httpGet:\n        path: /health\n        port: api\n      initialDelaySeconds: 30\n      periodSeconds: 10\n      timeoutSeconds: 5\n      failureThreshold: 180\n'));
});

test('vllm-default-probes: an override still on /v1/health/ready → error on that path, fix rewrites it', () => {
  const readiness = '  readinessProbe:\n    enabled: true\n    probe:\n      httpGet:\n        path: /health';
  const text = variant(good, readiness, readiness.replace('/health', '/v1/health/ready'));
  const d = single(text, 'vllm-default-probes');
  assertRange(text, d, '/v1/health/ready', 55, 15);
  applyFixAndRelint(text, d);
  const disabled = variant(text, '  readinessProbe:\n    enabled: true', '  readinessProbe:\n    enabled: false');
  assert.deepEqual(diagnostics(disabled, 'vllm-default-probes'), []);
  assert.deepEqual(diagnostics(fixture('ngc-nim-multi-document.yaml'), 'vllm-default-probes'), [], 'NIM images serve /v1/health/*');
});

test('vllm-startup-budget-short: 60 × 10 s + 30 s → warning on failureThreshold, fix raises it to 177', () => {
  const text = variant(good, 'failureThreshold: 360', 'failureThreshold: 60');
  const d = single(text, 'vllm-startup-budget-short');
  assert.equal(d.severity, 'warning');
  assertRange(text, d, '60', 50, 25);
  assert.match(d.message, /630 s/);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('failureThreshold: 177 # 60 min for the first download'));
  // Without failureThreshold Kubernetes uses 3: 3 × 10 + 30 s.
  const implicit = variant(good, '      failureThreshold: 360 # 60 min for the first download\n', '');
  const warning = single(implicit, 'vllm-startup-budget-short');
  assertRange(implicit, warning, 'probe', 44, 5);
  applyFixAndRelint(implicit, warning);
});

test('port-mismatch: --port differs from expose.service.port → error on the value, fix sets it', () => {
  const text = variant(caption, '    - "8000"\n', '    - "8080"\n');
  const d = single(text, 'port-mismatch');
  assertRange(text, d, '"8080"', 22, 7);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('    - --port\n    - "8000"\n'));
  const inline = withArgs('"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni", "--port=9000"');
  const inlineDiag = single(inline, 'port-mismatch');
  assertRange(inline, inlineDiag, '"--port=9000"', 15, 60);
  assert.ok(applyFixAndRelint(inline, inlineDiag).fixed.includes('"--port=8000"]'));
});

test('port-mismatch: no --port listens on 8000 → error on a service port of 9000, fix adds --port 9000', () => {
  const text = variant(variant(caption, '    - --port\n    - "8000"\n', ''), 'port: 8000', 'port: 9000');
  const d = single(text, 'port-mismatch');
  assertRange(text, d, '9000', 42, 13);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('    - "2"\n    - --port\n    - "9000"\n  authSecret'));
  assert.deepEqual(diagnostics(variant(caption, '    - --port\n    - "8000"\n', ''), 'port-mismatch'), []);
});

test('vllm-omni-command: missing --omni / --port → errors on `args`, each fix appends the flag', () => {
  const noOmni = withArgs('"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--port", "8000"');
  const d = single(noOmni, 'vllm-omni-command');
  assert.match(d.message, /Missing --omni/);
  assertRange(noOmni, d, 'args', 15, 3);
  assert.ok(applyFixAndRelint(noOmni, d).fixed.includes('"--port", "8000", "--omni"]'));

  const noPort = withArgs('"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--omni"');
  const p = single(noPort, 'vllm-omni-command');
  assert.match(p.message, /Missing --port 8000/);
  assert.deepEqual(diagnostics(noPort, 'port-mismatch'), [], 'reported once, by vllm-omni-command');
  assert.ok(applyFixAndRelint(noPort, p).fixed.includes('"--omni", "--port", "8000"]'));
});

test('vllm-omni-command: model after a flag → error on the model; the image entrypoint supplies --omni', () => {
  const late = withArgs('"--omni", "nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--port", "8000"');
  const d = single(late, 'vllm-omni-command');
  assertRange(late, d, '"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL"', 15, 20);
  assert.match(d.message, /`--omni` comes before it/);
  const entrypoint = variant(withArgs('"nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL", "--port", "8000"'), '  command: ["vllm", "serve"]\n', '');
  assert.deepEqual(diagnostics(entrypoint, 'vllm-omni-command'), []);
});

test('vllm-omni-command: no model at all → error on the image, fix writes the pinned invocation', () => {
  const text = variant(variant(good, '  command: ["vllm", "serve"]\n', ''), `  ${ARGS}\n`, '');
  const d = single(text, 'vllm-omni-command');
  assertRange(text, d, 'vllm/vllm-omni', 10, 17);
  const { fixed } = applyFixAndRelint(text, d);
  assert.ok(fixed.includes('  args:\n    - nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL\n    - --omni\n    - --port\n    - "8000"\n'));
  const python = variant(good, 'command: ["vllm", "serve"]', 'command: ["python3", "-m", "vllm.entrypoints.openai.api_server", "--omni"]');
  assertRange(python, single(python, 'vllm-omni-command'), 'command', 13, 3);
});

test('api-key-hides-model: --api-key and VLLM_API_KEY → warnings on the flag and the env name', () => {
  const text = variant(caption, '    - --port\n', '    - --api-key\n    - secret\n    - --port\n');
  const d = single(text, 'api-key-hides-model');
  assert.equal(d.severity, 'warning');
  assertRange(text, d, '--api-key', 21, 7);
  assert.match(d.message, /status\.model\.name stays empty/);
  const env = variant(caption, '    - name: HF_HOME\n', '    - name: VLLM_API_KEY\n      value: x\n    - name: HF_HOME\n');
  assertRange(env, single(env, 'api-key-hides-model'), 'VLLM_API_KEY', 31, 13);
  assert.deepEqual(diagnostics(caption, 'api-key-hides-model'), []);
});
