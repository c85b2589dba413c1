// The `npm start` experience: the demo GPU lab with the operator, kubelet and inference servers running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTemplate } from '../../src/core/scaffold/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { useSession } from './harness/session.js';
import { artifactsDir, repoRoot } from './harness/paths.js';
import { runCommand, runContextMenu } from './harness/workbench.js';

let sim: Simulator;
const s = useSession('sandbox', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  // The crash-looping demo endpoint's manifest: the image-edit template with /dev/shm limited to 64Mi.
  const noShm = renderTemplate('qwen-image-edit-vllm-omni', { name: 'qwen-image-edit-noshm' }).text.replace(/sharedMemorySizeLimit: .*/, 'sharedMemorySizeLimit: 64Mi');
  return {
    kubeconfig: sim.kubeconfigPath,
    files: {
      'README.md': '# sandbox e2e\n',
      'sample.png': readFileSync(join(repoRoot, 'demo', 'images', 'sample.png')),
      'qwen-image-edit-noshm.nimservice.yaml': noShm,
      'image-edit-with-mistakes.nimservice.yaml': readFileSync(join(repoRoot, 'demo', 'manifests', 'image-edit-with-mistakes.nimservice.yaml'), 'utf8'),
    },
    onClose: () => sim.stop(),
  };
});

test('demo lab: pools and endpoint states in the tree; "Run Health Check" on the Ready image-edit NIMService verifies the pinned model through a port-forward', async () => {
  await s.run('sandbox-demo', async (page) => {
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    await treeItem(/^gpu-lab current/).waitFor({ timeout: 60_000 });
    await treeItem(/^h100 .*free \/ 16 GPUs/).waitFor({ timeout: 30_000 });
    const edit = treeItem(/^qwen-image-edit-nvpcb-ovsl2sl Ready · 1\/1 · nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL/);
    await edit.waitFor({ timeout: 60_000 });
    await treeItem(/^qwen-image-edit-noshm NotReady/).waitFor({ timeout: 30_000 });
    // The README's screenshot: the product as `npm start` shows it — tree, and a manifest with its findings.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('image-edit-with-mistakes');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    const sash = page.locator('.part.sidebar + .monaco-sash, .monaco-sash.vertical').first();
    const box = await sash.boundingBox().catch(() => null);
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 180, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    await page.mouse.move(900, 880);
    await page.waitForTimeout(500);
    mkdirSync(join(repoRoot, 'docs'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshot.png') });

    await runContextMenu(page, edit, 'Run Health Check');
    const report = page.frameLocator('iframe.webview').frameLocator('#active-frame');
    await report.getByText(/nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL/).first().waitFor({ timeout: 60_000 });
    const text = (await report.locator('body').textContent()) ?? '';
    assert.match(text, /healthy/i, text.slice(0, 500));
    assert.doesNotMatch(text, /unhealthy/i, text.slice(0, 500));
  });
});

test('demo lab: "Open Playground" on the Ready captioning NIMService captions an image through its port-forward', async () => {
  await s.run('sandbox-playground', async (page) => {
    const item = page.getByRole('treeitem', { name: /^nemotron-nano-vl-caption Ready/ }).first();
    await item.waitFor({ timeout: 60_000 });
    await runContextMenu(page, item, 'Open Playground');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('#pickCaptionImage').waitFor({ timeout: 60_000 });
    await frame.locator('#pickCaptionImage').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20_000 });
    const path = join(s.workspace, 'sample.png');
    for (let attempt = 0; attempt < 3 && (await input.inputValue()) !== path; attempt++) {
      await input.fill(path);
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('Enter');
    await frame.locator('#prescaleInfo').filter({ hasText: /base64 chars/ }).waitFor({ timeout: 30_000 });
    await frame.locator('#send').click();
    const caption = frame.locator('#captionText');
    await caption.filter({ hasText: /\S/ }).waitFor({ timeout: 60_000 });
    assert.match((await caption.textContent()) ?? '', /640×480|image/i);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'shot-playground.png') }).catch(() => undefined);
  });
});

