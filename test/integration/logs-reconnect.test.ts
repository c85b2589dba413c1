import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openKube } from '../../src/core/kube/kubeAccess.js';
import { streamLogs } from '../../src/core/logs/endpointLogs.js';
import { parseLogFilter } from '../../src/core/logs/logFilter.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { droppingProxy, ScriptedLogs } from './logs-harness.js';

const NS = 'logs';

function pod(name: string, containers: string[], running = true, app = 'ep') {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': app } },
    spec: { nodeName: 'n', containers: containers.map((c) => ({ name: c, image: 'x' })) },
    status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c, restartCount: 0, ready: true, state: running ? { running: { startedAt: '2025-01-01T00:00:00Z' } } : { terminated: { exitCode: 0, reason: 'Completed' } } })) },
  };
}

describe('log streaming with injected connection drops', () => {
  let sim: Simulator;
  const logs = new ScriptedLogs();
  before(async () => {
    sim = await startSimulator({ logs, seed: (ctx) => { ctx.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }); } });
  });
  after(() => sim.stop());

  test('follow through ~dozens of mid-line drops: every line exactly once, in order, then stops when the container ends', async () => {
    sim.store.create('pods', pod('p1', ['main'], true, 'single'));
    const proxy = await droppingProxy(new URL(sim.url), () => 3000 + Math.floor(Math.random() * 6000));
    const kubeconfig = join(dirname(sim.kubeconfigPath), 'proxied');
    writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath, 'utf8').split(new URL(sim.url).host).join(`127.0.0.1:${proxy.port}`));
    const kube = openKube({ kubeconfig });
    const key = `${NS}/p1/main`;
    const expected: string[] = [];
    let n = 0;
    const base = Date.now();
    for (; n < 500; n++) {
      const text = `line ${n} ${'x'.repeat(n % 90)}`;
      expected.push(text);
      logs.write(key, text, new Date(base + Math.floor(n / 4)));
    }
    const received: string[] = [];
    const controller = new AbortController();
    let reconnects = 0;
    const done = streamLogs(kube.transport, { namespace: NS, pod: 'p1' }, { follow: true, initialDelayMs: 5, onReconnect: () => reconnects++ }, (text) => received.push(text), controller.signal);
    // Keep writing while the stream runs, four lines per millisecond, with repeated texts.
    for (let batch = 0; batch < 40; batch++) {
      await new Promise((r) => setTimeout(r, 10));
      for (let i = 0; i < 50; i++, n++) {
        const text = i % 10 === 0 ? 'repeated text' : `line ${n} ${'y'.repeat(n % 70)}`;
        expected.push(text);
        logs.write(key, text, new Date(base + 200 + Math.floor(n / 4)));
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    const stored = sim.store.get('pods', NS, 'p1')!;
    sim.store.update('pods', { ...stored, status: pod('p1', ['main'], false).status } as never);
    logs.end(key);
    const timer = setTimeout(() => controller.abort(), 20_000);
    await done;
    clearTimeout(timer);
    kube.close();
    proxy.server.close();
    assert.ok(proxy.drops() >= 5, `only ${proxy.drops()} drops`);
    assert.ok(reconnects >= proxy.drops() - 1);
    assert.equal(received.length, expected.length, `lost or repeated lines after ${proxy.drops()} drops`);
    assert.deepEqual(received, expected);
  });

  test('the first requests cut before a byte arrives or in the middle of the answer (pod lookup included): retried, every line still read once', async () => {
    sim.store.create('pods', pod('cut-early', ['main'], false, 'cut-early'));
    const key = `${NS}/cut-early/main`;
    const t = Date.now();
    for (let i = 0; i < 50; i++) logs.write(key, `early ${i}`, new Date(t + i));
    let connections = 0;
    // Three connections cut at once, three after 300 bytes: past the headers, inside the pod's JSON.
    const proxy = await droppingProxy(new URL(sim.url), () => (++connections <= 3 ? 1 : connections <= 6 ? 300 : 1_000_000));
    const kubeconfig = join(dirname(sim.kubeconfigPath), 'cut-early');
    writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath, 'utf8').split(new URL(sim.url).host).join(`127.0.0.1:${proxy.port}`));
    const kube = openKube({ kubeconfig });
    const out: string[] = [];
    try {
      await streamLogs(kube.transport, { namespace: NS, pod: 'cut-early' }, { initialDelayMs: 5 }, (text) => out.push(text), new AbortController().signal);
    } finally {
      kube.close();
      proxy.server.close();
    }
    assert.ok(proxy.drops() >= 6, `the first connections were cut (${proxy.drops()})`);
    assert.deepEqual(out, Array.from({ length: 50 }, (_, i) => `early ${i}`));
  });

  test('all pods of an endpoint, all containers, merged by time with prefixes; tail and filter', async () => {
    sim.store.create('pods', pod('ep-a', ['main', 'sidecar'], false));
    sim.store.create('pods', pod('ep-b', ['main'], false));
    const t = Date.now();
    logs.write(`${NS}/ep-a/main`, 'a1', new Date(t));
    logs.write(`${NS}/ep-b/main`, 'b1', new Date(t + 1));
    logs.write(`${NS}/ep-a/sidecar`, 's1', new Date(t + 2));
    logs.write(`${NS}/ep-a/main`, 'a2 ERROR boom', new Date(t + 3));
    logs.write(`${NS}/ep-b/main`, 'b2 error too', new Date(t + 4));
    const kube = openKube({ kubeconfig: sim.kubeconfigPath });
    const out: string[] = [];
    await streamLogs(kube.transport, { namespace: NS, selector: 'app.kubernetes.io/name=ep', allContainers: true }, {}, (text) => out.push(text), new AbortController().signal);
    assert.deepEqual(out, ['[ep-a/main] a1', '[ep-b/main] b1', '[ep-a/sidecar] s1', '[ep-a/main] a2 ERROR boom', '[ep-b/main] b2 error too']);
    const filtered: string[] = [];
    await streamLogs(kube.transport, { namespace: NS, selector: 'app.kubernetes.io/name=ep' }, { tailLines: 1, filter: parseLogFilter('error'), timestamps: true }, (text) => filtered.push(text), new AbortController().signal);
    assert.equal(filtered.length, 2);
    assert.match(filtered[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z \[ep-a\/main\] a2 ERROR boom$/);
    kube.close();
  });
});
