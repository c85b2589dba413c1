// The README's first command, as a user runs it: `npm start` through npm (so npm's own environment is what the
// install, build and packaging steps inherit), serving VS Code in the browser with the extension on the simulated
// GPU cluster; Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from './harness/codeServer.js';
import { chromiumPath, repoRoot } from './harness/paths.js';

let npm: ChildProcess | undefined;
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  if (npm?.pid && npm.exitCode === null) process.kill(-npm.pid, 'SIGKILL');
});

const reachable = async (url: string) => fetch(url).then(() => true, () => false);

test('npm start: VS Code in the browser with the extension and the demo GPU lab; Ctrl-C stops all of it', { timeout: 600_000 }, async () => {
  const port = await freePort();
  npm = spawn('npm', ['start'], { cwd: repoRoot, env: { ...process.env, IES_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  npm.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  npm.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 8 min:\n${output.slice(-3000)}`)), 480_000);
    const look = () => {
      const match = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    npm!.stdout!.on('data', look);
    npm!.stderr!.on('data', look);
    npm!.once('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited with ${code}:\n${output.slice(-3000)}`)); });
  });
  assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), `IES_PORT is honoured: ${url}`);
  const simUrl = /\[sim\] Simulated GPU cluster "gpu-lab" .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  assert.ok(simUrl, `the simulator's address is printed:\n${output.slice(-2000)}`);

  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  const tab = page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' });
  await tab.waitFor({ timeout: 120_000 });
  if (!(await page.locator('.part.sidebar .title-label', { hasText: 'Inference Endpoints' }).isVisible())) await tab.click();
  await page.getByRole('treeitem', { name: /^gpu-lab current/ }).first().waitFor({ timeout: 60_000 });
  await page.getByRole('treeitem', { name: /^nemotron-nano-vl-caption Ready/ }).first().waitFor({ timeout: 120_000 });
  // The demo workspace: manifests with mistakes, templates and a sample image.
  const explorer = page.locator('.part.activitybar').getByRole('tab', { name: /Explorer/ });
  await explorer.click();
  await page.getByRole('treeitem', { name: 'manifests' }).first().waitFor({ timeout: 30_000 });
  await browser.close();
  browser = undefined;

  const exited = new Promise<number | null>((resolve) => npm!.once('exit', (code) => resolve(code)));
  process.kill(-npm.pid!, 'SIGINT'); // what Ctrl-C in the terminal sends to the foreground process group
  const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
  assert.notEqual(code, 'hung', 'npm start ends within 30 s of Ctrl-C');
  for (let i = 0; i < 20 && ((await reachable(`http://127.0.0.1:${port}/healthz`)) || (await reachable(`${simUrl}/version`))); i++) await new Promise((r) => setTimeout(r, 500));
  assert.equal(await reachable(`http://127.0.0.1:${port}/healthz`), false, 'code-server stopped');
  assert.equal(await reachable(`${simUrl}/version`), false, 'the simulated cluster stopped');
});
