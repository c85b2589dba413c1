// Utf8ChunkDecoder must give exactly what a streaming TextDecoder gives, wherever the network cuts the bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Utf8ChunkDecoder } from '../../src/core/http/utf8ChunkDecoder.js';
import { seededRandom } from '../../src/core/bench/random.js';

const SAMPLES = [
  'data: {"choices":[{"delta":{"content":"Ein Bild zeigt eine Straße"}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"一只猫坐在窗台上 🐈‍⬛"}}]}\n\ndata: [DONE]\n\n',
  '\uFEFFdata: {"choices":[{"delta":{"content":"BOM first"}}]}\n\n',
  'plain ascii only\n',
  'ends inside nothing: é',
  'emoji at the end 😀',
];

function reference(bytes: Uint8Array, cuts: number[]): string {
  const d = new TextDecoder();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += d.decode(bytes.subarray(from, cut), { stream: true });
    from = cut;
  }
  return out + d.decode();
}

function ours(bytes: Uint8Array, cuts: number[]): string {
  const d = new Utf8ChunkDecoder();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += d.decode(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  return out + d.end();
}

describe('Utf8ChunkDecoder', () => {
  it('equals a streaming TextDecoder on every cut of multi-byte text, with a BOM, and at truncated ends', () => {
    const random = seededRandom(17);
    for (const sample of SAMPLES) {
      const bytes = new TextEncoder().encode(sample);
      // Every single cut position…
      for (let cut = 0; cut <= bytes.length; cut++) assert.equal(ours(bytes, [cut]), reference(bytes, [cut]), `${JSON.stringify(sample)} cut at ${cut}`);
      // …and random multi-cuts, including a stream truncated inside a character.
      for (let round = 0; round < 200; round++) {
        const cuts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
        const end = random() < 0.2 ? Math.max(0, bytes.length - 1) : bytes.length;
        const truncated = bytes.subarray(0, end);
        const within = cuts.filter((c) => c <= end);
        assert.equal(ours(truncated, within), reference(truncated, within), `${JSON.stringify(sample)} cuts ${within} end ${end}`);
      }
    }
  });

  it('replaces invalid bytes as TextDecoder does and keeps going', () => {
    const bytes = Uint8Array.from([0x61, 0xff, 0x62, 0xc3, 0x0a, 0x63]);
    for (let cut = 0; cut <= bytes.length; cut++) assert.equal(ours(bytes, [cut]), reference(bytes, [cut]), `cut at ${cut}`);
  });
});
