import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startVllmOmniServer, startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';
import { darkBluePng, noisyPng } from '../fixtures/images/fixtureImages.js';
import { startRecordingProxy, type RecordingProxy } from '../integration/playground-harness.js';
import { artifactsDir } from './harness/paths.js';
import { runCommand } from './harness/workbench.js';
import { useSession } from './harness/session.js';

let vlm: RunningInferenceServer;
let omni: RunningInferenceServer;
let proxy: RecordingProxy;
const s = useSession('playground', async () => {
  [vlm, omni] = await Promise.all([
    startVllmVlmServer({ timing: { firstTokenMs: 20, perTokenMs: 5 } }),
    startVllmOmniServer({ timing: { firstTokenMs: 20, perTokenMs: 5 } }),
  ]);
  proxy = await startRecordingProxy(vlm.url);
  return {
    files: { 'photo.png': darkBluePng(), 'large.png': noisyPng(420, 300) },
    onClose: async () => {
      await proxy?.close();
      await Promise.all([vlm?.close(), omni?.close()]);
    },
  };
});

/** The playground's document lives two iframes deep: the webview host frame, then its active frame. */
function playground(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}


/** The host's open dialog in code-server is the simple (quick input) file dialog: type the path, Enter. */
async function pickFile(page: Page, path: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 20_000 });
  // The dialog fills in its start folder asynchronously: wait for it, then replace it with the file's path.
  await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('/'), undefined, { timeout: 10_000 }).catch(() => undefined);
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.fill(path);
    await page.waitForTimeout(400);
    if ((await input.inputValue()) === path) break;
  }
  await page.keyboard.press('Enter');
}

async function typeInto(frame: FrameLocator, selector: string, text: string): Promise<void> {
  const field = frame.locator(`${selector} input, ${selector} textarea`).first();
  await field.fill(text);
  await field.press('Tab');
}

test('caption: open from the palette, pick a large image, see the pre-scaled size and the caption the server sent', async () => {
  await s.run('playground-caption', async (page) => {
    // Contributed commands reach the palette once the extension host has scanned the extension (≈ 13–18 s).
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await runCommand(page, 'Inference Endpoint Studio: Open Playground');
    const frame = playground(page);
    await frame.locator('#baseUrl').waitFor({ timeout: 60_000 });
    await typeInto(frame, '#baseUrl', `${proxy.url}/v1`);
    await typeInto(frame, '#model', vlm.modelId);
    await frame.locator('#pickCaptionImage').click();
    await pickFile(page, join(s.workspace, 'large.png'));
    const prescale = frame.locator('#prescaleInfo');
    await prescale.filter({ hasText: /pre-scaled in \d+ step\(s\) to \d+×\d+, [\d,]+ base64 chars/ }).waitFor({ timeout: 30_000 });
    await frame.locator('#send').click();
    const caption = frame.locator('#captionText');
    await caption.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    const answered = JSON.parse(proxy.last().responseBody!.toString()) as { choices: Array<{ message: { content: string } }> };
    assert.equal((await caption.textContent())?.trim(), answered.choices[0].message.content.trim());
    const sent = JSON.parse(proxy.last().body.toString()) as { messages: Array<{ role: string; content: Array<{ type: string; image_url?: { url: string } }> }> };
    assert.equal(sent.messages[0].role, 'system');
    const url = sent.messages[1].content[1].image_url!.url;
    assert.ok(url.length - 'data:image/png;base64,'.length <= 180_000);
    assert.match(await prescale.textContent() ?? '', new RegExp(`${(url.length - 22).toLocaleString('en-US')} base64 chars`));
    // The raw request shows the image elided, never the key or the base64.
    const raw = await frame.locator('#rawRequest').textContent();
    assert.match(raw ?? '', /<image\/png \d+×\d+, [\d,]+ base64 chars \(data URL\)>/);
    await frame.locator('#history li').first().waitFor({ timeout: 15_000 });
  });
});

test('image edit over vLLM-omni multipart shows the result image beside the input; Save Result asks before replacing a file', async () => {
  await s.run('playground-edit', async (page) => {
    const frame = playground(page);
    await frame.locator('#modeEdit').click();
    await typeInto(frame, '#baseUrl', `${omni.url}/v1`);
    await typeInto(frame, '#model', omni.modelId);
    await frame.locator('#pickEditImage').click();
    await pickFile(page, join(s.workspace, 'photo.png'));
    await frame.locator('#editInputs img').first().waitFor({ timeout: 30_000 });
    await typeInto(frame, '#editPrompt', 'make it warmer');
    await typeInto(frame, '#seed', '1234');
    await frame.locator('#send').click();
    const result = frame.locator('#resultImage');
    await frame.locator('#metrics').filter({ hasText: /HTTP 200 · \d+ ms · seed 1234/ }).waitFor({ timeout: 30_000 });
    const size = await result.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight, src: img.src.slice(0, 22) }));
    assert.equal(size.src, 'data:image/png;base64,');
    assert.deepEqual([size.w, size.h], [64, 48]);
    assert.ok(await frame.locator('#compareInput').evaluate((img: HTMLImageElement) => img.naturalWidth > 0));
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'playground-edit.png') });

    // Save Result… onto a file that exists: code-server's dialog asks, then ours; declining keeps the file's bytes.
    const existing = join(s.workspace, 'edit-result-1234.png');
    writeFileSync(existing, 'mine');
    await frame.locator('#saveResult').click();
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('edit-result-1234.png'), undefined, { timeout: 30_000 });
    await page.locator('.quick-input-widget input').press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Are you sure you want to overwrite it?' }).waitFor({ timeout: 30_000 });
    await page.locator('.quick-input-widget input').press('Enter');
    const ours = page.locator('.monaco-dialog-box', { hasText: 'already exists. Replace it?' });
    await ours.waitFor({ timeout: 30_000 });
    await ours.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await ours.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.waitForTimeout(500);
    assert.equal(readFileSync(existing, 'utf8'), 'mine', 'Save Result declined: the existing file is untouched');
  });
});
