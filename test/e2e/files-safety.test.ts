// No file of the user's is overwritten without asking: saving a scaffolded manifest onto an existing file asks, and
// declining leaves the file's bytes as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scaffoldImageEditTemplate } from './harness/template.js';
import { useSession } from './harness/session.js';

const EXISTING = 'qwen-image-edit-nvpcb-ovsl2sl.nimservice.yaml';
const MINE = '# my own manifest, hand-tuned: must survive\nkind: NIMService\n';

const s = useSession('files-safety', () => ({ files: { [EXISTING]: MINE } }));

test('New NIMService from Template… saved onto an existing file asks first; declining keeps the file as it was', async () => {
  await s.run('files-safety', async (page) => {
    const path = join(s.workspace, EXISTING);
    const mtime = statSync(path).mtimeMs;
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).waitFor({ timeout: 60_000 });
    await scaffoldImageEditTemplate(page, 'Save to File');
    // code-server's own save dialog (a quick input holding the path): accept the suggested name, which exists.
    const pathInput = page.locator('.quick-input-widget input');
    await page.waitForFunction((name) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(name), EXISTING, { timeout: 30_000 });
    await pathInput.press('Enter');
    // The dialog's own "are you sure you want to overwrite it?" is answered OK: our own question must still come.
    await page.locator('.quick-input-widget', { hasText: 'Are you sure you want to overwrite it?' }).waitFor({ timeout: 30_000 });
    await pathInput.press('Enter');
    const ours = page.locator('.monaco-dialog-box', { hasText: 'already exists. Replace it?' });
    await ours.waitFor({ timeout: 30_000 });
    await ours.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await ours.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.waitForTimeout(1000);
    assert.equal(readFileSync(path, 'utf8'), MINE, 'the existing file keeps its bytes');
    assert.equal(statSync(path).mtimeMs, mtime, 'and is not even rewritten');
  });
});
