import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { signatureById } from '../../src/core/doctor/index.js';

// The real-world log corpus: one folder per collection (test/fixtures/logs/corpus/<folder>/), each with its
// verbatim *.log excerpts and a provenance.json that says where every excerpt comes from and what it should
// be diagnosed as. A folder without provenance.json yet is still being collected and is skipped.
const CORPUS = join(__dirname, '../fixtures/logs/corpus');

interface Entry {
  file: string;
  source?: { repository?: string; issue?: number; url?: string; where?: string };
  established_cause?: string;
  expected?: string | null;
  healthy?: boolean;
  excerpt?: string;
  proposed?: { title?: string; cause?: string; fix?: string; evidence_regex?: string };
}

const folders = existsSync(CORPUS)
  ? readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory() && existsSync(join(CORPUS, name, 'provenance.json')))
  : [];
const corpus = folders.map((folder) => ({
  folder,
  entries: JSON.parse(readFileSync(join(CORPUS, folder, 'provenance.json'), 'utf8')) as Entry[],
}));

test('every provenance entry names a non-empty log of its folder, once', () => {
  for (const { folder, entries } of corpus) {
    assert.ok(Array.isArray(entries), `${folder}/provenance.json is an array`);
    const seen = new Set<string>();
    for (const entry of entries) {
      assert.equal(typeof entry.file, 'string', `${folder}: an entry without a file`);
      assert.ok(!seen.has(entry.file), `${folder}/${entry.file} has two entries`);
      seen.add(entry.file);
      const path = join(CORPUS, folder, entry.file);
      assert.ok(existsSync(path), `${folder}/${entry.file} does not exist`);
      assert.ok(readFileSync(path, 'utf8').trim().length > 0, `${folder}/${entry.file} is empty`);
    }
  }
});

test('every corpus log has a provenance entry', () => {
  for (const { folder, entries } of corpus) {
    const named = new Set(entries.map((e) => e.file));
    for (const log of readdirSync(join(CORPUS, folder)).filter((name) => name.endsWith('.log'))) {
      assert.ok(named.has(log), `${folder}/${log} has no entry in provenance.json`);
    }
  }
});

test('each entry says where it comes from; healthy logs expect nothing, failures expect a cause', () => {
  for (const { folder, entries } of corpus) {
    for (const entry of entries) {
      const name = `${folder}/${entry.file}`;
      assert.match(entry.source?.url ?? '', /^https:\/\//, `${name}: source.url`);
      if (entry.healthy !== undefined) {
        assert.equal(entry.healthy, entry.expected === null, `${name}: healthy is true exactly when expected is null`);
      }
    }
  }
});

test('an expected cause the doctor does not know yet is proposed with its evidence, cause and fix', () => {
  const proposed = new Map<string, Entry['proposed']>();
  for (const { entries } of corpus) for (const entry of entries) if (entry.proposed && entry.expected) proposed.set(entry.expected, entry.proposed);
  for (const { folder, entries } of corpus) {
    for (const entry of entries) {
      if (!entry.expected || signatureById(entry.expected)) continue;
      const proposal = proposed.get(entry.expected);
      assert.ok(proposal, `${folder}/${entry.file}: '${entry.expected}' is neither a signature nor proposed in the corpus`);
      for (const key of ['title', 'cause', 'fix', 'evidence_regex'] as const) {
        assert.ok(proposal[key], `'${entry.expected}': proposed.${key}`);
      }
      assert.doesNotThrow(() => new RegExp(proposal.evidence_regex as string), `'${entry.expected}': evidence_regex compiles`);
    }
  }
});

test('a proposed evidence pattern finds its evidence in the log it was proposed for', () => {
  for (const { folder, entries } of corpus) {
    for (const entry of entries) {
      if (!entry.proposed?.evidence_regex || entry.healthy) continue;
      const text = readFileSync(join(CORPUS, folder, entry.file), 'utf8');
      assert.match(text, new RegExp(entry.proposed.evidence_regex), `${folder}/${entry.file}`);
    }
  }
});
