import type { Page } from 'playwright-core';

/** After Launch NIMService… started: continue past a clean preflight, accept the dry-run diff's Apply, wait for Ready. */
export async function applyThroughLaunch(page: Page, namespacedName: string, readyTimeoutMs = 120_000): Promise<void> {
  const proceed = page.locator('.quick-input-list .monaco-list-row', { hasText: /Continue to the dry-run diff/ });
  await proceed.waitFor({ timeout: 60_000 });
  await proceed.click();
  const apply = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Apply$/ });
  await apply.waitFor({ timeout: 60_000 });
  await apply.click();
  await page.locator('.notification-list-item-message', { hasText: `NIMService ${namespacedName} is Ready.` }).first().waitFor({ timeout: readyTimeoutMs });
}