test('demo lab: Follow Logs from the tree streams in one click; the status-bar Stop and Stop Log Stream… end the streams', async () => {
  await s.run('sandbox-follow-logs', async (page) => {
    const stopButton = (name: string) => page.locator('.part.statusbar .statusbar-item', { hasText: `Logs: ${name}` });
    /** The output view's lines in screen order (the editor keeps its line elements in no particular DOM order). */
    const outputLines = () => page.locator('.output-view .view-lines').first().evaluate((el) => [...el.querySelectorAll('.view-line')]
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top || '0'), text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top).map((line) => line.text.replace(/\u00a0/g, ' ')));
    const caption = page.getByRole('treeitem', { name: /^nemotron-nano-vl-caption Ready/ }).first();
    await caption.waitFor({ timeout: 60_000 });
    await runContextMenu(page, caption, 'Follow Logs');
    // No questions asked: the pod's lines arrive, prefixed with pod/container (every container of the endpoint).
    await page.locator('.output-view .view-lines', { hasText: /\[nemotron-nano-vl-caption-[a-z0-9]+-[a-z0-9]+\/[a-z0-9-]+\]/ }).first().waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.quick-input-widget input:visible').count(), 0, 'Follow Logs asks nothing');
    await stopButton('nemotron-nano-vl-caption').waitFor({ timeout: 15_000 });

    const edit = page.getByRole('treeitem', { name: /^qwen-image-edit-nvpcb-ovsl2sl Ready/ }).first();
    await runContextMenu(page, edit, 'Follow Logs');
    await stopButton('qwen-image-edit-nvpcb-ovsl2sl').waitFor({ timeout: 15_000 });
    await page.locator('.output-view .view-lines', { hasText: /\[qwen-image-edit-nvpcb-ovsl2sl-[a-z0-9]+-[a-z0-9]+\// }).first().waitFor({ timeout: 60_000 });

    // The status-bar Stop ends that stream alone; its channel says so and gets no line after it.
    await stopButton('qwen-image-edit-nvpcb-ovsl2sl').click();
    await stopButton('qwen-image-edit-nvpcb-ovsl2sl').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.output-view .view-lines', { hasText: '— stopped —' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3000);
    const after = (await outputLines()).filter((line) => line.trim());
    assert.match(after.at(-1) ?? '', /— stopped —/, `nothing follows the stop: ${JSON.stringify(after.slice(-3))}`);
    assert.equal(await stopButton('nemotron-nano-vl-caption').count(), 1, 'the other stream still runs');

    // Stop Log Stream… from the palette ends the last one.
    await runCommand(page, 'Stop Log Stream');
    await stopButton('nemotron-nano-vl-caption').waitFor({ state: 'detached', timeout: 15_000 });
    // Leave the window as the next test expects it: editors at full height, the panel closed.
    if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
  });
});

test('demo lab: Diagnose on the crash-looping endpoint names /dev/shm, reveals the evidence line, and fixes the manifest', async () => {
  await s.run('sandbox-diagnose', async (page) => {
    const item = page.getByRole('treeitem', { name: /^qwen-image-edit-noshm NotReady/ }).first();
    await item.waitFor({ timeout: 60_000 });
    await runContextMenu(page, item, 'Diagnose');
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await first.waitFor({ timeout: 60_000 });
    assert.match((await first.textContent()) ?? '', /1\. \/dev\/shm too small/);
    await first.click();
    // The evidence: the log as read, opened at the line that proves it.
    await page.locator('.view-lines', { hasText: 'No space left on device' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.notification-list-item', { hasText: '/dev/shm too small' }).locator('.monaco-button', { hasText: 'Fix the Manifest' }).first().click({ timeout: 30_000 });
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 20_000 });
    const path = join(s.workspace, 'qwen-image-edit-noshm.nimservice.yaml');
    for (let attempt = 0; attempt < 3 && (await input.inputValue()) !== path; attempt++) {
      await input.fill(path);
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'qwen-image-edit-noshm.nimservice.yaml' }).waitFor({ timeout: 30_000 });
    // The limit is below the first screen: go to its line (the fix replaces the value in place).
    const shmLine = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('sharedMemorySizeLimit')) + 1;
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(shmLine));
    await page.keyboard.press('Enter');
    await page.locator('.view-lines', { hasText: 'sharedMemorySizeLimit: 32Gi' }).first().waitFor({ timeout: 30_000 });
  });
});
