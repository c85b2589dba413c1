// Load: 200 endpoints under health polling and 50 followed log streams for a bounded time, in a process that holds
// only what the extension host would; the servers and the cluster run in another process. Memory and event-loop
// delay are asserted against stated bounds; afterwards everything is released.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { printFigure } from './figures.js';

const ENDPOINTS = Number(process.env.LOAD_ENDPOINTS ?? 200);
const PODS = Number(process.env.LOAD_PODS ?? 50);
const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 30_000);

/** Bounds for a VS Code extension host, which shares its process and event loop with every other extension. */
// p99 is the responsiveness bound; the max only guards against a stall a user would notice (GC and the streams'
// first backlog land in it on a loaded 2-core machine).
const BOUNDS = { heapGrowthMB: 150, rssGrowthMB: 300, loopP99Ms: 50, loopMaxMs: 500, heapAfterStopGrowthMB: 20 };

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
let load: ChildProcess | undefined;
after(() => load?.kill());

function firstJsonLine(child: ChildProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms: ${out.slice(-500)}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n', out.indexOf(line))) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out.slice(-500)}`)));
  });
}

test(`${ENDPOINTS} endpoints polled and ${PODS} log streams followed for ${DURATION_MS / 1000} s: memory and event loop within bounds`, { timeout: 300_000 }, async () => {
  load = spawn(process.execPath, ['--import', 'tsx', here('./load/loadServers.ts')], { env: { ...process.env, LOAD_ENDPOINTS: String(ENDPOINTS), LOAD_PODS: String(PODS) }, stdio: ['pipe', 'pipe', 'inherit'] });
  const setup = await firstJsonLine(load, 120_000);
  const measured = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', here('./load/measure.ts')], { env: { ...process.env, LOAD_SETUP: JSON.stringify(setup), LOAD_DURATION_MS: String(DURATION_MS) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const result = await firstJsonLine(measured, DURATION_MS + 60_000) as Record<string, number> & { receivedPerPod: Record<string, number>; stalls: string };
  if (result.stalls) console.log(`event-loop stalls over 100 ms (at ms since start + length): ${result.stalls}`);
  load.stdin!.write('written?\n');
  const { written } = await firstJsonLine(load, 10_000).catch(() => ({ written: {} })) as { written: Record<string, number> };
  const worstShare = Math.min(...Object.entries(result.receivedPerPod).map(([pod, n]) => n / Math.max(1, written[pod] ?? n)));
  printFigure('load', {
    endpoints: result.endpoints, streams: result.streams, durationS: result.durationS, checksPerSecond: result.checksPerSecond, unhealthy: result.unhealthy, linesPerSecond: result.linesPerSecond,
    rssMB: `${result.rssBeforeMB}/${result.rssPeakMB}/${result.rssAfterMB}`, heapMB: `${result.heapBeforeMB}/${result.heapPeakMB}/${result.heapAfterMB}`,
    loopP50Ms: result.loopP50Ms, loopP99Ms: result.loopP99Ms, loopMaxMs: result.loopMaxMs, openSocketsAfterStop: result.openSocketsAfterStop, stallsOver100Ms: result.stallsOver100Ms, worstStreamShareOfLines: Math.round(worstShare * 1000) / 1000,
  });
  assert.equal(result.unhealthy, 0, 'every simulated endpoint stays healthy');
  assert.ok(result.checksPerSecond >= (ENDPOINTS / 2) * 0.8, `polls keep their 2 s interval (${result.checksPerSecond}/s)`);
  assert.ok(worstShare >= 0.9, `every stream keeps up with its pod (${worstShare})`);
  assert.ok(result.heapPeakMB - result.heapBeforeMB < BOUNDS.heapGrowthMB, `heap growth under ${BOUNDS.heapGrowthMB} MB`);
  assert.ok(result.rssPeakMB - result.rssBeforeMB < BOUNDS.rssGrowthMB, `RSS growth under ${BOUNDS.rssGrowthMB} MB`);
  assert.ok(result.loopP99Ms < BOUNDS.loopP99Ms, `event-loop delay p99 under ${BOUNDS.loopP99Ms} ms`);
  assert.ok(result.loopMaxMs < BOUNDS.loopMaxMs, `event-loop delay max under ${BOUNDS.loopMaxMs} ms`);
  assert.ok(result.heapAfterMB - result.heapBeforeMB < BOUNDS.heapAfterStopGrowthMB, 'memory is released after stop');
  assert.equal(result.openSocketsAfterStop, 0, 'no socket left open after stop');
});
