// Log chaos: several pods' logs followed at once through a proxy that cuts every connection after a random number
// of bytes — mid-line, between lines, and during the reconnect's own first bytes. The lines the log view receives
// must equal each container's lines exactly: none lost, none repeated, in order, repeated texts and equal
// timestamps included.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { openKube } from '../../src/core/kube/kubeAccess.js';
import { streamLogs } from '../../src/core/logs/endpointLogs.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { droppingProxy, ScriptedLogs } from '../integration/logs-harness.js';
import { printFigure } from './figures.js';
import { Random, seedFromEnv } from './fuzz/random.js';

const NS = 'chaos-logs';
const PODS = Number(process.env.LOG_CHAOS_PODS) || 6;
const LINES_PER_POD = Number(process.env.LOG_CHAOS_LINES) || 3000;
const seed = seedFromEnv('CHAOS_SEED');

let sim: Simulator;
const logs = new ScriptedLogs();
before(async () => {
  sim = await startSimulator({ logs, seed: (ctx) => { ctx.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }); } });
});
after(() => sim?.stop());

function pod(name: string, running: boolean) {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { app: name } },
    spec: { nodeName: 'n', containers: [{ name: 'main', image: 'vllm' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 0, ready: true, state: running ? { running: { startedAt: '2026-01-01T00:00:00Z' } } : { terminated: { exitCode: 0, reason: 'Completed' } } }] },
  };
}

/** Lines missing from `received` and lines in it more often than written (multiset difference), and whether the
 * order differs. */
function compare(expected: string[], received: string[]): { lost: number; repeated: number; reordered: boolean } {
  const counts = new Map<string, number>();
  for (const line of expected) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of received) counts.set(line, (counts.get(line) ?? 0) - 1);
  let lost = 0;
  let repeated = 0;
  for (const c of counts.values()) c > 0 ? (lost += c) : (repeated -= c);
  return { lost, repeated, reordered: !lost && !repeated && expected.some((line, i) => received[i] !== line) };
}

test(`${PODS} pods × ${LINES_PER_POD} lines followed through random cuts: 0 lost, 0 repeated`, { timeout: 300_000 }, async () => {
  const random = new Random(seed);
  // A fifth of the connections are cut within their first 200 bytes: the reconnect itself is interrupted.
  const proxy = await droppingProxy(new URL(sim.url), () => (random.chance(0.2) ? 1 + random.int(200) : 500 + random.int(8000)));
  const kubeconfig = join(dirname(sim.kubeconfigPath), 'log-chaos');
  writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath, 'utf8').split(new URL(sim.url).host).join(`127.0.0.1:${proxy.port}`));
  const kube = openKube({ kubeconfig });
  const names = Array.from({ length: PODS }, (_, i) => `server-${i}`);
  for (const name of names) sim.store.create('pods', pod(name, true) as never);

  const expected = new Map(names.map((n) => [n, [] as string[]]));
  const received = new Map(names.map((n) => [n, [] as string[]]));
  const base = Date.now();
  let clock = 0;
  const write = (name: string, i: number) => {
    // Repeated texts and four lines per millisecond: dedupe by text or by timestamp alone would lose lines.
    const text = i % 7 === 0 ? 'INFO:     127.0.0.1 - "GET /health HTTP/1.1" 200 OK' : `${name} step ${i} ${'·'.repeat(random.int(120))}`;
    expected.get(name)!.push(text);
    logs.write(`${NS}/${name}/main`, text, new Date(base + Math.floor(clock++ / 4)));
  };
  for (const name of names) for (let i = 0; i < LINES_PER_POD / 3; i++) write(name, i);

  let reconnects = 0;
  const controller = new AbortController();
  const streams = names.map((name) => streamLogs(kube.transport, { namespace: NS, pod: name }, { follow: true, initialDelayMs: 5, onReconnect: () => reconnects++ }, (text) => received.get(name)!.push(text), controller.signal));
  // Awaited together from the start: a stream that fails while lines are still being written is reported, not unhandled.
  const allStreams = Promise.all(streams);
  allStreams.catch(() => undefined);
  for (let i = Math.floor(LINES_PER_POD / 3); i < LINES_PER_POD; i += 20) {
    await new Promise((resolve) => setTimeout(resolve, 5 + random.int(20)));
    for (const name of names) for (let j = i; j < Math.min(i + 20, LINES_PER_POD); j++) write(name, j);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const name of names) {
    sim.store.update('pods', { ...sim.store.get('pods', NS, name)!, status: pod(name, false).status } as never);
    logs.end(`${NS}/${name}/main`);
  }
  const guard = setTimeout(() => controller.abort(), 60_000);
  try {
    await allStreams;
  } finally {
    // A stream that failed must not leave the others reconnecting after the test.
    clearTimeout(guard);
    controller.abort();
    kube.close();
    proxy.server.close();
  }

  let lost = 0;
  let repeated = 0;
  let reordered = 0;
  for (const name of names) {
    const result = compare(expected.get(name)!, received.get(name)!);
    lost += result.lost;
    repeated += result.repeated;
    if (result.reordered) reordered++;
  }
  printFigure('log-chaos', { seed, pods: PODS, linesWritten: PODS * LINES_PER_POD, cuts: proxy.drops(), reconnects, linesLost: lost, linesRepeated: repeated, podsOutOfOrder: reordered });
  assert.ok(proxy.drops() >= 20, `enough cuts (${proxy.drops()})`);
  assert.equal(lost, 0, `seed ${seed}: lines lost`);
  assert.equal(repeated, 0, `seed ${seed}: lines repeated`);
  assert.equal(reordered, 0, `seed ${seed}: lines out of order`);
});
