// ies bench's pure parts: SLO parsing and checks, mergeable histograms, the knee and its sentence, the seeded dataset,
// Poisson gaps, failure kinds, compare, and the documented JSON Schema kept equal to the zod schema.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  benchResultJsonSchema, buildDataset, compareResults, DatasetError, findKnee, kneeSentence, LatencyHistogram, LevelAccumulator, meetsSlo,
  parseSlo, promptOfTokens, readBenchResult, readImageFolder, SloSyntaxError, type BenchResult, type LevelResult, type RequestSample,
} from '../../src/core/bench/index';
import { classifyFailure } from '../../src/core/bench/classifyFailure';
import { poissonGaps, seededRandom } from '../../src/core/bench/random';
import { DEFAULT_PASS } from '../../src/core/bench/types';

const repo = resolve(__dirname, '..', '..');

describe('SLO', () => {
  test('reads ttft/tpot/e2e bounds with units', () => {
    assert.deepEqual(parseSlo('ttft=500ms,tpot=50ms,e2e=20s'), { ttftMs: 500, tpotMs: 50, e2eMs: 20_000 });
    assert.deepEqual(parseSlo('e2e=1.5m'), { e2eMs: 90_000 });
    assert.deepEqual(parseSlo('ttft=250'), { ttftMs: 250 });
  });
  test('an SLO that cannot be read says how to write one', () => {
    for (const bad of ['', 'ttft', 'latency=5s', 'ttft=fast', 'ttft=0ms']) assert.throws(() => parseSlo(bad), SloSyntaxError, bad);
    assert.throws(() => parseSlo('p99=1s'), /use ttft=500ms,tpot=50ms,e2e=20s/);
  });
  test('a request is good when it succeeded within every bound it has a figure for', () => {
    const slo = { ttftMs: 100, e2eMs: 1000 };
    assert.equal(meetsSlo({ index: 0, ok: true, e2eMs: 900, ttftMs: 90 }, slo), true);
    assert.equal(meetsSlo({ index: 0, ok: true, e2eMs: 900, ttftMs: 110 }, slo), false);
    assert.equal(meetsSlo({ index: 0, ok: true, e2eMs: 1100, ttftMs: 90 }, slo), false);
    assert.equal(meetsSlo({ index: 0, ok: true, e2eMs: 900 }, slo), true, 'an edit has no TTFT');
    assert.equal(meetsSlo({ index: 0, ok: false, e2eMs: 1, error: { kind: 'http', status: 500, message: '' } }, slo), false, 'a fast failure is not good');
  });
});

describe('LatencyHistogram', () => {
  test('percentiles within 0.1 %, and two encoded halves merge into the whole', () => {
    const a = LatencyHistogram.create();
    const b = LatencyHistogram.create();
    const whole = LatencyHistogram.create();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).record(i / 10);
      whole.record(i / 10);
    }
    const p = whole.percentiles();
    assert.equal(p.count, 1000);
    assert.ok(Math.abs(p.p50! - 50) <= 0.05 && Math.abs(p.p99! - 99) <= 0.1, JSON.stringify(p));
    const merged = LatencyHistogram.merge([LatencyHistogram.decode(a.encode()), LatencyHistogram.decode(b.encode())]);
    const { max, ...rest } = merged.percentiles();
    const { max: wholeMax, ...wholeRest } = p;
    assert.deepEqual(rest, wholeRest);
    assert.ok(Math.abs(max! - wholeMax!) <= wholeMax! * 0.001, 'the decoded maximum is the top of its bucket');
  });
  test('an empty histogram has a count and no figures', () => {
    assert.deepEqual(LatencyHistogram.create().percentiles(), { count: 0 });
    assert.deepEqual(LatencyHistogram.decode(LatencyHistogram.create().encode()).percentiles(), { count: 0 });
  });
});

