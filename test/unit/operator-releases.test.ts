// The operator release the user runs: one CRD per release line (v1.0, v2.0, v3.0, v3.1, main) and the rules whose
// premise changed between releases (src/core/schema/operatorReleases.ts, each fact read in the operator's source).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';
import { Linter } from '../../src/core/lint/linter.js';
import { OPERATOR_VERSIONS, resolveOperatorVersion, type OperatorVersion } from '../../src/core/lint/options.js';
import { crdSchema } from '../../src/core/schema/crdSchemas.js';
import { OPERATOR_RELEASES } from '../../src/core/schema/operatorReleases.js';
import { LineIndex } from '../../src/core/text/lineIndex.js';

/** A NIMService a v3.1 user might write: autoscaling with replicas, TP 2 vLLM, metrics without a ServiceMonitor. */
const MANIFEST = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.8.4"
    pullSecrets: [ngc-secret]
  authSecret: ngc-api-secret
  replicas: 2
  scale:
    enabled: true
    hpa:
      minReplicas: 1
      maxReplicas: 3
  metrics:
    enabled: true
  storage:
    pvc:
      create: true
      size: 100Gi
      volumeAccessMode: ReadWriteOnce
    sharedMemorySizeLimit: 16Gi
  resources:
    limits:
      nvidia.com/gpu: 2
      memory: 64Gi
  expose:
    service:
      type: ClusterIP
      port: 8000
