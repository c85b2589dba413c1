import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StreamingDoctor } from '../../src/core/doctor/streamingDoctor.js';
import { LineBlockSplitter } from '../../src/core/logs/lineBlockSplitter.js';
import { LineSplitter } from '../../src/core/logs/lineSplitter.js';

// StreamingDoctor.feedBlock skips the lines no keyword or failure word concerns by one scan of the block: it must
// give exactly what feeding every line gives — findings, evidence line numbers, the context lines of an unrecognized
// failure — on every log of the fixtures and the public corpus, placed deep in a long healthy log (past the banner
// lines, which are always fed one by one) and cut into blocks at random byte offsets.
const LOGS = join(__dirname, '../fixtures/logs');

function logFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return logFiles(path);
    return name.endsWith('.log') || name.endsWith('.txt') ? [path] : [];
  });
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const healthy = readFileSync(join(LOGS, 'healthy-vllm.log'), 'utf8').split('\n').filter(Boolean);

function lineByLine(bytes: Buffer, source: string): StreamingDoctor {
  const doctor = new StreamingDoctor();
  const splitter = new LineSplitter((line) => doctor.feed(line, source));
  splitter.push(bytes);
  splitter.end();
  return doctor;
}

function inBlocks(bytes: Buffer, source: string, random: () => number): StreamingDoctor {
  const doctor = new StreamingDoctor();
  const splitter = new LineBlockSplitter((text, from, to) => doctor.feedBlock(text, source, from, to));
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 64 : 8192));
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return doctor;
}

const files = logFiles(LOGS);

test('the fixtures hold enough logs to mean something', () => {
  assert.ok(files.length >= 70, `${files.length} logs`);
});

for (const file of files) {
  test(`feedBlock = feed line by line: ${file.slice(LOGS.length + 1)}`, () => {
    const random = seeded(file.length * 7919);
    const log = readFileSync(file, 'utf8');
    // Deep in a healthy log, with healthy lines between its own, so most of it takes the skipping path.
    const padded: string[] = [];
    for (let i = 0; i < 300; i++) padded.push(healthy[i % healthy.length]);
    for (const line of log.split('\n')) {
      padded.push(line);
      if (random() < 0.2) padded.push(healthy[Math.floor(random() * healthy.length)]);
    }
    for (let i = 0; i < 20; i++) padded.push(healthy[i % healthy.length]);
    for (const text of [padded.join('\n'), `${padded.join('\n')}\n`, padded.join('\r\n')]) {
      const bytes = Buffer.from(text);
      const expected = lineByLine(bytes, 'pod/x container/main');
      for (let round = 0; round < 3; round++) {
        const actual = inBlocks(bytes, 'pod/x container/main', random);
        assert.deepEqual(actual.findings(), expected.findings());
        assert.equal(actual.linesSeen, expected.linesSeen);
      }
      const whole = new StreamingDoctor();
      whole.feedBlock(text, 'pod/x container/main');
      assert.deepEqual(whole.findings(), expected.findings());
      assert.equal(whole.linesSeen, expected.linesSeen);
      // A range inside a larger string: nothing outside it is read.
      const inside = new StreamingDoctor();
      inside.feedBlock(`Traceback Error x${text}RuntimeError: outside\nmore`, 'pod/x container/main', 17, 17 + text.length);
      assert.deepEqual(inside.findings(), expected.findings());
      assert.equal(inside.linesSeen, expected.linesSeen);
    }
  });
}

test('feedBlock keeps the lines above an unrecognized failure deep in a log as its context', () => {
  const lines = [...Array.from({ length: 500 }, (_, i) => `INFO 06-12 09:14:${String(i % 60).padStart(2, '0')} [loader.py:12] loading shard ${i}`),
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.12/site-packages/acme/loader.py", line 88, in load',
    '    shard = open_shard(path)',
    'acme.loader.ShardChecksumError: shard 17 checksum 0xdeadbeef does not match the index',
    'INFO after one', 'INFO after two', 'INFO after three'];
  const doctor = new StreamingDoctor();
  doctor.feedBlock(lines.join('\n'));
  const [finding] = doctor.findings();
  assert.equal(finding.signature, 'unrecognized-failure');
  assert.equal(finding.evidence.line, 504);
  assert.deepEqual(finding.context?.map((c) => c.line), [500, 501, 502, 503, 504, 505, 506]);
  assert.match(finding.context![0].text, /loading shard 499/);
  assert.match(finding.context!.at(-1)!.text, /after two/);
});

test('feedBlock on many sources at once keeps each source apart', () => {
  const a = new StreamingDoctor();
  const b = new StreamingDoctor();
  const oom = readFileSync(join(LOGS, 'cuda-oom.log'), 'utf8');
  const shm = readFileSync(join(LOGS, 'nccl-shm.log'), 'utf8');
  a.feedBlock(oom, 'one');
  a.feedBlock(shm, 'two');
  for (const line of oom.split('\n').slice(0, oom.endsWith('\n') ? -1 : undefined)) b.feed(line, 'one');
  for (const line of shm.split('\n').slice(0, shm.endsWith('\n') ? -1 : undefined)) b.feed(line, 'two');
  assert.deepEqual(a.findings(), b.findings());
});
