// ies fit --pool against the simulated GPU lab: the pool's nvidia.com/gpu.memory labels (h100 81559 MiB,
// l40s 46068 MiB) and its MIG slices; an unknown pool is exit 2 naming the pools.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/runCli.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd, env: {} };
  return { code: await runCli(args, io), out, err };
}

describe('ies fit --pool', () => {
  let sim: Simulator;
  let cwd: string;
  before(async () => {
    sim = await startGpuLab();
    cwd = mkdtempSync(join(tmpdir(), 'ies-fit-pool-'));
    writeFileSync(join(cwd, 'qwen3.yaml'), `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: qwen3-32b
spec:
  image:
    repository: vllm/vllm-openai
    tag: v0.11.0
  command: ["vllm", "serve"]
  args: ["Qwen/Qwen3-32B", "--max-model-len", "16384"]
  resources:
    limits:
      nvidia.com/gpu: 1
`);
  });
  after(async () => sim?.stop());

  it('fits the h100 pool (exit 0) and not the l40s pool (exit 1), with the figures from the nodes\' labels', async () => {
    const h100 = await run(['fit', 'qwen3.yaml', '--pool', 'h100', '--kubeconfig', sim.kubeconfigPath, '--format', 'json'], cwd);
    assert.equal(h100.code, 0, h100.out + h100.err);
    const [doc] = JSON.parse(h100.out).documents;
    assert.deepEqual(doc.gpu, { label: 'the h100 pool (NVIDIA-H100-80GB-HBM3)', memoryGiB: 79.65 });
    assert.equal(doc.perGpuGiB.available, 71.68);
    const l40s = await run(['fit', 'qwen3.yaml', '--pool', 'l40s', '--kubeconfig', sim.kubeconfigPath], cwd);
    assert.equal(l40s.code, 1);
    assert.match(l40s.out, /does not fit: .*the l40s pool \(NVIDIA-L40S\) has 45 GiB × 0\.9; the weights alone do not fit; tensor-parallel 2/);
  });

  it('a MIG pool offers its slices', async () => {
    const { code, out } = await run(['fit', 'qwen3.yaml', '--pool', 'a100-mig', '--kubeconfig', sim.kubeconfigPath], cwd);
    assert.equal(code, 1);
    assert.match(out, /a 1g\.10gb MIG slice of the a100-mig pool has 9\.5 GiB × 0\.9/);
  });

  it('an unknown pool is exit 2 naming the pools', async () => {
    const { code, err } = await run(['fit', 'qwen3.yaml', '--pool', 'b200', '--kubeconfig', sim.kubeconfigPath], cwd);
    assert.equal(code, 2);
    assert.match(err, /no GPU pool b200 in .*: pools are a100-mig, h100, l40s/);
  });
});
