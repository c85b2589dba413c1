// The measured side of the load test: what the extension host would hold, built from the objects it uses — the
// endpoints setting parsed into the EndpointRegistry, the EndpointChecker (one dispatcher per endpoint), a
// HealthPoller per endpoint recording into the HealthStore, and a Stream Logs per pod (its own cluster connection,
// follow, the command's default tail of 500). Runs for a bounded time, then stops everything and checks that it was
// released. Prints one JSON line of figures. Run with --expose-gc so memory is read after collections.
import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseEndpointConfigs } from '../../../src/core/endpoints/endpointConfig.js';
import { EndpointRegistry } from '../../../src/core/endpoints/registry.js';
import { HealthPoller } from '../../../src/core/health/healthPoller.js';
import { HealthStore } from '../../../src/core/health/healthStore.js';
import { resolveProxy } from '../../../src/core/http/proxy.js';
import { openKube } from '../../../src/core/kube/kubeAccess.js';
import { streamLogs } from '../../../src/core/logs/endpointLogs.js';
import { EndpointChecker } from '../../../src/extension/health/endpointChecker.js';
import { SeqTracker } from './logLines.js';

interface Setup { kubeconfig: string; namespace: string; pods: string[]; control: string; endpoints: { url: string; model: string }[] }

const setup = JSON.parse(process.env.LOAD_SETUP!) as Setup;
const durationMs = Number(process.env.LOAD_DURATION_MS ?? 60_000);
/** The smallest `health.intervalSeconds` the extension accepts: the most polling a user can ask for. */
const intervalMs = 2000;
/** Stream Logs commands opened one after another, as quickly as a user could, rather than all in one tick. */
const streamOpenGapMs = 100;
const loopResolutionMs = 10;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function controlGet(path: string): Promise<{ written: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    request(`${setup.control}${path}`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject).end();
  });
}

