// LineSplitter (kubectl-style log streams) and LineBlockSplitter (the doctor's block scan) on every way a stream can
// be cut into chunks: the same lines as splitting the whole text at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/bench/random.js';
import { LineBlockSplitter } from '../../src/core/logs/lineBlockSplitter.js';
import { LineSplitter } from '../../src/core/logs/lineSplitter.js';

const TEXTS = [
  'INFO 12-05 10:00:01 Starting vLLM API server\nLoading safetensors checkpoint shards:  50% ▕█████     ▏ 1/2\r\nERROR 12-05 10:00:09 CUDA out of memory\n',
  '\uFEFFfirst line after a byte-order mark\nsecond, no newline at the end — 終わり',
  '\n\nblank lines kept\n\n',
  'one line only',
  '',
];

/** What the whole text gives split at once: every line, the last one only if it is not empty. */
function expected(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

describe('line splitters', () => {
  it('give the lines of the whole text however the bytes are cut', () => {
    const random = seededRandom(11);
    for (const text of TEXTS) {
      const bytes = new TextEncoder().encode(text);
      for (let round = 0; round < 300; round++) {
        const cuts = Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * (bytes.length + 1))).sort((a, b) => a - b);
        const lines: string[] = [];
        const splitter = new LineSplitter((line) => lines.push(line));
        for (const chunk of chunks(bytes, cuts)) splitter.push(chunk);
        splitter.end();
        assert.deepEqual(lines, expected(text), `${JSON.stringify(text.slice(0, 30))} cut at ${cuts}`);

        const fromBlocks: string[] = [];
        const blocks = new LineBlockSplitter((t, from, to) => fromBlocks.push(...expected(t.slice(from, to))));
        for (const chunk of chunks(bytes, cuts)) blocks.push(chunk);
        blocks.end();
        assert.deepEqual(fromBlocks, expected(text), `blocks: ${JSON.stringify(text.slice(0, 30))} cut at ${cuts}`);
      }
    }
  });

  it('take text already decoded too', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    for (const part of ['a', 'b\nc', '\n', 'd']) splitter.push(part);
    splitter.end();
    assert.deepEqual(lines, ['ab', 'c', 'd']);
  });
});
