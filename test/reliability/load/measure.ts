// The measured side of the load test: what the extension host would hold — one health poller per endpoint over a
// shared dispatcher, and a followed log stream per pod — for a bounded time. Prints one JSON line of figures.
// Run with --expose-gc so that memory is read after collections.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fromConfig } from '../../../src/core/endpoints/registry.js';
import { createDispatcher } from '../../../src/core/http/dispatcher.js';
import { HealthPoller } from '../../../src/core/health/healthPoller.js';
import { runHealthCheck } from '../../../src/core/health/runHealthCheck.js';
import { openKube } from '../../../src/core/launch/kubeAccess.js';
import { streamLogs } from '../../../src/core/logs/endpointLogs.js';

interface Setup { kubeconfig: string; namespace: string; pods: string[]; endpoints: { url: string; model: string }[] }

const setup = JSON.parse(process.env.LOAD_SETUP!) as Setup;
const durationMs = Number(process.env.LOAD_DURATION_MS ?? 30_000);
const intervalMs = Number(process.env.LOAD_INTERVAL_MS ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

async function main() {
  gc();
  const before = process.memoryUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const dispatcher = createDispatcher({ timeoutMs: 5000 });
  let checks = 0;
  let unhealthy = 0;
  const pollers = setup.endpoints.map((e, i) => new HealthPoller({
    intervalMs,
    check: (signal) => runHealthCheck(fromConfig({ name: `load-${i}`, kind: 'openai', baseUrl: `${e.url}/v1`, expectedModel: e.model, headers: {}, insecureTls: false }), { dispatcher, signal, timeoutMs: 5000 }),
    onReport: (report) => {
      checks++;
      if (!report.healthy) unhealthy++;
    },
  }));
  const kube = openKube({ kubeconfig: setup.kubeconfig });
  // One Stream Logs command per pod, as a user would open them: each has its own cancellation.
  const controllers = setup.pods.map(() => new AbortController());
  const received = new Map(setup.pods.map((p) => [p, 0]));
  const started = performance.now();
  // Spread over one interval, as any poller of many endpoints should: 200 checks fired in the same tick is a burst.
  pollers.forEach((poller, i) => poller.start((i * intervalMs) / pollers.length));
  const streams = setup.pods.map((pod, i) => streamLogs(kube.transport, { namespace: setup.namespace, pod }, { follow: true }, () => received.set(pod, received.get(pod)! + 1), controllers[i].signal));
  const stalls: string[] = [];
  let lastTick = performance.now();
  const stallProbe = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 100) stalls.push(`${Math.round(lastTick - started)}ms+${Math.round(now - lastTick - 20)}`);
    lastTick = now;
  }, 20);
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 250);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const elapsedS = (performance.now() - started) / 1000;
  loop.disable();
  clearInterval(sampler);
  clearInterval(stallProbe);
  for (const poller of pollers) poller.stop();
  for (const c of controllers) c.abort();
  await Promise.allSettled(streams);
  kube.close();
  await dispatcher.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const afterStop = process.memoryUsage();
  const lines = [...received.values()].reduce((a, b) => a + b, 0);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => (h as { constructor?: { name?: string } }).constructor?.name === 'Socket' && !(h as { destroyed?: boolean }).destroyed && h !== process.stdout && h !== process.stderr && h !== process.stdin);
  process.stdout.write(`${JSON.stringify({
    endpoints: setup.endpoints.length, streams: setup.pods.length, durationS: Math.round(elapsedS), checks, unhealthy, checksPerSecond: Math.round(checks / elapsedS),
    linesPerSecond: Math.round(lines / elapsedS), lines, receivedPerPod: Object.fromEntries(received),
    rssBeforeMB: mb(before.rss), rssPeakMB: mb(peakRss), rssAfterMB: mb(afterStop.rss),
    heapBeforeMB: mb(before.heapUsed), heapPeakMB: mb(peakHeap), heapAfterMB: mb(afterStop.heapUsed),
    loopP50Ms: Math.round(loop.percentile(50) / 1e5) / 10, loopP99Ms: Math.round(loop.percentile(99) / 1e5) / 10, loopMaxMs: Math.round(loop.max / 1e5) / 10,
    openSocketsAfterStop: handles.length, stallsOver100Ms: stalls.length, stalls: stalls.slice(0, 10).join(' '),
  })}\n`);
}

void main();
