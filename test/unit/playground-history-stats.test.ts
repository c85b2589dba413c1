import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addHistoryEntry, clearHistory, elideImages, findHistoryEntry, HISTORY_LIMIT, HISTORY_MAX_CHARS, historyOf, latencyStats, percentile, thumbnailDataUrl, type HistoryEntry, type HistoryStore } from '../../src/core/playground/index';
import { noisyPng } from '../fixtures/images/fixtureImages';

const entry = (i: number, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: `id${i}`, at: new Date(1_700_000_000_000 + i * 1000).toISOString(), endpointKey: 'user:vlm', mode: 'caption', form: { prompt: 'p' },
  imagePaths: [], imageNames: ['a.png'], ok: true, status: 200, latencyMs: i, summary: `caption ${i}`, ...extra,
});

test('history keeps the newest 50 per endpoint, newest first, endpoints apart', () => {
  let store: HistoryStore = {};
  for (let i = 0; i < 60; i++) store = addHistoryEntry(store, entry(i));
  store = addHistoryEntry(store, entry(100, { endpointKey: 'user:other' }));
  const list = historyOf(store, 'user:vlm');
  assert.equal(list.length, HISTORY_LIMIT);
  assert.equal(list[0].id, 'id59');
  assert.equal(list.at(-1)!.id, 'id10');
  assert.equal(historyOf(store, 'user:other').length, 1);
  assert.equal(findHistoryEntry(store, 'id100')?.endpointKey, 'user:other');
  assert.equal(historyOf(clearHistory(store, 'user:vlm'), 'user:vlm').length, 0);
});

test('history is size-capped: thumbnails only, oversized ones dropped, oldest entries dropped past the cap', () => {
  const thumb = thumbnailDataUrl(noisyPng(300, 200))!;
  assert.match(thumb, /^data:image\/png;base64,/);
  assert.ok(thumb.length < 16_000, `thumbnail ${thumb.length}`);
  let store: HistoryStore = {};
  store = addHistoryEntry(store, entry(1, { inputThumbnail: 'data:image/png;base64,' + 'A'.repeat(20_000) }));
  assert.equal(historyOf(store, 'user:vlm')[0].inputThumbnail, undefined);
  for (let i = 0; i < 50; i++) store = addHistoryEntry(store, entry(i + 2, { inputThumbnail: 'data:image/png;base64,' + 'A'.repeat(15_000), summary: 'x'.repeat(1000) }));
  const list = historyOf(store, 'user:vlm');
  assert.ok(JSON.stringify(list).length <= HISTORY_MAX_CHARS);
  assert.ok(list.length < 50);
  assert.equal(list[0].summary.length, 300);
});

test('p50 / p95 are nearest-rank over successful runs; failures are counted', () => {
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([10], 95), 10);
  const samples = [120, 80, 100, 300, 90, 110, 95, 105, 85, 1000].map((ms) => ({ ms, ok: true }));
  const stats = latencyStats([...samples, { ms: 5, ok: false }]);
  assert.deepEqual({ runs: stats.runs, failures: stats.failures, p50: stats.p50, p95: stats.p95, min: stats.min, max: stats.max }, { runs: 11, failures: 1, p50: 100, p95: 1000, min: 80, max: 1000 });
  assert.deepEqual(latencyStats([{ ms: 1, ok: false }]), { runs: 1, failures: 1 });
});

test('raw text elides data URLs and bare base64 images to their size', () => {
  const png = Buffer.from(noisyPng(20, 10)).toString('base64');
  const out = elideImages({ a: `data:image/png;base64,${png}`, b: png, c: 'short text', d: ['x'.repeat(300)] }) as Record<string, unknown>;
  assert.match(String(out.a), /^<image\/png 20×10, [\d,]+ base64 chars \(data URL\)>$/);
  assert.match(String(out.b), /^<image\/png 20×10, [\d,]+ base64 chars>$/);
  assert.equal(out.c, 'short text');
  assert.deepEqual(out.d, ['x'.repeat(300)]);
});
