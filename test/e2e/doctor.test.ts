// The failure doctor in real VS Code on two failures the simulated lab plays from a manifest's own mistakes:
// a model PVC smaller than the weights (a full disk, not /dev/shm) and an unknown model's own code failing with an
// exception no signature knows (the unrecognized failure: its traceback's root and the lines around it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageEditOnSmallPvc, unknownModelWithRemoteCode } from '../../src/sim/fixtures/failures.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { KEYS } from '../../src/sim/operator/index.js';
import { diagnoseFirstFinding } from './harness/treeActions.js';
import { useSession } from './harness/session.js';
import { runContextMenu } from './harness/workbench.js';

const NS = 'osmo-nims';
let sim: Simulator;
const s = useSession('doctor', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  for (const [name, spec] of [['edit-small-pvc', imageEditOnSmallPvc()], ['custom-vlm', unknownModelWithRemoteCode()]] as const) {
    sim.store.create(KEYS.nimServices, { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: NS }, spec });
  }
  return { kubeconfig: sim.kubeconfigPath, onClose: () => sim.stop() };
});

test('Diagnose from the tree: a full model PVC is disk-full, not /dev/shm; an unknown failure shows its traceback root and the lines around it', async () => {
  await s.run('doctor', async (page) => {
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const lab = treeItem(/^gpu-lab\b/);
    await lab.waitFor({ timeout: 60_000 });
    if ((await lab.getAttribute('aria-expanded')) !== 'true') await lab.click();

    const smallPvc = treeItem(/^edit-small-pvc NotReady/);
    await smallPvc.waitFor({ timeout: 120_000 });
    const disk = await diagnoseFirstFinding(page, smallPvc);
    assert.match(disk, /^1\. Disk full/, disk);
    assert.doesNotMatch(disk, /\/dev\/shm/, disk);
    assert.match(disk, /\/model-store\//, disk);

    const custom = treeItem(/^custom-vlm NotReady/);
    await custom.waitFor({ timeout: 120_000 });
    await runContextMenu(page, custom, 'Diagnose');
    const first = page.locator('.quick-input-list .monaco-list-row:visible').first();
    await first.waitFor({ timeout: 60_000 });
    const row = (await first.textContent()) ?? '';
    assert.match(row, /^1\. Failure not recognized/, row);
    assert.match(row, /KeyError: 'rope_scaling'/, row);
    assert.match(row, /root: File ".*configuration_custom_vlm\.py", line 63, in __init__/, row);
    await first.click();
    // The evidence document: the log as read, the exception line with the traceback lines above it in view.
    const editor = page.locator('.editor-group-container.active .view-lines').first();
    await editor.filter({ hasText: "KeyError: 'rope_scaling'" }).waitFor({ timeout: 30_000 });
    await editor.filter({ hasText: 'configuration_custom_vlm.py", line 63, in __init__' }).waitFor({ timeout: 10_000 });
    await editor.filter({ hasText: 'rope_scaling["rope_theta"]' }).waitFor({ timeout: 10_000 });
    assert.match((await page.locator('.tab.active').textContent()) ?? '', /custom-vlm/);
  });
});
