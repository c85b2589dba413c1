// Bugs the manifest fuzzer (test/reliability/manifest-fuzz.test.ts) found, kept as small cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutHarmfulFixes } from '../../src/core/lint/fixGuard.js';
import type { LintDiagnostic } from '../../src/core/lint/diagnostic.js';
import { lintText } from '../../src/core/lint/linter.js';
import { suggestField } from '../../src/core/schema/didYouMean.js';

test('a quick fix whose result has more YAML errors than the document is dropped; a sound one is kept', () => {
  const text = 'spec:\n  a: 1\n';
  const finding = (newText: string): LintDiagnostic => ({ code: 'x', severity: 'warning', message: 'm', start: 8, end: 12, fixes: [{ title: 'fix', edits: [{ start: 8, end: 12, newText }] }] });
  const [broken] = withoutHarmfulFixes([finding('a: [1')], { start: 0, text });
  assert.equal(broken.fixes, undefined);
  const [sound] = withoutHarmfulFixes([finding('a: 2')], { start: 0, text });
  assert.equal(sound.fixes?.length, 1);
});

test('fix offsets are checked in the document they belong to, in a multi-document file', () => {
  const first = 'kind: A\n';
  const text = `${first}---\nspec:\n  a: 1\n`;
  const start = first.length + 4;
  const breaking: LintDiagnostic = { code: 'x', severity: 'warning', message: 'm', start: start + 8, end: start + 12, fixes: [{ title: 'fix', edits: [{ start: start + 8, end: start + 12, newText: 'a: {' }] }] };
  const [kept] = withoutHarmfulFixes([breaking], { start, text: text.slice(start) });
  assert.equal(kept.fixes, undefined);
});

test('an unknown key of 100 KB gets no did-you-mean (the distance table would be 100 KB × each sibling)', () => {
  const parent = { type: 'object', properties: { storage: { type: 'object' }, image: { type: 'object' } } } as never;
  assert.equal(suggestField('x'.repeat(100_000), parent), undefined);
  assert.deepEqual(suggestField('storag', parent), ['storage']);
  const findings = lintText(`apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: a\nspec:\n  ${'k'.repeat(100_000)}: 1\n`);
  assert.ok(findings.some((d) => d.code === 'schema-unknown-field'), 'the huge key is still reported as unknown');
});

test('apiVersion holding a mapping (lines indented under it by mistake) is named as such, with no fix that would delete them', () => {
  // From a fuzzer run (seed 1231877629): the fix replaced the whole mapping — nine lines — and ate the newline before
  // the next `---`, gluing the separator onto the apiVersion line (2 → 9 YAML errors).
  const text = '---\nkind: NIMService\nmetadata:\napiVersion: apps.nvidia.com/v1alpha1\n  namespace: nim-service\nspec:\n  image:\n    repository: nvcr.io/nim/nvidia/llm-nim\n--- |\n  authSecret: hf-secret\n';
  const finding = lintText(text).find((d) => d.code === 'schema-api-version');
  assert.ok(finding, 'reported');
  assert.doesNotMatch(finding.message, /\[object Object\]/);
  assert.match(finding.message, /holds a mapping, not a string: are the lines after it indented under it by mistake\?/);
  assert.equal(text.slice(finding.start, finding.end), 'apiVersion');
  assert.equal(finding.fixes, undefined);
});

test('a quick fix that eats a document\'s last newline (gluing the next `---` onto its last line) is dropped', () => {
  const text = 'spec:\n  a: 1\n';
  const eats: LintDiagnostic = { code: 'x', severity: 'warning', message: 'm', start: 9, end: 13, fixes: [{ title: 'fix', edits: [{ start: 9, end: 13, newText: '2' }] }] };
  const [kept] = withoutHarmfulFixes([eats], { start: 0, text });
  assert.equal(kept.fixes, undefined);
  const keeps: LintDiagnostic = { ...eats, end: 12, fixes: [{ title: 'fix', edits: [{ start: 9, end: 12, newText: '2' }] }] };
  assert.equal(withoutHarmfulFixes([keeps], { start: 0, text })[0].fixes?.length, 1);
});
