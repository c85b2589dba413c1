import { chromium, type Browser, type Page } from 'playwright-core';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir, chromiumPath } from './paths.js';
import type { CodeServer } from './codeServer.js';

export interface Workbench {
  page: Page;
  browser: Browser;
  close(): Promise<void>;
}

/** Opens the workbench in headless Chromium and waits until it is usable. */
export async function openWorkbench(server: CodeServer): Promise<Workbench> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // A loaded machine (CI beside other jobs) can take well over Playwright's default 30 s to serve the workbench.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { timeout: 90_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
    return { page, browser, close: () => browser.close() };
  } catch (error) {
    // A browser left open keeps the test process alive after the failure.
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** Runs a command palette entry by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // Enter runs the focused row: wait until the filter has settled on the wanted command, not a recently used one.
  const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Opens a top-level workspace file from the Explorer (stabler than Quick Open while search still indexes). */
export async function openFile(page: Page, name: string): Promise<void> {
  const explorer = page.locator('.part.activitybar').getByRole('tab', { name: /Explorer/ });
  if (!(await page.locator('.explorer-folders-view').isVisible())) await explorer.click();
  const item = page.getByRole('treeitem', { name }).first();
  await item.waitFor({ timeout: 30_000 });
  await item.dblclick();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

/** Saves a screenshot and the code-server log for a failed test, and prints what the workbench showed (a CI log is
 * often all there is to read). */
export async function saveArtifacts(page: Page | undefined, server: CodeServer | undefined, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  const safe = name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
  if (page) {
    await page.screenshot({ path: join(artifactsDir, `${safe}.png`) }).catch(() => undefined);
    const texts = async (selector: string) => (await page.locator(selector).allTextContents().catch(() => [] as string[])).map((t) => t.trim()).filter(Boolean);
    const shown = {
      quickInput: await texts('.quick-input-widget:visible .quick-input-title, .quick-input-widget:visible .monaco-list-row'),
      notifications: await texts('.notification-list-item-message'),
      dialogs: await texts('.monaco-dialog-box'),
      editorTabs: await texts('.tab'),
      output: (await texts('.output-view .view-lines')).map((t) => t.slice(-2000)),
      sideBarTree: await page.locator('.part.sidebar [role=treeitem]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? '')).catch(() => [] as string[]),
    };
    console.error(`[${name}] the workbench showed: ${JSON.stringify(shown, null, 2)}`);
  }
  if (server) {
    try {
      copyFileSync(server.logPath, join(artifactsDir, `${safe}-code-server.log`));
      const tail = readFileSync(server.logPath, 'utf8').split('\n').slice(-40).join('\n');
      console.error(`[${name}] code-server log, last lines:\n${tail}`);
    } catch {
      // no log yet
    }
  }
}

/** Right-clicks a tree item and runs a context-menu entry (hover first: a click that lands while the menu is still
 * laying out is ignored; Enter then runs the focused entry). */
export async function runContextMenu(page: Page, item: ReturnType<Page['locator']>, label: string | RegExp): Promise<void> {
  const entry = page.locator('.context-view .action-label', { hasText: typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label }).first();
  // A tree that re-renders (a watch event, an unreachable cluster's retries) closes an open context menu: open it again.
  for (let attempt = 1; ; attempt++) {
    await item.click({ button: 'right' });
    try {
      await entry.hover({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await entry.click();
  // A click that did not take leaves the menu open: Enter runs the hovered entry. Wait for the menu to close first —
  // on a busy machine it closes late, and an Enter then would run the command a second time (or hit what is below).
  const menu = page.locator('.context-view .action-label').first();
  const closed = await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
  if (!closed && (await entry.isVisible().catch(() => false))) await page.keyboard.press('Enter');
}
