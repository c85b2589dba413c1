// Log ingest with the failure doctor on (issue 7): our reconnecting log stream feeding the StreamingDoctor, against
// `kubectl logs -f > /dev/null` on the same simulated container log, same run. Goal: ≥ 1.0× kubectl's throughput.
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StreamingDoctor } from '../../src/core/doctor/index.js';
import { fromKubeConfig } from '../../src/core/kube/kubeAccess.js';
import { loadKubeConfig } from '../../src/core/kube/kubeAccess.js';
import { streamContainerLog } from '../../src/core/logs/containerLogStream.js';
import type { BenchResult } from './benchResult.js';
import { ms, summarize, table } from './stats.js';

const LINES = 200_000;
const ROUNDS = 3;
const NS = 'bench';
const POD = 'vllm-0';
const CONTAINER = 'main';

function kubectlLogs(kubeconfig: string, cacheDir: string, extra: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = performance.now();
    const child = spawn('/usr/bin/kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'logs', '-f', ...extra, '-n', NS, POD, '-c', CONTAINER], { stdio: ['ignore', devNull, 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(devNull);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`kubectl logs exited ${code}`));
    });
  });
}

export default async function logsBench(): Promise<BenchResult> {
  // The API server runs in its own process, as a real one does for both clients.
  const server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'logSimProcess.ts'), NS, POD, CONTAINER, String(LINES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    server.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  const sim = { kubeconfigPath: kubeconfig };
  try {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ies-bench-kubectl-'));
    const kube = fromKubeConfig(loadKubeConfig(sim.kubeconfigPath));
    const ours: number[] = [];
    const peer: number[] = [];
    const peerStamped: number[] = [];
    let received = 0;
    let findings: string[] = [];
    await kubectlLogs(sim.kubeconfigPath, cacheDir); // warm kubectl's discovery cache
    for (let round = 0; round < ROUNDS; round++) {
      peer.push(await kubectlLogs(sim.kubeconfigPath, cacheDir));
      peerStamped.push(await kubectlLogs(sim.kubeconfigPath, cacheDir, ['--timestamps']));
      const doctor = new StreamingDoctor({ source: `${POD}/${CONTAINER}` });
      received = 0;
      const started = performance.now();
      await streamContainerLog(kube.transport, { namespace: NS, pod: POD, container: CONTAINER }, { follow: true }, (line) => {
        received++;
        doctor.feed(line.text);
      }, new AbortController().signal, { maxAttempts: 0 });
      ours.push(performance.now() - started);
      findings = doctor.findings().map((f) => f.signature);
    }
    const o = summarize(ours);
    const p = summarize(peer);
    const ps = summarize(peerStamped);
    const oursRate = LINES / (o.p50 / 1000);
    const peerRate = LINES / (p.p50 / 1000);
    console.log(`log: ${LINES.toLocaleString('en-US')} lines from the simulated API server (pods/log?follow=true), ${ROUNDS} rounds; ours received ${received.toLocaleString('en-US')} lines, doctor found ${findings.join(', ') || 'nothing'}`);
    console.log(table(['', 'p50', 'min', 'lines/s (p50)'], [
      ['ours: streamContainerLog → StreamingDoctor', ms(o.p50), ms(Math.min(...ours)), `${(oursRate / 1e6).toFixed(2)} M`],
      ['peer: kubectl logs -f > /dev/null', ms(p.p50), ms(Math.min(...peer)), `${(peerRate / 1e6).toFixed(2)} M`],
      // Ours asks for timestamps: they make reconnects lossless (sinceTime + de-duplication).
      ['peer: kubectl logs -f --timestamps > /dev/null', ms(ps.p50), ms(Math.min(...peerStamped)), `${(LINES / (ps.p50 / 1000) / 1e6).toFixed(2)} M`],
      ['throughput ratio ours/peer', '', '', (oursRate / peerRate).toFixed(2) + '×'],
    ]));
    return {
      name: 'logs',
      goals: [
        { description: `log ingest with the doctor ≥ 1.0× kubectl logs -f throughput (${(oursRate / peerRate).toFixed(2)}×)`, met: oursRate >= peerRate },
        { description: `every line received and the root cause found (${received}/${LINES}, ${findings[0] ?? 'none'})`, met: received === LINES && findings[0] === 'disk-full' },
      ],
    };
  } finally {
    server.kill('SIGTERM');
  }
}
