import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { nimOperatorValidators } from '../../src/sim/crdValidators.js';

const run = promisify(execFile);
let sim: Simulator;
const dir = mkdtempSync(join(tmpdir(), 'ies-sim-validate-'));

before(async () => {
  sim = await startSimulator({ validators: nimOperatorValidators('main') });
  await sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'osmo-nims' } });
});
after(() => sim.stop());

async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('/usr/bin/kubectl', ['--kubeconfig', sim.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const nimService = (spec: string) => `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: edit
  namespace: osmo-nims
spec:
${spec}`;

test('kubectl apply of a NIMService that breaks a CRD CEL rule gets the operator message as 422', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, nimService('  image:\n    repository: vllm/vllm-omni\n    tag: v0.20.0\n  replicas: 2\n  scale:\n    enabled: true\n    hpa:\n      maxReplicas: 3\n  storage:\n    emptyDir: {}\n'));
  const result = await kubectl('apply', '--server-side', '-f', file);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /The NIMService "edit" is invalid: spec: Invalid value: "object"/);
  assert.match(result.stderr, /spec\.replicas cannot be set when spec\.scale\.enabled is true/);
});

test('a missing required field is answered like the apiserver: Required value', async () => {
  const file = join(dir, 'no-image.yaml');
  writeFileSync(file, nimService('  storage:\n    emptyDir: {}\n'));
  const result = await kubectl('apply', '--server-side', '-f', file);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /spec\.image: Required value/);
});

test('a valid NIMService is accepted', async () => {
  const file = join(dir, 'good.yaml');
  writeFileSync(file, nimService('  image:\n    repository: vllm/vllm-omni\n    tag: v0.20.0\n  storage:\n    emptyDir: {}\n'));
  const result = await kubectl('apply', '--server-side', '-f', file);
  assert.equal(result.code, 0, result.stderr);
  const get = await kubectl('get', 'nimservice', 'edit', '-n', 'osmo-nims', '-o', 'jsonpath={.spec.image.tag}');
  assert.equal(get.stdout, 'v0.20.0');
});
