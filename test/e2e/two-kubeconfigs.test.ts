// KUBECONFIG with two files, as many users have it: the first names an unreachable cluster and is the current context,
// the simulated lab is only in the second. What the tree shows under the lab is what Run Health Check, Follow Logs,
// Diagnose and Scale act on; Launch asks which of the two clusters and applies to the one picked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { renderTemplate } from '../../src/core/scaffold/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { useSession } from './harness/session.js';
import { applyThroughLaunch } from './harness/launchFlow.js';
import { diagnoseFirstFinding, followLogsFromTree, scaleFromTree } from './harness/treeActions.js';
import { openFile, runCommand, runContextMenu } from './harness/workbench.js';

let sim: Simulator;
const s = useSession('two-kubeconfigs', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  const other = join(sim.kubeconfigPath, '..', 'other.yaml');
  writeFileSync(other, 'apiVersion: v1\nkind: Config\nclusters:\n- name: other\n  cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }\nusers:\n- name: other\n  user: { token: nothing }\ncontexts:\n- name: other\n  context: { cluster: other, user: other }\ncurrent-context: other\n');
  return { kubeconfig: [other, sim.kubeconfigPath].join(delimiter), files: { 'edit-two.nimservice.yaml': renderTemplate('qwen-image-edit-vllm-omni', { name: 'edit-two' }).text }, onClose: () => sim.stop() };
});

test('two kubeconfig files, the lab in the second: health check, Follow Logs, Diagnose, Scale and Launch act on the lab', async () => {
  await s.run('two-kubeconfigs', async (page) => {
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    await treeItem(/^other current/).waitFor({ timeout: 60_000 });
    const lab = treeItem(/^gpu-lab\b/);
    await lab.waitFor({ timeout: 30_000 });
    if ((await lab.getAttribute('aria-expanded')) !== 'true') await lab.click();
    const caption = treeItem(/^nemotron-nano-vl-caption Ready/);
    await caption.waitFor({ timeout: 90_000 });
    // Ages count on the cluster's clock: the lab runs 600× ahead of ours, and its endpoints are minutes to hours old
    // on it by now (on our clock they would be in the future, shown as 0s).
    const ages = (await page.locator('.part.sidebar [role=treeitem]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))).filter((l) => /^nemotron-nano-vl-caption|^text-embedder/.test(l));
    assert.ok(ages.length === 2 && ages.every((l) => /· \d+[mhd]$/.test(l)), JSON.stringify(ages));

    const report = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    const served = report.getByText(/nvidia\/nemotron-nano-12b-v2-vl/).first();
    // The unreachable cluster's error rows re-render as its watches retry, which can close a context menu before
    // its click lands: one more try if no check started.
    for (let attempt = 0; attempt < 2 && !(await served.isVisible().catch(() => false)); attempt++) {
      await runContextMenu(page, caption, 'Run Health Check');
      await served.waitFor({ timeout: attempt === 0 ? 30_000 : 90_000 }).catch((error) => { if (attempt === 1) throw error; });
    }
    const text = (await report.locator('body').textContent()) ?? '';
    assert.match(text, /Healthy/, text.slice(0, 400));

    await followLogsFromTree(page, caption, 'nemotron-nano-vl-caption');

    const noshm = treeItem(/^qwen-image-edit-noshm NotReady/);
    assert.match(await diagnoseFirstFinding(page, noshm), /\/dev\/shm too small/);

    await scaleFromTree(page, caption, 'nemotron-nano-vl-caption', 2);
    const scaled = treeItem(/^nemotron-nano-vl-caption .*\/2/);
    if (!(await scaled.waitFor({ timeout: 30_000 }).then(() => true, () => false))) {
      // Seen twice in CI, never reproduced alone: the row kept its old description while the pools below it moved.
      // Collapsing and expanding the group asks the tree again; the scale itself is what this test checks.
      console.error('[two-kubeconfigs] the scaled endpoint row was not refreshed within 30 s; re-expanding its group');
      const group = page.getByRole('treeitem', { name: /^Endpoints/ }).nth(1);
      await group.click();
      await group.click();
    }
    await scaled.waitFor({ timeout: 30_000 });

    // Two contexts: Launch asks which cluster, the current (unreachable) one first; the lab is picked.
    await openFile(page, 'edit-two.nimservice.yaml');
    await runCommand(page, 'Launch NIMService');
    await page.locator('.quick-input-widget', { hasText: 'into which cluster?' }).waitFor({ timeout: 30_000 });
    const clusters = page.locator('.quick-input-list .monaco-list-row:visible');
    await clusters.first().waitFor({ timeout: 30_000 });
    const rows = await clusters.allTextContents();
    assert.match(rows[0] ?? '', /^other.*current context/, JSON.stringify(rows));
    await clusters.filter({ hasText: /^gpu-lab/ }).first().click();
    await applyThroughLaunch(page, 'osmo-nims/edit-two');
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click();
    await treeItem(/^edit-two Ready/).waitFor({ timeout: 60_000 });
  });
});
