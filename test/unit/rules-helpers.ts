import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintDiagnostic } from '../../src/core/lint/diagnostic.js';
import { lintText } from '../../src/core/lint/linter.js';
import type { LintOptions } from '../../src/core/lint/options.js';
import { LineIndex } from '../../src/core/text/lineIndex.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', 'manifests', name), 'utf8');
}

/** `text` with `from` replaced exactly once (fails loudly when the fixture changed). */
export function variant(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `expected exactly one "${from}" in the fixture`);
  return text.replace(from, to);
}

export function diagnostics(text: string, code: string, options?: LintOptions): LintDiagnostic[] {
  return lintText(text, options).filter((d) => d.code === code);
}

export function single(text: string, code: string, options?: LintOptions): LintDiagnostic {
  const found = diagnostics(text, code, options);
  assert.equal(found.length, 1, `expected one ${code}, got ${found.length}: ${found.map((d) => d.message).join(' | ')}`);
  return found[0];
}

/** The diagnostic covers exactly `slice`, starting at 1-based `line`:`column`. */
export function assertRange(text: string, d: LintDiagnostic, slice: string, line: number, column: number): void {
  assert.equal(text.slice(d.start, d.end), slice);
  const position = new LineIndex(text).positionAt(d.start);
  assert.deepEqual({ line: position.line + 1, column: position.character + 1 }, { line, column });
}

const commentLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim().startsWith('#')).map((l) => l.trim());
const errorCodes = (ds: LintDiagnostic[]) => new Set(ds.filter((d) => d.severity === 'error').map((d) => d.code));

/**
 * Applies the first fix of `d` and checks what the issue promises: the finding is gone, no new error
 * appears, the result parses, and every comment line of the input survives.
 */
export function applyFixAndRelint(text: string, d: LintDiagnostic, options?: LintOptions): { fixed: string; after: LintDiagnostic[] } {
  assert.ok(d.fixes?.length, `${d.code} offers no fix`);
  const fix = d.fixes[0];
  assert.ok(fix.edits?.length, `${d.code}: fix "${fix.title}" has no edits`);
  const before = lintText(text, options);
  const fixed = applyTextEdits(text, fix.edits);
  const after = lintText(fixed, options);
  assert.deepEqual(after.filter((x) => x.code === d.code && x.message === d.message), [], `${d.code} still reported after "${fix.title}"`);
  const beforeErrors = errorCodes(before);
  const newErrors = [...errorCodes(after)].filter((code) => !beforeErrors.has(code));
  assert.deepEqual(newErrors, [], `new errors after "${fix.title}":\n${fixed}`);
  assert.ok(!after.some((x) => x.code === 'yaml-syntax'), `fix produced invalid YAML:\n${fixed}`);
  const remaining = commentLines(fixed);
  for (const comment of commentLines(text)) assert.ok(remaining.includes(comment), `comment lost: ${comment}`);
  return { fixed, after };
}
