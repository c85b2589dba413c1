import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/runCli.js';
import { feedLiveTarget } from '../../src/core/doctor/liveSource.js';
import { StreamingDoctor } from '../../src/core/doctor/streamingDoctor.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import type { NimService } from '../../src/core/kube/nimService.js';
import { serverSideApply } from '../../src/core/launch/serverSideApply.js';
import { waitForReady, type WaitResult } from '../../src/core/launch/waitForReady.js';
import { node } from '../../src/sim/fixtures/builders.js';
import { qwenImageEdit } from '../../src/sim/fixtures/demo.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import { seedRecipeNamespace } from './sim-operator-harness.js';
import type { Simulator } from '../../src/sim/index.js';
import { clusterControllersPlugin, KEYS } from '../../src/sim/operator/index.js';

const NS = 'osmo-nims';

function manifest(name: string, spec: Record<string, unknown>): NimService {
  return { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: NS }, spec } as NimService;
}

function imageEditSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const spec = qwenImageEdit(overrides);
  delete spec.nodeSelector;
  return spec;
}

describe('launch each failure mode the simulator produces, and diagnose it', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  const dir = mkdtempSync(join(tmpdir(), 'ies-launch-'));
  before(async () => {
    sim = await startGpuLab({
      speed: 4000,
      seed: (ctx) => {
        seedRecipeNamespace(ctx.store);
        for (let i = 0; i < 3; i++) ctx.store.create(KEYS.nodes, node({ name: `gpu-${i}`, pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 8, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: `10.0.1.${i}` }, '2025-01-01T00:00:00Z'));
      },
      controllers: [clusterControllersPlugin],
    });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
  });
  after(async () => {
    kube.close();
    await sim.stop();
  });

  async function launch(name: string, spec: Record<string, unknown>, timeoutMs = 4000): Promise<{ wait: WaitResult; findings: string[] }> {
    const applied = await serverSideApply(kube.transport, manifest(name, spec), NS);
    assert.ok(applied.ok);
    const wait = await waitForReady(kube.transport, NS, name, { timeoutMs, pollMs: 50, blockedGraceMs: 500 });
    const doctor = new StreamingDoctor();
    await feedLiveTarget(doctor, kube.transport, { namespace: NS, nimService: name });
    return { wait, findings: doctor.findings().map((f) => f.signature) };
  }

  const cases: Array<{ name: string; spec: () => Record<string, unknown>; cause: string; outcome: WaitResult['outcome'] }> = [
    { name: 'noshm', spec: () => imageEditSpec({ storage: { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' }, sharedMemorySizeLimit: '64Mi' } }), cause: 'shm-too-small', outcome: 'failed' },
    { name: 'nokey', spec: () => imageEditSpec({ authSecret: 'no-key-secret' }), cause: 'ngc-key-missing-in-secret', outcome: 'failed' },
    { name: 'gated', spec: () => imageEditSpec({ image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, args: ['meta-llama/Llama-3.1-8B-Instruct', '--port', '8000'], env: [{ name: 'HF_HOME', value: '/model-store/huggingface' }] }), cause: 'hf-gated-or-unauthorized', outcome: 'failed' },
    { name: 'oom', spec: () => imageEditSpec({ resources: { limits: { 'nvidia.com/gpu': 1, memory: '16Gi' } } }), cause: 'oom-killed', outcome: 'failed' },
    { name: 'oldvllm', spec: () => imageEditSpec({ image: { repository: 'vllm/vllm-openai', tag: 'v0.6.3' }, args: ['Qwen/Qwen3-8B', '--port', '8000'] }), cause: 'unsupported-architecture', outcome: 'failed' },
    { name: 'nopull', spec: () => ({ image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct', tag: '1.8.4' }, authSecret: 'ngc-api-secret', storage: { pvc: { create: true, size: '50Gi', volumeAccessMode: 'ReadWriteOnce' } }, resources: { limits: { 'nvidia.com/gpu': 1 } } }), cause: 'image-pull-unauthorized', outcome: 'failed' },
    { name: 'toobig', spec: () => imageEditSpec({ resources: { limits: { 'nvidia.com/gpu': 16, memory: '96Gi' } } }), cause: 'insufficient-gpu', outcome: 'failed' },
    {
      name: 'nimprobes',
      spec: () => { const s = imageEditSpec(); delete s.readinessProbe; s.livenessProbe = { enabled: false }; s.startupProbe = { enabled: false }; return s; },
      cause: 'readiness-probe-404', outcome: 'timeout',
    },
  ];

  for (const c of cases) {
    test(`${c.name}: the wait ends ${c.outcome} and the doctor names ${c.cause} first`, async () => {
      const { wait, findings } = await launch(c.name, c.spec());
      assert.equal(wait.outcome, c.outcome, `${wait.state.phase}: ${wait.state.detail}`);
      assert.equal(findings[0], c.cause, findings.join(', '));
    });
  }

  test('ies apply --wait: preflight printed, phases through Ready; a preflight failure exits 1 with nothing applied', async () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(file, stringify(manifest('good', imageEditSpec())));
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), isTTY: false, cwd: dir, env: {} };
    const code = await runCli(['apply', file, '--wait', '--timeout', '20s', '--poll-ms', '50', '--kubeconfig', sim.kubeconfigPath], io);
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.match(text, /ok {4}Cluster reachable: http:\/\/127\.0\.0\.1:\d+ \(Kubernetes/);
    assert.match(text, /nimservice\.apps\.nvidia\.com\/good created/);
    assert.match(text, /\[Ready\]/);
    assert.match(text, /is Ready after/);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify(manifest('bad', imageEditSpec({ authSecret: 'no-key-secret' }))));
    out.length = 0;
    assert.equal(await runCli(['apply', bad, '--kubeconfig', sim.kubeconfigPath], io), 1);
    assert.match(out.join(''), /FAIL  authSecret no-key-secret: has no key NGC_API_KEY/);
    assert.equal(sim.store.get(KEYS.nimServices, NS, 'bad'), undefined);

    out.length = 0;
    assert.equal(await runCli(['doctor', `${NS}/noshm`, '--kubeconfig', sim.kubeconfigPath, '--format', 'json'], io), 1);
    const json = JSON.parse(out.join('')) as { findings: Array<{ signature: string; source: string }> };
    assert.equal(json.findings[0].signature, 'shm-too-small');
    assert.match(json.findings[0].source, /\(previous\)|container\//);
    out.length = 0;
    assert.equal(await runCli(['doctor', `${NS}/good`, '--kubeconfig', sim.kubeconfigPath], io), 0, out.join(''));
  });
});
