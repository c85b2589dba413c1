import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339Nano } from '../../src/sim/apiserver/logs.js';

// The simulated API server stamps log lines as Go's time.RFC3339Nano prints them: the fraction without trailing
// zeros, no dot at all for a whole second.
test('log timestamps as Go prints RFC3339Nano', () => {
  const at = (ms: number) => rfc3339Nano(new Date(Date.UTC(2026, 0, 1, 12, 30, 5, ms)));
  assert.equal(at(0), '2026-01-01T12:30:05Z');
  assert.equal(at(100), '2026-01-01T12:30:05.1Z');
  assert.equal(at(120), '2026-01-01T12:30:05.12Z');
  assert.equal(at(123), '2026-01-01T12:30:05.123Z');
  assert.equal(at(5), '2026-01-01T12:30:05.005Z');
  assert.equal(at(50), '2026-01-01T12:30:05.05Z');
});
