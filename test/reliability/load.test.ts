// Load: 200 endpoints under health polling and 50 followed log streams for a bounded time (60 s; the file takes about
// 70 s), in a process that holds only what the extension host would (see load/measure.ts); the simulated servers and
// cluster run in another process (load/loadServers.ts). Memory and event-loop delay are asserted against stated
// bounds, every log line is accounted for, and after stop nothing is left running and the heap is back at baseline.
// The extension itself polls only the pinned endpoint; every configured endpoint polled at the shortest interval it
// accepts is the upper bound of what it could be asked to do.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { printFigure } from './figures.js';

const ENDPOINTS = Number(process.env.LOAD_ENDPOINTS ?? 200);
const PODS = Number(process.env.LOAD_PODS ?? 50);
const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 60_000);
const LINES_PER_POD_PER_SECOND = 20;

/** Bounds for a VS Code extension host, which shares its process and event loop with every other extension. */
// Measured on an idle 2-core machine over 60 s: heap growth at peak ~145 MB (V8 lets promoted garbage pile up to its
// first full collection, ~215 MB here, then stays at 70-90 MB), live heap +6-15 MB, RSS +170 MB, loop p99 4-6 ms and
// max 15-50 ms; beside two busy processes p99 25 ms, max 46 ms; a CI run once saw a 233 ms max. p99 is the responsiveness bound; the max is a freeze
// a user would notice; the live heap is what 200 endpoints and 50 streams hold.
const BOUNDS = { heapPeakGrowthMB: 250, heapLiveGrowthMB: 40, rssGrowthMB: 300, loopP99Ms: 50, loopMaxMs: 500, heapAfterStopGrowthMB: 20 };

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const children: ChildProcess[] = [];
after(() => { for (const child of children) child.kill(); });

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

test(`${ENDPOINTS} endpoints polled and ${PODS} log streams followed for ${DURATION_MS / 1000} s: memory and event loop within bounds, no line lost, everything released`, { timeout: DURATION_MS + 120_000 }, async () => {
  const load = spawn(process.execPath, ['--import', 'tsx', here('./load/loadServers.ts')], { env: { ...process.env, LOAD_ENDPOINTS: String(ENDPOINTS), LOAD_PODS: String(PODS), LOAD_LINES_PER_SECOND: String(LINES_PER_POD_PER_SECOND) }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(load);
  const setup = await firstJsonLine(load, 120_000);
  const measured = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', here('./load/measure.ts')], { env: { ...process.env, LOAD_SETUP: JSON.stringify(setup), LOAD_DURATION_MS: String(DURATION_MS) }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(measured);
  const r = await firstJsonLine(measured, DURATION_MS + 60_000) as Record<string, number> & { stalls: string; streamErrors: string[]; resourcesAfterStop: string[] };
  if (r.stalls) console.log(`event-loop stalls over 100 ms (ms since start + length, CPU ms this process used meanwhile): ${r.stalls}`);
  printFigure('load', {
    endpoints: r.endpoints, streams: r.streams, durationS: r.durationS, checksPerSecond: r.checksPerSecond, unhealthy: r.unhealthy,
    linesPerSecond: r.linesPerSecond, linesWritten: r.linesWritten, linesLost: r.linesLost, linesRepeated: r.linesRepeated, reconnects: r.reconnects,
    rssBeforePeakAfterMB: `${r.rssBeforeMB}/${r.rssPeakMB}/${r.rssAfterMB}`, heapBeforePeakLiveAfterMB: `${r.heapBeforeMB}/${r.heapPeakMB}/${r.heapLiveMB}/${r.heapAfterMB}`,
    loopP50Ms: r.loopP50Ms, loopP99Ms: r.loopP99Ms, loopMaxMs: r.loopMaxMs, stallsOver100Ms: r.stallsOver100Ms,
    checksAfterStop: r.checksAfterStop, resourcesAfterStop: r.resourcesAfterStop.length,
  });
  assert.equal(r.endpoints, ENDPOINTS, 'every endpoint from the setting is registered');
  assert.equal(r.unhealthy, 0, 'every simulated endpoint stays healthy');
  assert.ok(r.checksPerSecond >= (ENDPOINTS / 2) * 0.8, `polls keep their 2 s interval (${r.checksPerSecond}/s)`);
  assert.ok(r.storeReports >= r.checks, 'every report reaches the health store');
  assert.deepEqual(r.streamErrors, [], 'no stream fails');
  assert.equal(r.linesLost, 0, 'no log line lost');
  assert.equal(r.linesRepeated, 0, 'no log line repeated or out of order');
  assert.equal(r.linesUnreadable, 0, 'every line arrives whole');
  assert.ok(r.linesPerSecond >= PODS * LINES_PER_POD_PER_SECOND * 0.9, `streams keep up with the pods (${r.linesPerSecond} lines/s)`);
  assert.ok(r.heapPeakMB - r.heapBeforeMB < BOUNDS.heapPeakGrowthMB, `heap growth at its peak under ${BOUNDS.heapPeakGrowthMB} MB`);
  assert.ok(r.heapLiveMB - r.heapBeforeMB < BOUNDS.heapLiveGrowthMB, `live heap under load within ${BOUNDS.heapLiveGrowthMB} MB of its baseline`);
  assert.ok(r.rssPeakMB - r.rssBeforeMB < BOUNDS.rssGrowthMB, `RSS growth under ${BOUNDS.rssGrowthMB} MB`);
  assert.ok(r.loopP99Ms < BOUNDS.loopP99Ms, `event-loop delay p99 under ${BOUNDS.loopP99Ms} ms`);
  assert.ok(r.loopMaxMs < BOUNDS.loopMaxMs, `event-loop delay max under ${BOUNDS.loopMaxMs} ms`);
  assert.equal(r.checksAfterStop, 0, 'no poller timer outlives stop');
  assert.deepEqual(r.resourcesAfterStop, [], 'no socket, timer or server left open after stop');
  assert.ok(r.heapAfterMB - r.heapBeforeMB < BOUNDS.heapAfterStopGrowthMB, `heap back within ${BOUNDS.heapAfterStopGrowthMB} MB of its baseline after stop and gc`);
});
