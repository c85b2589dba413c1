import type { Locator, Page } from 'playwright-core';
import { runContextMenu } from './workbench.js';

/** Diagnose from the tree: the first finding's row text (root cause first); the pick is closed again. */
export async function diagnoseFirstFinding(page: Page, item: Locator): Promise<string> {
  const first = page.locator('.quick-input-list .monaco-list-row:visible').first();
  // A tree row that re-renders under the menu (a crash-looping pod of the fast simulator) can swallow the click:
  // when no pick shows, ask the menu once more.
  for (let attempt = 1; ; attempt++) {
    await runContextMenu(page, item, 'Diagnose');
    const shown = await first.waitFor({ timeout: attempt === 1 ? 30_000 : 60_000 }).then(() => true, (error) => (attempt === 2 ? Promise.reject(error) : false));
    if (shown) break;
    await page.keyboard.press('Escape');
  }
  const text = (await first.textContent()) ?? '';
  await page.keyboard.press('Escape');
  return text;
}

/** Follow Logs from the tree, until a line of one of `endpoint`'s pods shows in the output channel. */
export async function followLogsFromTree(page: Page, item: Locator, endpoint: string): Promise<void> {
  await runContextMenu(page, item, 'Follow Logs');
  await page.locator('.output-view .view-lines', { hasText: new RegExp(`\\[${endpoint}-[a-z0-9]+-[a-z0-9]+/`) }).first().waitFor({ timeout: 60_000 });
}

/** Scale… from the tree to `replicas`, until the notification says so. */
export async function scaleFromTree(page: Page, item: Locator, endpoint: string, replicas: number): Promise<void> {
  await runContextMenu(page, item, /^Scale…$/);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(String(replicas));
  await page.keyboard.press('Enter');
  await page.locator('.notification-list-item-message', { hasText: `Scaled ${endpoint} to ${replicas}.` }).first().waitFor({ timeout: 30_000 });
}
