import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Linter } from '../../src/core/lint/linter.js';
import type { Rule } from '../../src/core/lint/rule.js';
import { LineIndex } from '../../src/core/text/lineIndex.js';

/** A rule that flags every `bad` key, counting how often it runs. */
function countingRule() {
  const runs: string[] = [];
  const rule: Rule = {
    id: 'no-bad',
    codes: ['no-bad'],
    description: 'test rule',
    appliesTo: () => true,
    check(context) {
      runs.push(String(context.document.name));
      const range = context.document.keyRange(['bad']);
      if (range) context.report({ code: 'no-bad', severity: 'error', message: 'bad', ...range, fixes: [{ title: 'remove', edits: [{ ...range, newText: 'good' }] }] });
    },
  };
  return { rule, runs };
}

const docs = (names: string[]) => names.map((n) => `metadata:\n  name: ${n}\nbad: 1\n`).join('---\n');

test('only documents whose text changed are linted again, and results shift to new offsets', () => {
  const { rule, runs } = countingRule();
  const linter = new Linter({}, [rule]);
  const before = docs(['a', 'b', 'c']);
  const first = linter.lint(before);
  assert.equal(first.length, 3);
  assert.deepEqual(runs, ['a', 'b', 'c']);

  const after = before.replace('name: b', 'name: bbbb # longer');
  const second = linter.lint(after);
  assert.deepEqual(runs, ['a', 'b', 'c', 'bbbb'], 'only the edited document was linted again');
  assert.equal(second.length, 3);
  for (const d of second) {
    assert.equal(after.slice(d.start, d.end), 'bad');
    const edit = d.fixes![0].edits![0];
    assert.equal(after.slice(edit.start, edit.end), 'bad');
  }
  assert.deepEqual(second.map((d) => d.documentIndex), [0, 1, 2]);
});

test('a rule that throws becomes a diagnostic, not a crash', () => {
  const rule: Rule = { id: 'boom', codes: ['boom'], description: '', appliesTo: () => true, check: () => { throw new Error('kaput'); } };
  const result = new Linter({}, [rule]).lint('kind: X\n');
  assert.equal(result.length, 1);
  assert.equal(result[0].code, 'internal-error');
  assert.match(result[0].message, /kaput/);
});

test('disabled rule codes are not reported', () => {
  const { rule } = countingRule();
  assert.equal(new Linter({ disabledRules: ['no-bad'] }, [rule]).lint(docs(['a'])).length, 0);
});

test('line index converts offsets both ways, including CRLF', () => {
  const text = 'ab\r\ncd\nef';
  const index = new LineIndex(text);
  assert.equal(index.lineCount, 3);
  assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
  assert.equal(index.offsetAt({ line: 2, character: 1 }), 8);
  assert.equal(index.lineText(0), 'ab');
});
