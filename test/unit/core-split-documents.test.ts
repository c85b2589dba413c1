import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments } from '../../src/core/manifest/splitDocuments.js';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';

test('splits at --- marker lines and keeps every character', () => {
  const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n']);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  for (const chunk of chunks) assert.equal(text.slice(chunk.start, chunk.start + chunk.text.length), chunk.text);
});

test('a --- inside a value or indented is not a marker', () => {
  const text = 'a: |\n  ---\n  x\nb: "---"\n';
  assert.equal(splitDocuments(text).length, 1);
});

test('leading comments and directives stay with the document after them', () => {
  const text = '# header\n%YAML 1.2\n---\na: 1\n';
  const chunks = splitDocuments(text);
  assert.equal(chunks.length, 1);
  const parsed = parseManifestFile(text);
  assert.equal(parsed.documents.length, 1);
  assert.equal(parsed.chunks[0].problems.length, 0);
});

test('a document end marker starts a new chunk for a bare document after it', () => {
  const chunks = splitDocuments('a: 1\n...\nb: 2\n');
  assert.deepEqual(chunks.map((c) => c.text), ['a: 1\n...\n', 'b: 2\n']);
});

test('CRLF text splits too', () => {
  const chunks = splitDocuments('a: 1\r\n---\r\nb: 2\r\n');
  assert.equal(chunks.length, 2);
  assert.equal(chunks[1].text, '---\r\nb: 2\r\n');
});

test('parsed documents report ranges as offsets of the whole file', () => {
  const text = 'kind: A\n---\nkind: B\nmetadata:\n  name: x\n';
  const parsed = parseManifestFile(text);
  assert.equal(parsed.documents.length, 2);
  const second = parsed.documents[1];
  assert.equal(second.index, 1);
  const range = second.valueRange(['metadata', 'name'])!;
  assert.equal(text.slice(range.start, range.end), 'x');
  assert.equal(text.slice(second.keyRange(['metadata'])!.start, second.keyRange(['metadata'])!.end), 'metadata');
});

test('syntax errors become diagnostics at the right place, never exceptions', () => {
  const text = 'a: 1\n---\nb: [1, 2\nc: 3\n';
  const parsed = parseManifestFile(text);
  const problems = parsed.chunks[1].problems;
  assert.ok(problems.length > 0);
  assert.ok(problems.every((p) => p.code === 'yaml-syntax' && p.severity === 'error'));
});
