// The preflight check "Fits in GPU memory" against the simulated GPU lab: passes on H100, warns with the advice on
// L40S, names the MIG slice, and is skipped (with why) for a model outside the catalogue.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import type { NimService } from '../../src/core/kube/nimService.js';
import { runPreflight } from '../../src/core/launch/preflight.js';
import { node } from '../../src/sim/fixtures/builders.js';
import { qwenImageEdit } from '../../src/sim/fixtures/demo.js';
import { KEYS } from '../../src/sim/operator/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import { seedRecipeNamespace } from './sim-operator-harness.js';
import type { Simulator } from '../../src/sim/index.js';

const NS = 'osmo-nims';
const since = '2025-01-01T00:00:00Z';

function nim(overrides: Record<string, unknown>, name = 'fit-test'): NimService {
  return { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: NS }, spec: qwenImageEdit(overrides) } as NimService;
}

const fitCheck = async (kube: KubeAccess, manifest: NimService) => (await runPreflight(kube.transport, manifest, NS)).find((c) => c.id === 'fit');

describe('preflight: Fits in GPU memory', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  before(async () => {
    sim = await startGpuLab({
      seed: (ctx) => {
        seedRecipeNamespace(ctx.store);
        ctx.store.create(KEYS.nodes, node({ name: 'h100-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 2, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.1.1' }, since));
        ctx.store.create(KEYS.nodes, node({ name: 'l40s-0', pool: 'l40s', product: 'NVIDIA-L40S', gpus: 1, cpu: '32', memory: '256Gi', ephemeral: '500Gi', ip: '10.0.2.1' }, since));
        ctx.store.create(KEYS.nodes, node({ name: 'a100-mig-0', pool: 'a100-mig', product: 'NVIDIA-A100-SXM4-80GB', mig: { 'nvidia.com/mig-1g.10gb': 7 }, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.3.1' }, since));
      },
    });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
  });
  after(async () => {
    kube.close();
    await sim.stop();
  });

  test('the image-edit recipe fits an H100 (79.6 GiB × 0.9)', async () => {
    const check = await fitCheck(kube, nim({}));
    assert.equal(check?.status, 'pass', JSON.stringify(check));
    assert.match(check!.detail, /^nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL: fits: needs ~58 GiB per GPU .*the h100 pool \(NVIDIA-H100-80GB-HBM3\) has 80 GiB × 0\.9/);
  });

  test('on L40S it warns that the weights alone do not fit, and names a GPU size that would', async () => {
    const check = await fitCheck(kube, nim({ nodeSelector: { 'karpenter.sh/nodepool': 'l40s' } }));
    assert.equal(check?.status, 'warn');
    assert.match(check!.detail, /does not fit: needs ~58 GiB per GPU .*the l40s pool \(NVIDIA-L40S\) has 45 GiB × 0\.9; the weights alone do not fit; a GPU with at least 65 GiB/);
  });

  test('Llama 3.1 70B on one H100: the longest max-model-len that fits and the tensor-parallel size that does', async () => {
    const check = await fitCheck(kube, nim({ image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, args: ['meta-llama/Llama-3.1-70B-Instruct', '--port', '8000'] }));
    assert.equal(check?.status, 'warn');
    assert.match(check!.detail, /weights alone do not fit; tensor-parallel 4 \(--tensor-parallel-size 4 and nvidia\.com\/gpu: 4\)/);
    const eight = await fitCheck(kube, nim({ image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, args: ['meta-llama/Llama-3.1-8B-Instruct', '--max-model-len', '32768', '--port', '8000'] }));
    assert.equal(eight?.status, 'pass');
    assert.match(eight!.detail, /maximum concurrency \d+\.\d+x at 32,768 tokens per request/);
  });

  test('a MIG slice is the GPU when the manifest requests one', async () => {
    const check = await fitCheck(kube, nim({
      image: { repository: 'vllm/vllm-openai', tag: 'v0.11.0' }, args: ['meta-llama/Llama-3.1-8B-Instruct', '--port', '8000'],
      nodeSelector: { 'karpenter.sh/nodepool': 'a100-mig' }, resources: { limits: { 'nvidia.com/mig-1g.10gb': 1 } },
    }));
    assert.equal(check?.status, 'warn');
    assert.match(check!.detail, /a 1g\.10gb MIG slice of the a100-mig pool has 9\.5 GiB × 0\.9; the weights alone do not fit/);
  });

  test('a model outside the catalogue is skipped, saying how to estimate it', async () => {
    const check = await fitCheck(kube, nim({ args: ['acme/unknown-model', '--omni', '--port', '8000'] }));
    assert.equal(check?.status, 'pass');
    assert.match(check!.detail, /^skipped: model facts of acme\/unknown-model are not in the built-in catalogue \(ies fit --config config\.json/);
  });
});
