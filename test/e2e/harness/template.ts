import type { Page } from 'playwright-core';
import { runCommand } from './workbench.js';

/** Runs "New NIMService from Template…" for the image-edit template, takes every parameter's default, and picks
 * where the manifest goes ("Open as Untitled Document" or "Save to File"). */
export async function scaffoldImageEditTemplate(page: Page, destination: 'Open as Untitled Document' | 'Save to File'): Promise<void> {
  await runCommand(page, 'New NIMService from Template');
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Image edit: Qwen-Image-Edit-NVPCB-OVSL2SL' });
  await pick.waitFor({ timeout: 15_000 });
  await pick.click();
  // One input box per parameter, titled "(step/5)": answer each only once it shows, with its default.
  for (let i = 1; i <= 5; i++) {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `(${i}/5)` }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
  }
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: destination });
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}
