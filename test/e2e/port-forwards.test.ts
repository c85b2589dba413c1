// Port forwards a user can see: a health check run from the tree opens a forward to the endpoint, the Port Forwards
// view lists it with its local port and state, the status bar counts it; Stop in the view closes it and both drop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { useSession } from './harness/session.js';
import { runContextMenu } from './harness/workbench.js';

let sim: Simulator;
const s = useSession('port-forwards', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  return { kubeconfig: sim.kubeconfigPath, onClose: () => sim.stop() };
});

test('a health check from the tree opens a forward shown in Port Forwards; Stop there closes it and the count drops', async () => {
  await s.run('port-forwards', async (page) => {
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const lab = treeItem(/^gpu-lab\b/);
    await lab.waitFor({ timeout: 60_000 });
    if ((await lab.getAttribute('aria-expanded')) !== 'true') await lab.click();
    const caption = treeItem(/^nemotron-nano-vl-caption Ready/);
    await caption.waitFor({ timeout: 90_000 });

    const forwardsPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Port Forwards' }) });
    await forwardsPane.waitFor({ timeout: 30_000 });
    const header = forwardsPane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await forwardsPane.getByText(/No port forwards/).waitFor({ timeout: 30_000 });

    const report = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await runContextMenu(page, caption, 'Run Health Check');
    await report.getByText(/nvidia\/nemotron-nano-12b-v2-vl/).first().waitFor({ timeout: 90_000 });

    const row = forwardsPane.getByRole('treeitem', { name: /^osmo-nims\/nemotron-nano-vl-caption 127\.0\.0\.1:\d+ · forwarding/ });
    await row.waitFor({ timeout: 30_000 });
    const name = (await row.getAttribute('aria-label')) ?? (await row.textContent()) ?? '';
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(name)?.[1]);
    assert.ok(port > 0, name);
    const text = (await report.locator('body').textContent()) ?? '';
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${port}`), `the report names the forward's port: ${text.slice(0, 600)}`);

    const count = page.locator('.part.statusbar .statusbar-item-label[aria-label="Port forwards: 1"]');
    await count.waitFor({ timeout: 15_000 });

    await runContextMenu(page, row, 'Stop Port Forward');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await forwardsPane.getByText(/No port forwards/).waitFor({ timeout: 30_000 });
    await count.waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(await page.locator('.part.statusbar .statusbar-item-label[aria-label^="Port forwards:"]').count(), 0);
  });
});