`;

function findings(text: string, operatorVersion: OperatorVersion) {
  const index = new LineIndex(text);
  return new Linter({ operatorVersion })
    .lint(text)
    .map((d) => `${d.code}:${index.positionAt(d.start).line + 1}:${d.severity}`)
    .sort();
}

function capture(cwd: string) {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: () => undefined, isTTY: false, cwd, env: {} };
  return { io, stdout: () => out.join('') };
}

describe('operator releases', () => {
  it('carries one CRD per release line and main, each with its release facts', () => {
    assert.deepEqual([...OPERATOR_VERSIONS], ['v1.0.1', 'v2.0.2', 'v3.0.2', 'v3.1.2', 'main']);
    for (const version of OPERATOR_VERSIONS) {
      assert.equal(OPERATOR_RELEASES[version].version, version);
      assert.match(OPERATOR_RELEASES[version].commit, /^[0-9a-f]{40}$/);
      assert.ok(crdSchema('NIMService', version).properties?.spec, version);
      assert.ok(crdSchema('NIMCache', version).properties?.spec, version);
    }
    // The CRDs differ where the releases do.
    const storage = (v: OperatorVersion) => Object.keys(crdSchema('NIMService', v).properties!.spec.properties!.storage.properties!);
    assert.ok(!storage('v1.0.1').includes('sharedMemorySizeLimit'));
    assert.ok(storage('v2.0.2').includes('sharedMemorySizeLimit'));
    assert.deepEqual(crdSchema('NIMService', 'v1.0.1').properties!.spec.required, ['authSecret']);
    assert.deepEqual(crdSchema('NIMService', 'v3.1.2').properties!.spec.required, ['authSecret', 'image']);
    assert.deepEqual(crdSchema('NIMService', 'main').properties!.spec.required, ['image']);
  });

  it('maps any release of a known line to the CRD stored for it; other versions are unknown', () => {
    const cases: [string, OperatorVersion | undefined][] = [
      ['v1.0.0', 'v1.0.1'], ['v1.0.1', 'v1.0.1'], ['1.0', 'v1.0.1'], ['v2.0.0', 'v2.0.2'], ['v3.0.1', 'v3.0.2'], ['v3.1.0', 'v3.1.2'],
      ['V3.1.2', 'v3.1.2'], ['latest', 'v3.1.2'], ['main', 'main'], ['HEAD', 'main'],
      ['v3.2.0', undefined], ['v0.9.0', undefined], ['v1.1.0', undefined], ['4', undefined], ['stable', undefined],
    ];
    for (const [input, expected] of cases) assert.equal(resolveOperatorVersion(input)?.version, expected, input);
    assert.deepEqual(resolveOperatorVersion(' v1.0.1 '), { requested: 'v1.0.1', version: 'v1.0.1', line: 'v1.0' });
  });

  it('the same manifest gets the findings each release warrants (v1.0 against v3.1)', () => {
    assert.deepEqual(findings(MANIFEST, 'v1.0.1'), [
      // v1.0 has no sharedMemorySizeLimit: the API server prunes it.
      'replicas-with-autoscaling:11:info', // ignored by v1.0 (GetReplicas returns 0 under autoscaling)
      'schema-unknown-field:24:error',
    ]);
    assert.deepEqual(findings(MANIFEST, 'v3.1.2'), [
      'metrics-servicemonitor-missing:18:warning', // the v3.1 webhook rejects it, but is off by default
      'replicas-with-autoscaling:11:error', // the v3.0.2+ CRD's CEL rule rejects it
    ]);
    assert.deepEqual(findings(MANIFEST, 'main'), ['metrics-servicemonitor-missing:18:error', 'replicas-with-autoscaling:11:error']);
    assert.deepEqual(findings(MANIFEST, 'v2.0.2'), ['replicas-with-autoscaling:11:info']);
  });

  it('authSecret: required by the CRD up to v3.1.2, a webhook warning on main', () => {
    const text = MANIFEST.replace('  authSecret: ngc-api-secret\n', '');
    for (const version of ['v1.0.1', 'v2.0.2', 'v3.0.2', 'v3.1.2'] as const) {
      assert.ok(findings(text, version).includes('auth-secret-missing:5:error'), version);
    }
    assert.ok(findings(text, 'main').includes('auth-secret-missing:5:warning'));
  });

  it('shm-missing: the operator mounts an unbounded /dev/shm; advice from v2.0 (the field exists), nothing in v1.0', () => {
    const tp2 = MANIFEST.replace('    sharedMemorySizeLimit: 16Gi\n', '')
      .replace('nvcr.io/nim/meta/llama-3.1-8b-instruct', 'vllm/vllm-openai')
      .replace('"1.8.4"', 'v0.10.1')
      .replace('  authSecret:', '  args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2"]\n  authSecret:');
    const shm = (v: OperatorVersion) => findings(tp2, v).filter((f) => f.startsWith('shm-missing'));
    assert.deepEqual(shm('v1.0.1'), []);
    for (const version of ['v2.0.2', 'v3.1.2', 'main'] as const) assert.deepEqual(shm(version), ['shm-missing:20:info'], version);
  });

  it('ies lint --operator-version v1.0.1 uses the v1.0 CRD and says so (JSON and --verbose)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-operator-'));
    writeFileSync(join(dir, 'svc.yaml'), MANIFEST);
    const v1 = capture(dir);
    assert.equal(await runCli(['lint', 'svc.yaml', '--format', 'json', '--operator-version', 'v1.0.1'], v1.io), 1);
    const report = JSON.parse(v1.stdout());
    assert.deepEqual(report.operator, { requested: 'v1.0.1', version: 'v1.0.1', line: 'v1.0', commit: OPERATOR_RELEASES['v1.0.1'].commit });
    const unknown = report.files[0].diagnostics.filter((d: { code: string }) => d.code === 'schema-unknown-field');
    assert.deepEqual(unknown.map((d: { line: number; message: string }) => [d.line, /sharedMemorySizeLimit/.test(d.message)]), [[24, true]]);

    const v31 = capture(dir);
    await runCli(['lint', 'svc.yaml', '--format', 'json', '--operator-version', 'v3.1'], v31.io);
    const report31 = JSON.parse(v31.stdout());
    assert.equal(report31.operator.version, 'v3.1.2');
    assert.deepEqual(report31.files[0].diagnostics.filter((d: { code: string }) => d.code === 'schema-unknown-field'), []);

    const verbose = capture(dir);
    await runCli(['lint', 'svc.yaml', '--verbose', '--operator-version', 'v1.0.0'], verbose.io);
    assert.match(verbose.stdout(), /^operator release: v1\.0\.0 → CRD of v1\.0\.1, the release stored for the v1\.0 line \(k8s-nim-operator 5c3659b0c836\)\n/);
  });

  it('an unknown --operator-version is a usage error listing the known releases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-operator-'));
    writeFileSync(join(dir, 'svc.yaml'), MANIFEST);
    const out: string[] = [];
    const io: CliIo = { out: () => undefined, err: (t) => out.push(t), isTTY: false, cwd: dir, env: {} };
    assert.equal(await runCli(['lint', 'svc.yaml', '--operator-version', 'v3.2.0'], io), 2);
    assert.match(out.join(''), /unknown --operator-version v3\.2\.0: known releases are v1\.0\.x \(→ v1\.0\.1\), v2\.0\.x \(→ v2\.0\.2\), v3\.0\.x \(→ v3\.0\.2\), v3\.1\.x \(→ v3\.1\.2\), main, or latest \(= v3\.1\.2\)/);
  });
});
