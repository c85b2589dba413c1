// The playground's Load tab and the engine dashboard in real VS Code (code-server): a small concurrency sweep against
// a simulated vLLM server that serves two requests at a time, its results table, the knee sentence and the chart;
// then Open Dashboard on a NIMService of the simulated GPU lab, with its numbers beside the chart.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { startVllmVlmServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';
import { repoRoot } from './harness/paths.js';
import { useSession } from './harness/session.js';
import { runCommand, runContextMenu } from './harness/workbench.js';

let sim: Simulator;
let vlm: RunningInferenceServer;
const s = useSession('load-and-dashboard', async () => {
  [sim, vlm] = await Promise.all([
    startGpuLab({ fixture: 'demo', speed: 600 }),
    // Two at a time: at 4 concurrent requests half of them queue behind a whole answer (the simulated caption is 33
    // tokens: ≈ 20 + 32 × 12 ≈ 400 ms), past a 300 ms TTFT SLO even on a quiet machine; at 2 the first token comes
    // after ≈ 20 ms, far inside it even on a busy one.
    startVllmVlmServer({ timing: { firstTokenMs: 20, perTokenMs: 12 }, maxConcurrency: 2 }),
  ]);
  return {
    kubeconfig: sim.kubeconfigPath,
    onClose: async () => {
      await vlm?.close();
      await sim?.stop();
    },
  };
});

function playground(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function typeInto(frame: FrameLocator, selector: string, text: string): Promise<void> {
  const field = frame.locator(`${selector} input`).first();
  await field.fill(text);
  await field.press('Tab');
}

test('Load: a sweep of 1, 2, 4 concurrent requests shows a row per level, the knee at 2 in one sentence, and a chart with data', async () => {
  await s.run('load-sweep', async (page) => {
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await runCommand(page, 'Inference Endpoint Studio: Open Playground');
    const frame = playground(page);
    await frame.locator('#baseUrl').waitFor({ timeout: 60_000 });
    await typeInto(frame, '#baseUrl', `${vlm.url}/v1`);
    await typeInto(frame, '#model', vlm.modelId);
    await frame.locator('#modeLoad').click();
    await typeInto(frame, '#loadLevels', '1, 2, 4');
    await typeInto(frame, '#loadRequests', '8');
    await typeInto(frame, '#loadWarmup', '1');
    await typeInto(frame, '#loadInputTokens', '32');
    await typeInto(frame, '#loadOutputTokens', '64');
    await typeInto(frame, '#sloTtft', '300');
    await typeInto(frame, '#sloTpot', '');
    await frame.locator('#loadRun').click();
    const knee = frame.locator('#loadKnee');
    await knee.filter({ hasText: /\S/ }).waitFor({ timeout: 120_000 });
    const sentence = (await knee.textContent()) ?? '';
    assert.match(sentence, /^The knee is 2 concurrent requests: up to there the endpoint meets the SLO \(TTFT ≤ 300 ms\), .* at 4 concurrent requests only [\d.]+ % of requests were within it/, sentence);
    const rows = frame.locator('#loadResults tbody tr');
    assert.equal(await rows.count(), 3);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-level'), tr.querySelector('td.slo')?.textContent])), [['1', 'met'], ['2', 'met'], ['4', 'missed']]);
    assert.match((await rows.nth(2).locator('td').nth(1).textContent()) ?? '', /^8$/, 'requests at c=4');
    assert.equal(await frame.locator('#loadProgressLabel').textContent(), 'done');
    // The chart: a uPlot canvas holding the run's points; the engine's numbers below it come from its /metrics.
    const chart = frame.locator('#loadChart');
    assert.equal(await chart.locator('canvas').count(), 1);
    assert.ok(Number(await chart.getAttribute('data-points')) >= 3, `points: ${await chart.getAttribute('data-points')}`);
    await frame.locator('#loadEngine').filter({ hasText: /^engine: running \d+ · waiting \d+ · KV cache [\d.]+ %/ }).waitFor({ timeout: 15_000 });
    mkdirSync(join(repoRoot, 'docs'), { recursive: true });
    await frame.locator('#loadMode').screenshot({ path: join(repoRoot, 'docs', 'load-chart.png') });
  });
});

test('Open Dashboard on a NIMService in the tree: running requests, KV-cache usage and the GPU of its pod beside a live chart', async () => {
  await s.run('dashboard', async (page) => {
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    const item = page.getByRole('treeitem', { name: /^nemotron-nano-vl-caption Ready/ }).first();
    await item.waitFor({ timeout: 90_000 });
    const frame = playground(page);
    // A watch event that re-renders the tree as the entry is clicked closes the menu without running it: ask again.
    for (let attempt = 1; ; attempt++) {
      await runContextMenu(page, item, 'Open Dashboard');
      try {
        await frame.locator('#dashTitle').filter({ hasText: /nemotron-nano-vl-caption/ }).waitFor({ timeout: 20_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    const running = frame.locator('#dashRunning');
    await running.filter({ hasText: /^\d+$/ }).waitFor({ timeout: 60_000 });
    assert.equal(await running.textContent(), '0', 'nothing is sent to it');
    assert.match((await frame.locator('#dashKv').textContent()) ?? '', /^\d+\.\d %$/);
    assert.match((await frame.locator('#dashStatus').textContent()) ?? '', /^vLLM \(current metric names\) · updated /);
    // GPU per pod from the lab's dcgm-exporter (found and port-forwarded by the extension).
    await frame.locator('#dashGpus').filter({ hasText: /^nemotron-nano-vl-caption-[a-z0-9]+-[a-z0-9]+ GPU \d+: \d+(\.\d+)? % busy, [\d,]+ MiB used of 46,068$/ }).waitFor({ timeout: 60_000 });
    // A second scrape two seconds later: the chart has points and the TTFT row says why there is no figure.
    await frame.locator('#dashTtft').filter({ hasText: 'no request in the last interval' }).waitFor({ timeout: 30_000 });
    assert.ok(Number(await frame.locator('#dashChart').getAttribute('data-points')) >= 2);
    assert.equal(await frame.locator('#dashChart canvas').count(), 1);
  });
});
