// ies pools / ies endpoints against the simulated GPU lab: JSON shape and figures, text, exit 2 when unreachable.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { GPU_LAB_POOLS, seedGpuLab } from '../unit/cluster-fixture.js';

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd: process.cwd(), env };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('ies pools / ies endpoints', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({});
    seedGpuLab(sim.store);
  });
  after(async () => sim?.stop());

  it('prints pools as JSON with capacity, allocated, free, MIG and unschedulable nodes', async () => {
    const { code, out } = await run(['pools', '--kubeconfig', sim.kubeconfigPath, '--format', 'json']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), { context: sim.context, pools: GPU_LAB_POOLS });
  });

  it('reads KUBECONFIG and --context, and prints a table', async () => {
    const { code, out } = await run(['pools', '--context', sim.viewerContext], { KUBECONFIG: sim.kubeconfigPath });
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^POOL\s+GPU\s+NODES\s+CAPACITY\s+ALLOCATED\s+FREE\s+UNSCHEDULABLE/);
    assert.match(lines.find((l) => l.startsWith('h100'))!, /^h100\s+NVIDIA-H100-80GB-HBM3\s+2\s+16\s+10\s+6\s+0/);
    assert.match(lines.find((l) => l.startsWith('a100-mig'))!, /mig-1g\.10gb 2\/14$/);
  });

  it('lists endpoints with state, model and replicas, and filters by namespace', async () => {
    const { code, out } = await run(['endpoints', '--kubeconfig', sim.kubeconfigPath, '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.nimOperatorInstalled, true);
    assert.deepEqual(
      json.endpoints.map((e: any) => [e.namespace, e.name, e.kind, e.state, e.model ?? null, `${e.readyReplicas}/${e.desiredReplicas}`, e.weightsOnEphemeralStorage ?? false]),
      [
        ['nim', 'llama', 'NIMService', 'Ready', 'meta/llama-3.1-8b-instruct', '1/1', false],
        ['nim', 'qwen-edit', 'NIMService', 'NotReady', null, '0/1', false],
        ['team-a', 'vllm-omni', 'Deployment', 'NotReady', 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '0/1', true],
      ],
    );
    const filtered = await run(['endpoints', '--kubeconfig', sim.kubeconfigPath, '-n', 'team-a']);
    assert.match(filtered.out, /team-a\s+vllm-omni\s+Deployment\s+NotReady\s+0\/1/);
    assert.doesNotMatch(filtered.out, /llama/);
  });

  it('exits 2 with one line when the cluster is unreachable, the token is rejected or the context is unknown', async () => {
    const text = readFileSync(sim.kubeconfigPath, 'utf8');
    const dead = sim.kubeconfigPath + '.dead';
    writeFileSync(dead, text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:9'));
    const unreachable = await run(['pools', '--kubeconfig', dead]);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.err, /^ies pools: cluster current context is unreachable \(cannot reach http:\/\/127\.0\.0\.1:9.*ECONNREFUSED.*retry\n$/);

    const badToken = sim.kubeconfigPath + '.badtoken';
    writeFileSync(badToken, text.replace(/\/token\/[^/\s]+/g, '/token/wrong'));
    const rejected = await run(['endpoints', '--kubeconfig', badToken, '--context', sim.context]);
    assert.equal(rejected.code, 2);
    assert.match(rejected.err, /rejected the credentials.*401/);
    assert.equal(rejected.err.trim().split('\n').length, 1);

    const unknown = await run(['pools', '--kubeconfig', sim.kubeconfigPath, '--context', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no context "nope".*contexts: gpu-lab, gpu-lab-viewer/);
  });
});
