import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { combinedKeywordPattern, combinedKeywordRegExp, keywordLiteralScanner, LiteralScanner, requiredLiterals } from '../../src/core/doctor/prefilter.js';
import { SIGNATURES } from '../../src/core/doctor/signatures.js';
import { SignatureIndex } from '../../src/core/doctor/signatureIndex.js';
import { LineSplitter } from '../../src/core/logs/lineSplitter.js';

const LOGS = join(__dirname, '../fixtures/logs');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('every keyword needs a literal, so the scanner rules lines out instead of passing them all', () => {
  for (const signature of SIGNATURES) {
    for (const keyword of [...signature.keywords, ...(signature.context?.keywords ?? [])]) {
      const literals = requiredLiterals(keyword);
      assert.ok(literals && literals.length > 0, `${signature.id}: ${keyword}`);
      for (const literal of literals) assert.ok(literal.length >= 3, `${signature.id}: ${keyword} → ${JSON.stringify(literal)}`);
    }
  }
  assert.ok(keywordLiteralScanner());
});

test('required literals: runs, small classes, optional parts and groups are expanded; the rest ends a run', () => {
  assert.deepEqual(requiredLiterals('sm_(90|100)'), ['sm_90', 'sm_100']);
  assert.deepEqual(requiredLiterals('had (untolerated )?taint [{]'), ['had untolerated taint {', 'had taint {']);
  assert.deepEqual(requiredLiterals('secrets? "[^"]+" not found'), ['" not found']);
  assert.deepEqual(requiredLiterals('nvcr\\.io'), ['nvcr.io']);
  assert.deepEqual(requiredLiterals('foo.*barbaz'), ['barbaz']);
  assert.deepEqual(requiredLiterals('(ab+c|xyz)'), ['ab', 'xyz']);
  assert.deepEqual(requiredLiterals('Worker proc \\S+ died'), ['Worker proc ']);
  assert.equal(requiredLiterals('a*'), undefined);
  assert.equal(requiredLiterals('(foo|)'), undefined);
  assert.equal(requiredLiterals('\\d+'), undefined);
  assert.equal(requiredLiterals('(?=x)y'), undefined);
  assert.equal(requiredLiterals('(unbalanced'), undefined);
});

test('the literal scanner finds any literal anywhere, overlapping ones too, and nothing else', () => {
  const scanner = new LiteralScanner(['she', 'hers', 'his', 'ΩOK']);
  for (const yes of ['she', 'ushers', 'xxhisxx', 'hershey', 'ahe hers', 'ΩΩOK']) assert.ok(scanner.occursIn(yes), yes);
  for (const no of ['', 'sh', 'hes', 'hi s', 'her', 'ΩO', 'OK']) assert.ok(!scanner.occursIn(no), no);
  assert.ok(scanner.occursIn('xx she', 3));
  assert.ok(!scanner.occursIn('xx she', 4));
  assert.ok(!scanner.occursIn('she', 0, 2));
});

test('the prefiltered RegExp answers exactly as the plain combined pattern on every fixture and corpus line', () => {
  const fast = combinedKeywordRegExp();
  const plain = new RegExp(combinedKeywordPattern());
  let matching = 0;
  for (const file of files(LOGS)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n|\r/)) {
      const expected = plain.test(line);
      if (expected) matching++;
      assert.equal(fast.test(line), expected, `${file}: ${line}`);
    }
  }
  assert.ok(matching > 100);
  assert.equal(fast.source, plain.source);
});

test('the signature index never leaves out a signature whose pattern or context matches a fixture or corpus line', () => {
  const index = SignatureIndex.build(SIGNATURES);
  assert.ok(index, 'every keyword has a literal');
  let patternMatches = 0;
  let contextMatches = 0;
  for (const file of files(LOGS)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n|\r/)) {
      const candidates = index.candidates(line);
      SIGNATURES.forEach((signature, i) => {
        if (signature.patterns.some((p) => p.test(line))) {
          patternMatches++;
          assert.ok(candidates?.patterns.includes(i), `${signature.id} matches but is no candidate: ${file}: ${line}`);
        }
        if (signature.context?.pattern.test(line)) {
          contextMatches++;
          assert.ok(candidates?.contexts.includes(i), `${signature.id}'s context matches but is no candidate: ${file}: ${line}`);
        }
      });
      if (candidates) assert.deepEqual(candidates.patterns, [...candidates.patterns].sort((a, b) => a - b), 'in table order');
    }
  }
  assert.ok(patternMatches > 100 && contextMatches > 5, `${patternMatches} pattern and ${contextMatches} context matches`);
});

test('the literal scanner lists every literal in a line, overlapping and nested ones too', () => {
  const scanner = new LiteralScanner(['he', 'she', 'his', 'hers', 'x']);
  assert.deepEqual(scanner.literalsIn('ushers').sort(), [0, 1, 3]);
  assert.deepEqual(scanner.literalsIn('this his'), [2]);
  assert.deepEqual(scanner.literalsIn('nothing'), []);
  assert.equal(scanner.indexOfOccurrence('a she', 0), 4);
  assert.equal(scanner.indexOfOccurrence('a she', 4), -1);
  assert.equal(scanner.indexOfOccurrence('a she', 0, 4), -1, 'the end is exclusive');
});

test('the line splitter: lines across chunks, a character split across chunks, CRLF kept, BOM kept, last line without newline', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  const bytes = Buffer.from('\uFEFFfirst\nsec€ond\r\n\nthird line ▕██\n', 'utf8');
  for (let i = 0; i < bytes.length; i += 3) splitter.push(bytes.subarray(i, i + 3));
  splitter.push('tail');
  splitter.push(' end');
  splitter.end();
  assert.deepEqual(lines, ['\uFEFFfirst', 'sec€ond\r', '', 'third line ▕██', 'tail end']);
  const invalid: string[] = [];
  const other = new LineSplitter((line) => invalid.push(line));
  other.push(Buffer.from([0x61, 0xff, 0x0a, 0xe2, 0x82]));
  other.end();
  assert.deepEqual(invalid, [Buffer.from([0x61, 0xff]).toString('utf8'), Buffer.from([0xe2, 0x82]).toString('utf8')]);
});
