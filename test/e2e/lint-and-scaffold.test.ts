import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile, runCommand } from './harness/workbench.js';
import { useSession } from './harness/session.js';
import { scaffoldImageEditTemplate } from './harness/template.js';
import { problemsOfFile, readProblems, waitForProblem } from './harness/problems.js';
import { lintText } from '../../src/core/lint/linter.js';

const brokenManifest = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: broken
  namespace: osmo-nims
spec:
  image:
    repository: vllm/vllm-omni
    tag: [unclosed
`;

const vllmDeployment = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'workloads', 'vllm-deployment.yaml'), 'utf8');

const s = useSession('lint-and-scaffold', () => ({
  files: {
    'broken.nimservice.yaml': brokenManifest,
    'image-edit.nimservice.yaml': readFileSync(join(import.meta.dirname, 'fixtures', 'image-edit.nimservice.yaml'), 'utf8'),
    'vllm-deployment.yaml': vllmDeployment,
  },
}));

test('opening a manifest with a mistake shows it in the Problems panel at its line', async () => {
  await s.run('lint-problems', async (page) => {
    await openFile(page, 'broken.nimservice.yaml');
    const rows = await waitForProblem(page, /YAML error/i);
    const ours = rows.filter((r) => /YAML error/i.test(r));
    assert.ok(ours.length >= 1, JSON.stringify(rows));
  });
});

test('common manifest mistakes are underlined at their lines, and a quick fix removes one', async () => {
  await s.run('lint-quick-fix', async (page) => {
    // Closed files leave the Problems panel, which keeps its (virtualised) list short.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'image-edit.nimservice.yaml');
    await waitForProblem(page, /sharedMemorySizeLimit/);
    const rows = problemsOfFile(await readProblems(page), 'image-edit.nimservice.yaml');
    assert.equal(rows.length, 3, JSON.stringify(rows));
    const expectations: Array<[RegExp, number]> = [[/\/v1\/health/, 10], [/sharedMemorySizeLimit: 32Gi/, 22], [/Unknown field `spec\.router`/, 35]];
    for (const [pattern, line] of expectations) {
      const row = rows.find((r) => pattern.test(r));
      assert.ok(row, `a problem matching ${pattern}: ${JSON.stringify(rows)}`);
      assert.match(row!, new RegExp(`at line ${line} and`), `${pattern} is reported on line ${line}: ${row}`);
    }
    // Go to the shm finding and apply its quick fix from the lightbulb menu.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'sharedMemorySizeLimit' }).first().click();
    await page.keyboard.press('Enter');
    // Home puts the cursor on the key the finding underlines; on a busy machine the lightbulb menu can open
    // before the code actions arrive, so it is asked again until the fix is listed.
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: /sharedMemorySizeLimit/ }).first();
    for (let attempt = 1; ; attempt++) {
      await page.locator('.view-lines .view-line', { hasText: /^\s*storage:\s*$/ }).first().click();
      await page.keyboard.press('Home');
      await page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    await fix.click();
    await page.locator('.view-lines', { hasText: 'sharedMemorySizeLimit: 32Gi' }).first().waitFor({ timeout: 15_000 });
    const deadline = Date.now() + 15_000;
    let after: string[] = [];
    while (Date.now() < deadline) {
      after = problemsOfFile(await readProblems(page), 'image-edit.nimservice.yaml');
      if (!after.some((r) => /\/dev\/shm/.test(r))) break;
      await page.waitForTimeout(500);
    }
    assert.ok(!after.some((r) => /\/dev\/shm/.test(r)), `the shm problem is gone: ${JSON.stringify(after)}`);
    assert.ok(after.some((r) => /Unknown field `spec\.router`/.test(r)), 'the other problems remain');
  });
});

test('New NIMService from Template… creates a manifest with no problems of ours', async () => {
  await s.run('new-from-template', async (page) => {
    await scaffoldImageEditTemplate(page, 'Open as Untitled Document');
    await page.locator('.view-lines', { hasText: 'kind: NIMService' }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500);
    const rows = await readProblems(page);
    const untitledRows = rows.filter((r) => /Untitled/i.test(r) && /Inference Endpoint Studio/.test(r));
    assert.deepEqual(untitledRows, [], 'the rendered template lints clean');
  });
});

test('a plain vLLM Deployment gets in the editor exactly the findings ies lint reports, at the same lines', async () => {
  await s.run('lint-deployment', async (page) => {
    await runCommand(page, 'View: Close All Editors');
    // The template test leaves an untitled manifest: closing it asks to save, and the answer here is no.
    const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don't Save/ });
    if (await dontSave.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await dontSave.first().click();
    await openFile(page, 'vllm-deployment.yaml');
    const expected = lintText(vllmDeployment).map((d) => ({ line: lineOf(vllmDeployment, d.start), message: d.message }));
    assert.ok(expected.length >= 5, `the fixture has its mistakes: ${JSON.stringify(expected)}`);
    await waitForProblem(page, /startupProbe/);
    const deadline = Date.now() + 30_000;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = problemsOfFile(await readProblems(page), 'vllm-deployment.yaml');
      if (rows.length >= expected.length) break;
      await page.waitForTimeout(500);
    }
    assert.equal(rows.length, expected.length, JSON.stringify(rows));
    for (const { line, message } of expected) {
      const start = message.slice(0, 40);
      assert.ok(rows.some((r) => r.includes(start) && r.includes(`at line ${line} and`)), `in the editor at line ${line}: ${start}… — rows: ${JSON.stringify(rows)}`);
    }
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
