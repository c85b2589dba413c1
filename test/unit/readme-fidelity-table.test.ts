// The README's kubectl fidelity table is the one rendered from the matrix the integration test runs, so it cannot
// claim a command or a version the tests do not check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_END, TABLE_START, renderFidelityTable } from '../integration/sim-kubectl-matrix-checks.js';

test('README kubectl fidelity table equals the matrix sim-kubectl-matrix.test.ts runs', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'README.md has the generated table markers');
  assert.equal(readme.slice(start, end + TABLE_END.length), renderFidelityTable(), 'regenerate: print renderFidelityTable() from test/integration/sim-kubectl-matrix-checks.ts into README.md');
});
