// The load side of the load test, in its own process: a simulated cluster whose pods write numbered log lines
// steadily and many simulated vLLM servers. Prints one JSON line with what the measured side needs, then runs until
// killed. A loopback control route stops the writers and answers how many lines each pod wrote, so the measured
// side can count what it lost.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../src/sim/index.js';
import { startVllmVlmServer } from '../../../src/sim/servers/vllmVlmServer.js';
import { ScriptedLogs } from '../../integration/logs-harness.js';
import { logLine } from './logLines.js';

const endpoints = Number(process.env.LOAD_ENDPOINTS ?? 200);
const pods = Number(process.env.LOAD_PODS ?? 50);
const linesPerPodPerSecond = Number(process.env.LOAD_LINES_PER_SECOND ?? 20);
const NS = 'load';

async function main() {
  const logs = new ScriptedLogs();
  const sim = await startSimulator({ logs, seed: (ctx) => { ctx.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }); } });
  const names = Array.from({ length: pods }, (_, i) => `server-${i}`);
  for (const name of names) {
    sim.store.create('pods', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { app: name } },
      spec: { nodeName: 'n', containers: [{ name: 'main', image: 'vllm' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 0, ready: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] },
    } as never);
  }
  const servers = [];
  for (let i = 0; i < endpoints; i++) servers.push(await startVllmVlmServer({ timing: { firstTokenMs: 1, perTokenMs: 1 } }));
  const written = new Map(names.map((n) => [n, 0]));
  const tickMs = 50;
  const writer = setInterval(() => {
    const now = new Date();
    for (const name of names) {
      for (let i = 0; i < (linesPerPodPerSecond * tickMs) / 1000; i++) {
        const n = written.get(name)!;
        logs.write(`${NS}/${name}/main`, logLine(name, n, now), now);
        written.set(name, n + 1);
      }
    }
  }, tickMs);
  const control = createServer((req, res) => {
    if (req.url === '/stop-writing') clearInterval(writer);
    res.setHeader('connection', 'close');
    res.end(JSON.stringify({ written: Object.fromEntries(written) }));
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'ies-load-')), 'kubeconfig');
  writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath, 'utf8'));
  process.stdout.write(`${JSON.stringify({
    ready: true, kubeconfig, namespace: NS, pods: names, control: `http://127.0.0.1:${(control.address() as { port: number }).port}`,
    endpoints: servers.map((s) => ({ url: s.url, model: s.modelId })),
  })}\n`);
}

void main();
