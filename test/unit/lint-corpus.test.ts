// Real-world corpus: public manifests kept verbatim in test/fixtures/lint-corpus/, linted as `ies lint` lints them
// (--operator-version from provenance.json), against the findings a careful reviewer says each must and must not
// produce. Entries marked `pending` are reported but do not fail the test (work in progress elsewhere).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Linter } from '../../src/core/lint/linter.js';
import { resolveOperatorVersion } from '../../src/core/lint/options.js';
import { toPositioned } from '../../src/core/report/positions.js';

interface Must {
  code: string;
  line: number;
  pending?: string;
}
type MustNot = string | { code: string; pending?: string };
interface CorpusEntry {
  repository: string;
  path: string;
  commit: string;
  url: string;
  license: string;
  operatorVersion?: string;
  must: Must[];
  mustNot: MustNot[];
  note?: string;
}

const dir = new URL('../fixtures/lint-corpus/', import.meta.url);
const { files } = JSON.parse(readFileSync(new URL('provenance.json', dir), 'utf8')) as { files: Record<string, CorpusEntry> };

function lintAsCli(id: string, entry: CorpusEntry) {
  const text = readFileSync(new URL(`${id}.yaml`, dir), 'utf8');
  const resolved = entry.operatorVersion === undefined ? undefined : resolveOperatorVersion(entry.operatorVersion);
  if (entry.operatorVersion !== undefined) assert.ok(resolved, `${id}: unknown operatorVersion ${entry.operatorVersion}`);
  return toPositioned(text, new Linter({ operatorVersion: resolved?.version }).lint(text));
}

describe('lint corpus (public manifests)', () => {
  it('holds at least 40 verbatim manifests with provenance', () => {
    assert.ok(Object.keys(files).length >= 40, `${Object.keys(files).length} manifests`);
    for (const [id, entry] of Object.entries(files)) {
      assert.match(entry.commit, /^[0-9a-f]{40}$/, id);
      assert.equal(entry.url, `https://github.com/${entry.repository}/blob/${entry.commit}/${entry.path}`, id);
      assert.ok(entry.license, id);
    }
  });

  it('every file produces each MUST (code and line) and no MUST-NOT code; precision and recall per code', () => {
    const failures: string[] = [];
    const pending: string[] = [];
    const tally = new Map<string, { tp: number; fp: number; fn: number }>();
    const count = (code: string) => tally.get(code) ?? (tally.set(code, { tp: 0, fp: 0, fn: 0 }), tally.get(code)!);
    for (const [id, entry] of Object.entries(files)) {
      const diagnostics = lintAsCli(id, entry);
      for (const must of entry.must) {
        const found = diagnostics.some((d) => d.code === must.code && d.line === must.line);
        if (found) count(must.code).tp++;
        else {
          count(must.code).fn++;
          (must.pending ? pending : failures).push(`${id}: missing ${must.code} at line ${must.line}${must.pending ? ` (pending: ${must.pending})` : ''}`);
        }
      }
      for (const item of entry.mustNot) {
        const { code, pending: waitingFor } = typeof item === 'string' ? { code: item, pending: undefined } : item;
        const produced = diagnostics.filter((d) => d.code === code);
        if (produced.length === 0) continue;
        count(code).fp += produced.length;
        const lines = produced.map((d) => d.line).join(', ');
        (waitingFor ? pending : failures).push(`${id}: must not produce ${code} (line ${lines})${waitingFor ? ` (pending: ${waitingFor})` : ''}`);
      }
    }
    const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
    const ratio = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(0)}% (${n}/${d})`);
    const total = rows.reduce((t, [, c]) => ({ tp: t.tp + c.tp, fp: t.fp + c.fp, fn: t.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
    console.log(`lint corpus: ${Object.keys(files).length} manifests`);
    for (const [code, c] of rows) console.log(`  ${code.padEnd(32)} precision ${ratio(c.tp, c.tp + c.fp).padEnd(14)} recall ${ratio(c.tp, c.tp + c.fn)}`);
    console.log(`  ${'all codes'.padEnd(32)} precision ${ratio(total.tp, total.tp + total.fp).padEnd(14)} recall ${ratio(total.tp, total.tp + total.fn)}`);
    if (pending.length) console.log(`pending (reported, not failing):\n  ${pending.join('\n  ')}`);
    assert.deepEqual(failures, []);
  });
});
