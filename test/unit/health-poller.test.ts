// HealthPoller timing and cancellation with real timers: a delayed first check (many pollers spread over one
// interval), and only a check still running is ever aborted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthPoller } from '../../src/core/health/healthPoller.js';
import type { HealthReport } from '../../src/core/health/types.js';

const report = (healthy = true): HealthReport => ({ key: 'k', name: 'k', baseUrl: 'http://127.0.0.1:1/v1', healthy, status: healthy ? 'pass' : 'fail', checks: [], at: new Date().toISOString(), totalMs: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
};

test('start(delay) holds the first check back by the delay', async () => {
  const startedAt: number[] = [];
  const t0 = performance.now();
  const poller = new HealthPoller({ intervalMs: 10_000, check: async () => { startedAt.push(performance.now() - t0); return report(); }, onReport: () => undefined });
  try {
    poller.start(200);
    await sleep(120);
    assert.equal(startedAt.length, 0, 'no check before the delay');
    await until(() => startedAt.length === 1);
    assert.ok(startedAt[0] >= 195, `first check after ${startedAt[0]} ms`);
  } finally {
    poller.stop();
  }
});

test('a finished check is never aborted afterwards; stop aborts the one still running', async () => {
  const signals: AbortSignal[] = [];
  let hang = false;
  const poller = new HealthPoller({
    intervalMs: 20,
    check: (signal) => {
      signals.push(signal);
      if (!hang) return Promise.resolve(report());
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
    onReport: () => undefined,
  });
  try {
    poller.start();
    await until(() => signals.length >= 3);
    assert.deepEqual(signals.slice(0, 2).map((s) => s.aborted), [false, false], 'the next tick leaves the finished check alone');
    hang = true;
    const before = signals.length;
    await until(() => signals.length > before);
    const running = signals.at(-1)!;
    const finished = signals.at(-2)!;
    poller.stop();
    assert.equal(running.aborted, true, 'the running check is cancelled');
    assert.equal(finished.aborted, false, 'the finished one is not touched');
  } finally {
    poller.stop();
  }
});

test('runNow during a running check cancels it and starts another', async () => {
  const signals: AbortSignal[] = [];
  let calls = 0;
  const poller = new HealthPoller({
    intervalMs: 10_000,
    check: (signal) => {
      signals.push(signal);
      calls++;
      if (calls === 1) return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      return Promise.resolve(report());
    },
    onReport: () => undefined,
  });
  try {
    poller.start();
    await until(() => signals.length === 1);
    const second = await poller.runNow();
    assert.equal(signals[0].aborted, true);
    assert.equal(second?.healthy, true);
    assert.equal(signals[1].aborted, false);
  } finally {
    poller.stop();
  }
});