/** Everything the extension host would hold lives in here, so that after it returns only a leak can keep it alive. */
async function runLoad() {
  const settings = setup.endpoints.map((e, i) => ({ name: `load-${i}`, kind: 'openai', baseUrl: `${e.url}/v1`, expectedModel: e.model }));
  const { endpoints, problems } = parseEndpointConfigs(settings);
  if (problems.length) throw new Error(`settings rejected: ${JSON.stringify(problems)}`);
  const registry = new EndpointRegistry();
  registry.setUserEndpoints(endpoints);
  const store = new HealthStore();
  let storeChanges = 0;
  const decorations = store.onDidChange(() => { storeChanges++; });
  const checker = new EndpointChecker({ apiKey: async () => undefined, proxyFor: (url) => resolveProxy(url, {}), timeoutMs: () => 5000, log: () => undefined });

  const loop = monitorEventLoopDelay({ resolution: loopResolutionMs });
  loop.enable();
  let checksStarted = 0;
  let reports = 0;
  let unhealthy = 0;
  const pollers = registry.all().map((endpoint) => new HealthPoller({
    intervalMs,
    check: (signal) => { checksStarted++; return checker.check(endpoint, signal); },
    onReport: (report) => {
      store.set(report);
      reports++;
      if (!report.healthy) unhealthy++;
    },
  }));
  const started = performance.now();
  pollers.forEach((poller, i) => poller.start((i * intervalMs) / pollers.length));

  const trackers = new Map(setup.pods.map((pod) => [pod, new SeqTracker()]));
  const controllers = setup.pods.map(() => new AbortController());
  const kubes: Array<{ close(): void }> = [];
  let reconnects = 0;
  const streams = setup.pods.map(async (pod, i) => {
    await sleep(i * streamOpenGapMs);
    const kube = openKube({ kubeconfig: setup.kubeconfig });
    kubes.push(kube);
    const tracker = trackers.get(pod)!;
    await streamLogs(kube.transport, { namespace: setup.namespace, pod }, { follow: true, tailLines: 500, onReconnect: () => { reconnects++; } }, (_text, line) => tracker.add(line.text), controllers[i].signal);
  });
  const streamErrors: string[] = [];
  streams.forEach((s, i) => s.catch((error: Error) => { if (!controllers[i].signal.aborted) streamErrors.push(`${setup.pods[i]}: ${error.message}`); }));

  // Long stalls, with when they happened and the CPU this process used meanwhile: a stall with little CPU is the
  // machine not scheduling us (another process's load), one with as much CPU as wall time is our own code blocking.
  const stalls: string[] = [];
  let lastTick = performance.now();
  let lastCpu = process.cpuUsage();
  const stallProbe = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    if (now - lastTick > 120) stalls.push(`${Math.round(lastTick - started)}ms+${Math.round(now - lastTick - 20)}(cpu ${Math.round((cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000)})`);
    lastTick = now;
    lastCpu = cpu;
  }, 20);
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 250);
  await sleep(durationMs);
  const elapsedS = (performance.now() - started) / 1000;
  loop.disable();
  clearInterval(sampler);
  clearInterval(stallProbe);
  // What the load holds, with everything still running: a collection now leaves only what is live. (The peak is heapUsed as V8
  // lets it grow, garbage included: here its first full collection under this load came only near 215 MB.)
  gc();
  const liveHeap = process.memoryUsage().heapUsed;
  const sum = (f: (t: SeqTracker) => number) => [...trackers.values()].reduce((a, t) => a + f(t), 0);
  const linesInWindow = sum((t) => t.received);
  const reportsInWindow = reports;

  // Stop the pods writing, then give the streams a moment to deliver the rest: anything missing after that is lost.
  const { written } = await controlGet('/stop-writing');
  const drainDeadline = performance.now() + 10_000;
  while (setup.pods.some((pod) => trackers.get(pod)!.last < written[pod] - 1) && performance.now() < drainDeadline) await sleep(50);

  for (const poller of pollers) poller.stop();
  const checksAtStop = checksStarted;
  for (const c of controllers) c.abort();
  await Promise.allSettled(streams);
  for (const kube of kubes) kube.close();
  checker.dispose();
  decorations.dispose();
  // Longer than a poll interval: a poller timer left behind would have started a check by now.
  await sleep(intervalMs + 500);

  const loopMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - loopResolutionMs) * 10) / 10);
  return {
    endpoints: registry.all().length, streams: setup.pods.length, durationS: Math.round(elapsedS),
    checks: reportsInWindow, unhealthy, checksPerSecond: Math.round(reportsInWindow / elapsedS), storeReports: storeChanges,
    checksAfterStop: checksStarted - checksAtStop,
    lines: linesInWindow, linesPerSecond: Math.round(linesInWindow / elapsedS),
    linesWritten: Object.values(written).reduce((a, b) => a + b, 0),
    linesLost: setup.pods.reduce((a, pod) => a + trackers.get(pod)!.lost(written[pod]), 0),
    linesRepeated: sum((t) => t.repeats), linesUnreadable: sum((t) => t.unreadable), reconnects, streamErrors,
    rssPeakMB: mb(peakRss), heapPeakMB: mb(peakHeap), heapLiveMB: mb(liveHeap),
    // monitorEventLoopDelay's samples are the whole timer period; the delay is what exceeds the resolution.
    loopP50Ms: loopMs(loop.percentile(50)), loopP99Ms: loopMs(loop.percentile(99)), loopMaxMs: loopMs(loop.max),
    stallsOver100Ms: stalls.length, stalls: stalls.slice(0, 10).join(' '),
  };
}

async function main() {
  gc();
  const before = process.memoryUsage();
  const figures = await runLoad();
  gc();
  const after = process.memoryUsage();
  // What would keep the extension host busy after everything stopped (the stdout pipe is ours).
  const resourcesAfterStop = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
  process.stdout.write(`${JSON.stringify({
    ...figures, rssBeforeMB: mb(before.rss), rssAfterMB: mb(after.rss), heapBeforeMB: mb(before.heapUsed), heapAfterMB: mb(after.heapUsed), resourcesAfterStop,
  })}\n`);
}

void main();
