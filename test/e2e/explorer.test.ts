import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { seedGpuLab } from '../unit/cluster-fixture.js';
import { useSession } from './harness/session.js';

let sim: Simulator;
const s = useSession('explorer', async () => {
  sim = await startSimulator({ bookmarkIntervalMs: 1000 });
  seedGpuLab(sim.store);
  return { kubeconfig: sim.kubeconfigPath, onClose: () => sim.stop() };
});

test('the explorer shows the cluster, GPU pools with free/total and endpoints with states, and follows changes live', async () => {
  await s.run('explorer-tree', async (page) => {
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await treeItem(/^gpu-lab current/).waitFor({ timeout: 60_000 });
    await treeItem(/^GPU Pools/).waitFor({ timeout: 30_000 });
    await treeItem(/^h100 6 free \/ 16 GPUs · NVIDIA-H100-80GB-HBM3/).waitFor({ timeout: 30_000 });
    await treeItem(/^l4 0 free \/ 8 GPUs · NVIDIA-L4 · 2 unschedulable/).waitFor();
    await treeItem(/^a100-mig MIG 1g\.10gb 12\/14 free/).waitFor();
    await treeItem(/^llama Ready · 1\/1 · meta\/llama-3\.1-8b-instruct/).waitFor();
    await treeItem(/^qwen-edit NotReady · 0\/1/).waitFor();
    await treeItem(/^vllm-omni \(Deployment\) NotReady · 0\/1 · nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL .*weights on ephemeral storage/).waitFor();

    // Changes in the cluster reach the tree through the watches, without a refresh.
    const nim = structuredClone(sim.store.get('nimservices.apps.nvidia.com', 'nim', 'qwen-edit')!) as any;
    nim.status = { ...nim.status, state: 'Ready', availableReplicas: 1 };
    sim.store.update('nimservices.apps.nvidia.com', nim);
    const trainer = structuredClone(sim.store.get('pods', 'team-a', 'trainer')!) as any;
    trainer.status = { ...trainer.status, phase: 'Succeeded' };
    sim.store.update('pods', trainer);
    await treeItem(/^qwen-edit Ready · 1\/1/).waitFor({ timeout: 30_000 });
    await treeItem(/^h100 9 free \/ 16 GPUs/).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('treeitem', { name: /^h100 6 free/ }).count(), 0);
  });
});
