// Manifest fuzzing: ≥ 10,000 mutated templates and operator samples through the linter (fresh and incremental),
// every quick fix, completion and hover. No exception, every range inside its text, every fix result parses at
// least as well as the text it fixed. FUZZ_SEED=<n> replays a run; FUZZ_DOCUMENTS=<n> changes the count.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Linter, lintText } from '../../src/core/lint/linter.js';
import type { LintDiagnostic } from '../../src/core/lint/diagnostic.js';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';
import { listTemplates, renderTemplate } from '../../src/core/scaffold/index.js';
import { completeAt } from '../../src/core/schema/completion.js';
import { describeAt } from '../../src/core/schema/lookup.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';
import { nimOperatorSamplesDir as samplesDir } from '../support/thirdParty.js';
import { printFigure } from './figures.js';
import { mutate } from './fuzz/manifestMutations.js';
import { Random, seedFromEnv } from './fuzz/random.js';

const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));
const fixturesDir = fileURLToPath(new URL('../fixtures/manifests/', import.meta.url));

function corpus(): { name: string; text: string }[] {
  const out = listTemplates().map((t) => ({ name: `template:${t.id}`, text: renderTemplate(t.id).text }));
  for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.yaml'))) out.push({ name: `raw-template:${file}`, text: readFileSync(join(templatesDir, file), 'utf8') });
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.yaml'))) out.push({ name: `fixture:${file}`, text: readFileSync(join(fixturesDir, file), 'utf8') });
  for (const file of readdirSync(samplesDir).filter((f) => f.endsWith('.yaml'))) out.push({ name: `sample:${file}`, text: readFileSync(join(samplesDir, file), 'utf8') });
  return out;
}

function yamlErrorCount(text: string): number {
  return parseAllDocuments(text, { uniqueKeys: false }).reduce((sum, doc) => sum + doc.errors.length, 0);
}

/** Diagnostics as comparable data (fresh vs incremental linting must agree exactly). */
function canonical(diagnostics: LintDiagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => [d.code, d.start, d.end, d.message, d.documentIndex, d.fixes?.map((f) => [f.title, f.edits, f.newFile?.suggestedName])]));
}

interface Failure { kind: string; name: string; applied: string[]; detail: string; text: string }

test('≥ 10,000 mutated manifests: no crash, ranges in bounds, every quick fix result parses', { timeout: 600_000 }, () => {
  const seed = seedFromEnv('FUZZ_SEED');
  const target = Number(process.env.FUZZ_DOCUMENTS) || 10_000;
  const random = new Random(seed);
  // Printed first: a run that stalls on one input can then be replayed with FUZZ_SEED.
  console.log(`manifest-fuzz seed=${seed} (replay with FUZZ_SEED=${seed})`);
  const bases = corpus();
  assert.ok(bases.length >= 5, `corpus has templates and samples (found ${bases.length})`);
  const linters = new Map(bases.map((b) => [b.name, new Linter()]));
  for (const base of bases) linters.get(base.name)!.lint(base.text);

  const failures: Failure[] = [];
  let diagnostics = 0;
  let fixesApplied = 0;
  let newFiles = 0;
  let internalErrors = 0;
  const times: number[] = [];
  let totalMs = 0;
  let slowest = { ms: 0, name: '', applied: [] as string[], length: 0 };
  const fail = (kind: string, name: string, applied: string[], detail: string, text: string) => {
    if (failures.length < 20) failures.push({ kind, name, applied, detail, text: text.length > 400 ? `${text.slice(0, 400)}…` : text });
    // The whole input of each failure, for a unit test to keep.
    if (process.env.FUZZ_FAILURE_FILE) writeFileSync(`${process.env.FUZZ_FAILURE_FILE}.${failures.length}`, text);
    else failures.length++;
  };

  for (let n = 0; n < target; n++) {
    const base = random.pick(bases);
    const { text, applied } = mutate(base.text, random);
    const started = performance.now();
    let lintMs = 0;
    let found: LintDiagnostic[];
    try {
      found = lintText(text);
      lintMs = performance.now() - started;
      const incremental = linters.get(base.name)!.lint(text);
      if (canonical(incremental) !== canonical(found)) fail('incremental≠fresh', base.name, applied, `${incremental.length} vs ${found.length} findings`, text);
    } catch (error) {
      fail('crash', base.name, applied, (error as Error).stack ?? String(error), text);
      continue;
    }
    diagnostics += found.length;
    for (const d of found) {
      if (d.code === 'internal-error') {
        internalErrors++;
        fail('rule-crash', base.name, applied, d.message, text);
      }
      if (!(d.start >= 0 && d.start <= d.end && d.end <= text.length)) fail('range', base.name, applied, `${d.code} ${d.start}..${d.end} of ${text.length}`, text);
      for (const fix of d.fixes ?? []) {
        if (fix.newFile) {
          newFiles++;
          if (yamlErrorCount(fix.newFile.content) > 0) fail('new-file-unparsable', base.name, applied, `${d.code}: ${fix.title}`, fix.newFile.content);
        }
        if (!fix.edits?.length) continue;
        if (fix.edits.some((e) => !(e.start >= 0 && e.start <= e.end && e.end <= text.length))) {
          fail('fix-range', base.name, applied, `${d.code}: ${fix.title}`, text);
          continue;
        }
        try {
          const fixed = applyTextEdits(text, fix.edits);
          fixesApplied++;
          const before = yamlErrorCount(text);
          const after = yamlErrorCount(fixed);
          if (after > before) fail('fix-unparsable', base.name, applied, `${d.code}: ${fix.title} (${before} → ${after} YAML errors)`, text);
          lintText(fixed);
        } catch (error) {
          fail('fix-crash', base.name, applied, `${d.code}: ${fix.title}: ${(error as Error).message}`, text);
        }
      }
    }
    try {
      const offset = random.int(text.length + 1);
      completeAt(text, offset);
      for (const document of parseManifestFile(text).documents) describeAt(document, offset);
    } catch (error) {
      fail('editor-crash', base.name, applied, (error as Error).stack ?? String(error), text);
    }
    // The bound is on what the editor waits for: one lint of the document (the checks above re-lint every fix result).
    const elapsed = lintMs;
    totalMs += performance.now() - started;
    times.push(elapsed);
    if (elapsed > slowest.ms) {
      slowest = { ms: elapsed, name: base.name, applied, length: text.length };
      if (process.env.FUZZ_SLOWEST_FILE) writeFileSync(process.env.FUZZ_SLOWEST_FILE, text);
    }
  }

  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / Math.max(1, times.length);
  const crashes = failures.filter((f) => /crash/.test(f.kind)).length;
  printFigure('manifest-fuzz', {
    seed, documents: target, corpus: bases.length, diagnostics, quickFixesApplied: fixesApplied, newFileFixes: newFiles, crashes, internalErrors,
    outOfRange: failures.filter((f) => /range/.test(f.kind)).length, unparsableFixResults: failures.filter((f) => /unparsable/.test(f.kind)).length,
    lintMeanMs: mean, lintP99Ms: times[Math.floor(times.length * 0.99)] ?? 0, lintMaxMs: times.at(-1) ?? 0, withChecksMeanMs: totalMs / Math.max(1, times.length),
  });
  assert.deepEqual(failures, [], `seed ${seed}: ${failures.length} failure(s)`);
  assert.ok(slowest.ms < 2000, `no document takes 2 s to lint (slowest: ${JSON.stringify(slowest)})`);
});