function level(concurrency: number, samples: Array<Partial<RequestSample>>, slo = { ttftMs: 100 }): LevelResult {
  const acc = new LevelAccumulator({ concurrency }, slo, DEFAULT_PASS);
  samples.forEach((s, index) => acc.add({ index, ok: true, e2eMs: 200, ttftMs: 50, ...s }));
  return acc.result(1000);
}

describe('levels and the knee', () => {
  const good = Array.from({ length: 20 }, () => ({}));
  const slow = Array.from({ length: 20 }, (_, i) => ({ ttftMs: i < 10 ? 50 : 300 }));
  test('goodput, error rate and the pass verdict of a level', () => {
    const l = level(2, [...good.slice(0, 18), { ok: false, error: { kind: 'timeout', message: 'timed out' } }, { ttftMs: 500 }]);
    assert.equal(l.requests, 20);
    assert.equal(l.errorRate, 0.05);
    assert.equal(l.goodput, 0.9);
    assert.deepEqual(l.errorsByKind, { timeout: 1 });
    assert.equal(l.meetsSlo, false);
    assert.equal(l.rps, 20);
    assert.equal(l.e2eMs.count, 19);
  });
  test('the knee is the highest passing level, said in one sentence', () => {
    const levels = [level(1, good), level(2, good), level(4, slow)];
    assert.deepEqual(findKnee(levels), { concurrency: 2 });
    assert.equal(kneeSentence(levels, findKnee(levels), { ttftMs: 100 }, DEFAULT_PASS),
      'The knee is 2 concurrent requests: up to there the endpoint meets the SLO (TTFT ≤ 100 ms), 100 % of requests were within it at 20 req/s; at 4 concurrent requests only 50 % of requests were within it (needed 95 %).');
  });
  test('no knee, and every level passing, are said too', () => {
    const none = [level(1, slow), level(2, slow)];
    assert.equal(findKnee(none), null);
    assert.match(kneeSentence(none, null, { ttftMs: 100 }, DEFAULT_PASS), /^No level meets the SLO \(TTFT ≤ 100 ms\): even at 1 concurrent request only 50 % /);
    const all = [level(1, good), level(8, good)];
    assert.match(kneeSentence(all, findKnee(all), { ttftMs: 100 }, DEFAULT_PASS), /^Every level up to 8 concurrent requests meets the SLO .*the knee lies higher than this sweep went\.$/);
  });
});

describe('dataset and arrivals', () => {
  test('prompts of about N tokens (4 characters each), the same for the same seed', () => {
    assert.equal(promptOfTokens(100, seededRandom(3)).length, 400);
    assert.equal(promptOfTokens(100, seededRandom(3)), promptOfTokens(100, seededRandom(3)));
    assert.notEqual(promptOfTokens(100, seededRandom(3)), promptOfTokens(100, seededRandom(4)));
    const d = buildDataset({ mode: 'chat', seed: 1, promptTokens: 32, size: 5 });
    assert.equal(d.prompts.length, 5);
    assert.ok(d.prompts.every((p) => p.length === 128));
  });
  test('caption images are pre-scaled once to nv-ingest\'s 180,000 base64 characters', () => {
    const d = buildDataset({ mode: 'caption', seed: 1 });
    assert.ok(d.images.length > 0);
    assert.ok(d.images.every((i) => i.caption && i.caption.base64Length <= 180_000 && i.caption.dataUrl.startsWith('data:image/png;base64,')));
  });
  test('an image folder with no images is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-bench-empty-'));
    writeFileSync(join(dir, 'readme.txt'), 'x');
    assert.throws(() => readImageFolder(dir), (e: Error) => e instanceof DatasetError && /no images in .*PNG, JPEG or WebP/.test(e.message));
    assert.throws(() => readImageFolder(join(dir, 'missing')), /cannot read image folder .*ENOENT/);
    writeFileSync(join(dir, 'fake.png'), 'not a png');
    assert.throws(() => readImageFolder(dir), /fake\.png is not a PNG, JPEG or WebP image/);
  });
  test('Poisson gaps average 1/rate and repeat with the seed', () => {
    const gap = poissonGaps(4, seededRandom(11));
    const gaps = Array.from({ length: 4000 }, gap);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.ok(Math.abs(mean - 250) < 15, `mean gap ${mean} ms at 4 req/s`);
    assert.equal(poissonGaps(4, seededRandom(11))(), gaps[0]);
  });
});

