import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitTimestamp, splitTimestampByRegExp, timeKey } from '../../src/core/logs/timestampedLine.js';

test('splitTimestamp reads what the RFC3339 pattern reads, on good and malformed stamps alike', () => {
  const stamps = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.1Z', '2026-01-01T23:59:59.123456789Z', '2026-01-01T00:00:00.1234567891Z', '2026-01-01T00:00:00.Z', '2026-01-01T00:00:00+02:00', '2026-01-01T00:00:00.5-02:30', '2026-01-01T00:00:00+0200', '2026-01-01 00:00:00Z', 'x2026-01-01T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01T00:00:00.12', '2026-1-01T00:00:00Z', '20a6-01-01T00:00:00Z'];
  const lines = ['', 'short', ...stamps.flatMap((s) => [s, `${s} text`, `${s}  two spaces`, `${s}text`])];
  for (const line of lines) assert.deepEqual(splitTimestamp(line), splitTimestampByRegExp(line), line);
  assert.deepEqual(splitTimestamp('2026-01-01T00:00:00.5Z hello'), { time: '2026-01-01T00:00:00.5Z', text: 'hello' });
});

test('timeKey pads UTC fractions to nanoseconds and normalizes offsets', () => {
  assert.equal(timeKey('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000000000');
  assert.equal(timeKey('2026-01-01T00:00:00.5Z'), '2026-01-01T00:00:00.500000000');
  assert.equal(timeKey('2026-01-01T00:00:00.123456789Z'), '2026-01-01T00:00:00.123456789');
  assert.equal(timeKey('2026-01-01T02:00:00.25+02:00'), '2026-01-01T00:00:00.250000000');
  assert.equal(timeKey(''), '');
  assert.ok(timeKey('2026-01-01T00:00:00.9Z') < timeKey('2026-01-01T00:00:01Z'));
});
