import type { Page } from 'playwright-core';
import { runCommand } from './workbench.js';

export interface ProblemRow {
  ariaLabel: string;
}

/** Opens the Problems panel and returns the aria-labels of its marker rows (message, line, column, source). */
export async function readProblems(page: Page): Promise<string[]> {
  await runCommand(page, 'View: Focus Problems');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: 15_000 });
  const rows = panel.locator('.monaco-list-row');
  const labels: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) labels.push((await rows.nth(i).getAttribute('aria-label')) ?? '');
  return labels;
}

/** Waits until some Problems row's aria-label matches, returning all rows then. */
export async function waitForProblem(page: Page, pattern: RegExp, timeoutMs = 45_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let labels: string[] = [];
  while (Date.now() < deadline) {
    labels = await readProblems(page);
    if (labels.some((l) => pattern.test(l))) return labels;
    await page.waitForTimeout(500);
  }
  throw new Error(`no problem matching ${pattern} within ${timeoutMs} ms; rows: ${JSON.stringify(labels)}`);
}

/** Problem rows grouped under their file's header row ("N problems in file X of folder …"). */
export function problemsOfFile(rows: readonly string[], fileName: string): string[] {
  const out: string[] = [];
  let inFile = false;
  for (const row of rows) {
    const header = /problems? in file (.+?) of folder/.exec(row);
    if (header) {
      inFile = header[1] === fileName;
      continue;
    }
    if (inFile) out.push(row);
  }
  return out;
}