test('playground failures become the bench\'s error kinds', () => {
  assert.deepEqual(classifyFailure({ message: 'x', status: 503, shape: 'vllm', fields: [] }), { kind: 'http', status: 503 });
  assert.deepEqual(classifyFailure({ message: 'x', shape: 'network', kind: 'timeout', fields: [] }), { kind: 'timeout' });
  assert.deepEqual(classifyFailure({ message: 'x', shape: 'network', kind: 'reset', fields: [] }), { kind: 'connection' });
  assert.deepEqual(classifyFailure({ message: 'x', status: 200, shape: 'unexpected', fields: [] }), { kind: 'invalid', status: 200 });
  assert.equal(classifyFailure({ message: 'x', shape: 'network', kind: 'cancelled', fields: [] }), undefined);
});

function result(levels: LevelResult[]): BenchResult {
  const knee = findKnee(levels);
  return {
    schema: 'ies-bench/1', tool: 'ies bench test', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z', target: 't', baseUrl: 'http://h/v1', mode: 'chat',
    settings: { levels: levels.map((l) => ({ concurrency: l.concurrency! })), requestsPerLevel: 20, warmup: 0, seed: 1, timeoutMs: 1000 },
    slo: { ttftMs: 100 }, pass: DEFAULT_PASS, warmup: { requests: 0, errors: 0 }, levels, knee, summary: kneeSentence(levels, knee, { ttftMs: 100 }, DEFAULT_PASS), cancelled: false,
  };
}

describe('results file and compare', () => {
  test('a result validates; a wrong file is refused with the path of the problem', () => {
    const r = result([level(1, [{}])]);
    assert.deepEqual(readBenchResult(JSON.stringify(r)), r);
    assert.throws(() => readBenchResult('{"schema":"ies-bench/1"}', 'a.json'), /a\.json is not an ies bench results file: tool: /);
    assert.throws(() => readBenchResult('nope', 'b.json'), /b\.json is not JSON/);
    assert.throws(() => readBenchResult(JSON.stringify({ ...r, levels: [{ ...r.levels[0], concurrency: undefined }] })), /either concurrency or rate/);
  });
  test('compare: deltas per matching level, merged histograms, levels only on one side', () => {
    const a = result([level(1, Array.from({ length: 10 }, () => ({ ttftMs: 50 }))), level(2, [{}])]);
    const b = result([level(1, Array.from({ length: 10 }, () => ({ ttftMs: 75 }))), level(4, [{}])]);
    const c = compareResults(a, b);
    assert.deepEqual(c.levels.map((l) => [l.concurrency, l.inA, l.inB]), [[1, true, true], [2, true, false], [4, false, true]]);
    const d = c.levels[0].deltas!;
    assert.equal(d.ttftP50.a, 50.02);
    assert.equal(d.ttftP50.b, 75.01);
    assert.equal(d.ttftP50.change, 0.5);
    assert.equal(c.levels[0].merged!.requests, 20);
    assert.equal(c.levels[0].merged!.ttft.count, 20);
    assert.ok(Math.abs(c.levels[0].merged!.ttft.min! - 50) < 0.05);
  });
  test('docs/bench-result.schema.json is the zod schema\'s JSON Schema', () => {
    assert.deepEqual(JSON.parse(readFileSync(join(repo, 'docs', 'bench-result.schema.json'), 'utf8')), benchResultJsonSchema());
  });
});
