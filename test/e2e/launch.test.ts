// Launch from the palette against the demo GPU lab: preflight → dry-run diff → apply → progress → Ready, then
// Stream Logs from the tree fills an output channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../../src/core/scaffold/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { artifactsDir } from './harness/paths.js';
import { useSession } from './harness/session.js';
import { openFile, runCommand, runContextMenu } from './harness/workbench.js';

let sim: Simulator;
const s = useSession('launch', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  return { kubeconfig: sim.kubeconfigPath, files: { 'edit-e2e.nimservice.yaml': renderTemplate('qwen-image-edit-vllm-omni', { name: 'edit-e2e' }).text }, onClose: () => sim.stop() };
});

test('Launch NIMService…: preflight, dry-run diff, apply, progress to Ready; the endpoint turns Ready in the tree; Stream Logs follows the server log', async () => {
  await s.run('launch', async (page) => {
    const manifest = join(s.workspace, 'edit-e2e.nimservice.yaml');
    const before = { text: readFileSync(manifest, 'utf8'), mtime: statSync(manifest).mtimeMs };
    // The extension's contributions are registered once its activity bar entry shows.
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).waitFor({ timeout: 60_000 });
    await openFile(page, 'edit-e2e.nimservice.yaml');
    await runCommand(page, 'Launch NIMService');
    // Either way out of the preflight pick shows once the checks ran; only the clean one is expected here.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /Continue (to the dry-run diff|despite failed checks)/ }).waitFor({ timeout: 60_000 });
    const preflight = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
    const proceed = page.locator('.quick-input-list .monaco-list-row', { hasText: /Continue to the dry-run diff/ });
    assert.equal(await proceed.count(), 1, `preflight passes on the demo lab; rows: ${JSON.stringify(preflight)}`);
    assert.ok(preflight.some((row) => /free GPU|GPU/i.test(row)), `preflight rows: ${JSON.stringify(preflight)}`);
    await proceed.click();
    const apply = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Apply$/ });
    await apply.waitFor({ timeout: 60_000 });
    assert.ok(await page.locator('.tab', { hasText: /live ↔ server dry run/ }).count() > 0, 'the dry-run diff is open');
    await apply.click();
    await page.locator('.notification-list-item-message', { hasText: 'NIMService osmo-nims/edit-e2e is Ready.' }).first().waitFor({ timeout: 120_000 });
    assert.equal(readFileSync(manifest, 'utf8'), before.text, 'apply leaves the manifest as it was');
    assert.equal(statSync(manifest).mtimeMs, before.mtime, 'and does not rewrite it');

    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click();
    const endpoint = page.getByRole('treeitem', { name: /^edit-e2e Ready · 1\/1 · nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL/ }).first();
    await endpoint.waitFor({ timeout: 60_000 });
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'shot-launch.png') }).catch(() => undefined);
    await runContextMenu(page, endpoint, 'Stream Logs…');
    // Three questions in turn; each Enter waits for its own question (an Enter before the next box shows is lost).
    for (const question of [/Logs of osmo-nims\/edit-e2e/, /Tail lines/, /Filter \(text or \/regex\/; empty: none\)/]) {
      await page.locator('.quick-input-widget:visible', { hasText: question }).waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
    }
    // Lines of the endpoint's pod, prefixed with pod/container, following the server as it answers its probes.
    await page.locator('.output-view .view-lines', { hasText: /\[edit-e2e-[a-z0-9]+-[a-z0-9]+\/edit-e2e\]/ }).first().waitFor({ timeout: 60_000 });
    await page.locator('.output-view .view-lines', { hasText: 'GET /health HTTP/1.1' }).first().waitFor({ timeout: 60_000 });
  });
});
