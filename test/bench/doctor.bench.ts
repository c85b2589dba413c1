// Log ingest with the failure doctor on: lines/second of StreamingDoctor over a large synthetic vLLM log
// (healthy start-up and request logs with failures sprinkled in), against `grep -E` with the same combined
// keyword pattern over the same file, spawned in the same run. Goal (issue 15): at least half grep's throughput;
// log ingest against kubectl logs is logs.bench.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { combinedKeywordPattern } from '../../src/core/doctor/prefilter.js';
import { StreamingDoctor } from '../../src/core/doctor/streamingDoctor.js';
import { LineBlockSplitter } from '../../src/core/logs/lineBlockSplitter.js';
import type { BenchResult } from './benchResult.js';
import { seededRandom, table } from './stats.js';

const LINES = 500_000;
const FAILURE_EVERY = 5_000;
const RUNS = 3;
const FIXTURES = join(__dirname, '../fixtures/logs');

export default async function doctorBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ies-doctor-bench-'));
  try {
    const file = join(dir, 'vllm.log');
    const { text, failures } = syntheticLog(LINES);
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    console.log(`log: ${LINES.toLocaleString()} lines, ${(bytes / 1e6).toFixed(1)} MB, ${failures} failure lines sprinkled in; best of ${RUNS}`);

    const lines = text.split('\n');
    const inMemory = best(RUNS, () => {
      const doctor = new StreamingDoctor();
      for (const line of lines) doctor.feed(line, 'pod/vllm container/main');
      return doctor.findings().length;
    });
    const inMemoryBlock = best(RUNS, () => {
      const doctor = new StreamingDoctor();
      doctor.feedBlock(text, 'pod/vllm container/main');
      return doctor.findings().length;
    });
    const fromFile = await bestAsync(RUNS, () => streamFile(file));
    const pattern = combinedKeywordPattern();
    const grep = best(RUNS, () => {
      const result = spawnSync('grep', ['-E', '-c', pattern, file], { encoding: 'utf8' });
      if (result.error || result.status === 2) throw new Error(`grep -E failed: ${result.error?.message ?? result.stderr}`);
      return Number(result.stdout.trim());
    });

    const rate = (ms: number) => LINES / (ms / 1000);
    const fmt = (ms: number) => `${(rate(ms) / 1e6).toFixed(2)} M lines/s`;
    const ratio = rate(fromFile.ms) / rate(grep.ms);
    console.log(
      table(
        ['', 'best time', 'throughput', 'result'],
        [
          ['ours: StreamingDoctor.feed, line by line in memory', `${inMemory.ms.toFixed(0)} ms`, fmt(inMemory.ms), `${inMemory.value} findings`],
          ['ours: StreamingDoctor.feedBlock, text in memory', `${inMemoryBlock.ms.toFixed(0)} ms`, fmt(inMemoryBlock.ms), `${inMemoryBlock.value} findings`],
          ['ours: file → blocks of lines → feedBlock', `${fromFile.ms.toFixed(0)} ms`, fmt(fromFile.ms), `${fromFile.value} findings`],
          ['peer: grep -E -c <same pattern> (spawned)', `${grep.ms.toFixed(0)} ms`, fmt(grep.ms), `${grep.value} matching lines`],
          ['ratio ours(file)/peer', '', `${ratio.toFixed(2)}×`, ''],
        ],
      ),
    );
    return {
      name: 'doctor',
      goals: [
        { description: `doctor alone from a file ≥ 0.5× grep -E's throughput with the same keyword set (${ratio.toFixed(2)}×)`, met: ratio >= 0.5 },
        { description: `doctor ≥ 1M lines/s on lines in memory (${(rate(inMemory.ms) / 1e6).toFixed(2)} M)`, met: rate(inMemory.ms) >= 1e6 },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the file in 1 MB chunks and feeds each chunk's whole lines as one block, as `ies doctor --log-file` does. */
async function streamFile(file: string): Promise<number> {
  const doctor = new StreamingDoctor();
  const splitter = new LineBlockSplitter((text, from, to) => doctor.feedBlock(text, 'pod/vllm container/main', from, to));
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) splitter.push(chunk as Buffer);
  splitter.end();
  return doctor.findings().length;
}

function syntheticLog(count: number): { text: string; failures: number } {
  const random = seededRandom(7);
  const healthy = ['healthy-vllm.log', 'healthy-vllm-omni.log', 'healthy-nim.log'].flatMap((n) => readFileSync(join(FIXTURES, n), 'utf8').split('\n')).filter(Boolean);
  const failing = ['vllm-omni-shm-engine-core.log', 'cuda-oom.log', 'kv-cache-too-small.log', 'nccl-shm.log', 'hf-gated.log', 'vllm-under-nim-probes.log'].flatMap((n) => readFileSync(join(FIXTURES, n), 'utf8').split('\n')).filter(Boolean);
  const out: string[] = [];
  let failures = 0;
  for (let i = 0; i < count; i++) {
    if (i % FAILURE_EVERY === FAILURE_EVERY - 1) {
      out.push(failing[Math.floor(random() * failing.length)]);
      failures++;
    } else {
      out.push(healthy[Math.floor(random() * healthy.length)]);
    }
  }
  return { text: out.join('\n') + '\n', failures };
}

function best<T>(runs: number, run: () => T): { ms: number; value: T } {
  let result = { ms: Infinity, value: undefined as T };
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const value = run();
    const ms = performance.now() - start;
    if (ms < result.ms) result = { ms, value };
  }
  return result;
}

async function bestAsync<T>(runs: number, run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let result = { ms: Infinity, value: undefined as T };
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const value = await run();
    const ms = performance.now() - start;
    if (ms < result.ms) result = { ms, value };
  }
  return result;
}
