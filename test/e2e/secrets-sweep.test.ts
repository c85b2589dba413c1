// Secrets in real VS Code: an endpoint API key typed into the password box is used (the pinned endpoint turns
// healthy only with it), and afterwards appears nowhere — not in any file under the user-data folder (settings,
// state databases, every log and output channel file), not in the workspace, not in what the workbench shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';
import { runCommand } from './harness/workbench.js';
import { useSession } from './harness/session.js';

const KEY = `sk-SEEDED-${randomBytes(16).toString('hex')}`;
let inference: RunningInferenceServer;
const s = useSession('secrets-sweep', async () => {
  inference = await startInferenceServer('vllm-vlm', { modelId: 'nvidia/nemotron-nano-12b-v2-vl', apiKey: KEY });
  return {
    settings: {
      'inferenceEndpointStudio.endpoints': [{ name: 'caption-endpoint', baseUrl: `${inference.url}/v1`, kind: 'openai', expectedModel: 'nvidia/nemotron-nano-12b-v2-vl' }],
      'inferenceEndpointStudio.health.pinnedEndpoint': 'caption-endpoint',
      'inferenceEndpointStudio.health.intervalSeconds': 2,
    },
    onClose: () => inference.close(),
  };
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'extensions' || entry.name === 'CachedExtensionVSIXs' ? [] : filesUnder(path);
    return entry.isFile() && statSync(path).size < 64 * 1024 * 1024 ? [path] : [];
  });
}

test('an endpoint API key set in the password box is used, and then found in no file, setting, log or view', async () => {
  await s.run('secrets-sweep', async (page) => {
    const statusBar = page.locator('.part.statusbar');
    // Without the key the server answers 401 to /v1/models.
    await statusBar.getByText(/caption-endpoint: unhealthy/).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Set Endpoint API Key');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'caption-endpoint' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('.quick-input-widget', { hasText: 'API key for caption-endpoint' }).waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-widget input[type="password"]').fill(KEY);
    await page.keyboard.press('Enter');
    await statusBar.getByText(/caption-endpoint: healthy/).first().waitFor({ timeout: 60_000 });

    await runCommand(page, 'Check Endpoint Health');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'caption-endpoint' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await pick.click();
    await page.locator('.tab', { hasText: /caption-endpoint|health/i }).first().waitFor({ timeout: 30_000 });
    // Let VS Code flush its state and logs to disk.
    await page.waitForTimeout(3000);

    const hits: string[] = [];
    const needles = [KEY, Buffer.from(KEY).toString('base64'), KEY.slice(-16)];
    const search = (name: string, text: string) => {
      for (const n of needles) if (text.includes(n)) hits.push(`${name} contains …${n.slice(-8)}`);
    };
    const files = [...filesUnder(join(s.server.home, 'user-data')), ...filesUnder(s.workspace)];
    let bytes = 0;
    for (const file of files) {
      const content = readFileSync(file);
      bytes += content.length;
      search(file, content.toString('latin1'));
      search(`${file} (utf16)`, content.toString('utf16le'));
    }
    for (const frame of page.frames()) search(`frame ${frame.url().slice(0, 60)}`, await frame.locator('body').innerText().catch(() => ''));
    console.log(`figure: secrets-sweep-vscode files=${files.length} bytesSearched=${bytes} frames=${page.frames().length} occurrences=${hits.length}`);
    assert.ok(files.some((f) => f.endsWith('.log')), 'the logs were searched');
    assert.ok(files.some((f) => readFileSync(f, 'latin1').includes('caption-endpoint')), 'the search reads what the extension wrote (its endpoint name is there)');
    assert.deepEqual(hits, []);
  });
});
