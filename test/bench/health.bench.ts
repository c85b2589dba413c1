// 50 endpoints checked in parallel (issue 8): our runHealthCheck (models + health route + metrics, verdicts, one
// dispatcher per endpoint) against 50 `curl -fsS …/v1/models` processes — the image-edit recipe's manual check — on the same
// simulated servers, in the same run. Goal: our full check of all 50 takes no longer than the curl fan-out.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fromConfig } from '../../src/core/endpoints/registry.js';
import { runHealthCheck } from '../../src/core/health/runHealthCheck.js';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';
import type { BenchResult } from './benchResult.js';
import { ms, summarize, table } from './stats.js';

const ENDPOINTS = 50;
const ROUNDS = 5;
const MODEL = 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL';

function curl(url: string): Promise<{ ok: boolean; body: string }> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-fsS', '--max-time', '10', url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let body = '';
    child.stdout.on('data', (d) => { body += d; });
    child.on('error', () => resolve({ ok: false, body }));
    child.on('close', (code) => resolve({ ok: code === 0, body }));
  });
}

export default async function healthBench(): Promise<BenchResult> {
  const servers: RunningInferenceServer[] = [];
  try {
    for (let i = 0; i < ENDPOINTS; i++) servers.push(await startInferenceServer('vllm-omni', { modelId: MODEL, faults: { latencyMs: 5 } }));
    const endpoints = servers.map((s, i) => fromConfig({ name: `e${i}`, baseUrl: `${s.url}/v1`, kind: 'openai', expectedModel: MODEL, headers: {}, insecureTls: false }));
    const ours: number[] = [];
    const theirs: number[] = [];
    let oursHealthy = 0;
    let curlOk = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let start = performance.now();
      const reports = await Promise.all(endpoints.map((e) => runHealthCheck(e, { timeoutMs: 10_000 })));
      ours.push(performance.now() - start);
      oursHealthy = reports.filter((r) => r.healthy).length;
      start = performance.now();
      const results = await Promise.all(servers.map((s) => curl(`${s.url}/v1/models`)));
      theirs.push(performance.now() - start);
      curlOk = results.filter((r) => r.ok && r.body.includes(MODEL)).length;
    }
    const o = summarize(ours);
    const t = summarize(theirs);
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : 'n/a');
    console.log(`${ENDPOINTS} simulated vLLM-omni servers (5 ms latency each), ${ROUNDS} rounds; ours: 3 requests + verdicts per endpoint, curl: 1 request`);
    console.log(table(
      ['', 'rounds', 'p50 (all 50)', 'max', 'mean', 'ok'],
      [
        ['ours: runHealthCheck ×50 in parallel', String(o.count), ms(o.p50), ms(Math.max(...ours)), ms(o.mean), `${oursHealthy}/${ENDPOINTS} healthy`],
        ['peer: 50 × curl -fsS /v1/models', String(t.count), ms(t.p50), ms(Math.max(...theirs)), ms(t.mean), `${curlOk}/${ENDPOINTS} served the model`],
        ['ratio ours/peer', '', ratio(o.p50, t.p50), '', ratio(o.mean, t.mean), ''],
      ],
    ));
    return {
      name: 'health',
      goals: [
        { description: `50 full health checks ≤ 50 curl processes, mean (ratio ${ratio(o.mean, t.mean)})`, met: o.mean <= t.mean },
        { description: `all ${ENDPOINTS} reported healthy (${oursHealthy})`, met: oursHealthy === ENDPOINTS },
      ],
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}
