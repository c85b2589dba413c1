// No kubeconfig at all: the cluster started from the explorer's welcome view is the one every feature acts on —
// Diagnose, Follow Logs, Scale, and Launch from the cluster's own context menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate } from '../../src/core/scaffold/index.js';
import { applyThroughLaunch } from './harness/launchFlow.js';
import { diagnoseFirstFinding, followLogsFromTree, scaleFromTree } from './harness/treeActions.js';
import { useSession } from './harness/session.js';
import { openFile, runContextMenu } from './harness/workbench.js';

const s = useSession('simulated-cluster', () => ({
  files: { 'edit-sim.nimservice.yaml': renderTemplate('qwen-image-edit-vllm-omni', { name: 'edit-sim' }).text },
}));

test('welcome view → Start Simulated Cluster, then Diagnose, Follow Logs, Scale and Launch act on that cluster', async () => {
  await s.run('simulated-cluster', async (page) => {
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const start = page.locator('.welcome-view-content .monaco-button', { hasText: 'Start Simulated Cluster' }).first();
    await start.waitFor({ timeout: 60_000 });
    await start.click();
    const lab = treeItem(/^gpu-lab current/);
    await lab.waitFor({ timeout: 90_000 });
    if ((await lab.getAttribute('aria-expanded')) !== 'true') await lab.click();
    const caption = treeItem(/^nemotron-nano-vl-caption Ready/);
    await caption.waitFor({ timeout: 120_000 });

    const noshm = treeItem(/^qwen-image-edit-noshm NotReady/);
    await noshm.waitFor({ timeout: 120_000 });
    assert.match(await diagnoseFirstFinding(page, noshm), /\/dev\/shm too small/);

    await followLogsFromTree(page, caption, 'nemotron-nano-vl-caption');

    await scaleFromTree(page, caption, 'nemotron-nano-vl-caption', 2);
    await treeItem(/^nemotron-nano-vl-caption .*\/2/).waitFor({ timeout: 120_000 });

    // Launch from the cluster's context menu: the open manifest goes to that cluster (one context: nothing to ask).
    await openFile(page, 'edit-sim.nimservice.yaml');
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click();
    await lab.waitFor({ timeout: 30_000 });
    await runContextMenu(page, lab, 'Launch NIMService…');
    await applyThroughLaunch(page, 'osmo-nims/edit-sim', 240_000);
    await treeItem(/^edit-sim Ready/).waitFor({ timeout: 60_000 });
  });
});
