// The SSE accumulator every streamed chat and caption goes through: the same text, token count, usage and [DONE]
// wherever the network cuts the stream, LF or CRLF line ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/bench/random.js';
import { ChatStreamAccumulator } from '../../src/core/playground/captionResponse.js';

const event = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}`;
const STREAM = [
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })}`,
  event('A red'), event(' bicycle'), ': keep-alive comment', event(' leans'), event(' on a wall.\n'),
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}`,
  `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 } })}`,
  'data: [DONE]',
];

function feed(text: string, cuts: number[]): ChatStreamAccumulator & { live: string } {
  const acc = new ChatStreamAccumulator();
  let live = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    live += acc.push(text.slice(from, cut));
    from = cut;
  }
  acc.finish();
  return Object.assign(acc, { live });
}

describe('ChatStreamAccumulator', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`gives the same result on every chunking (${JSON.stringify(eol)} line ends)`, () => {
      const text = STREAM.join(eol + eol) + eol + eol;
      const random = seededRandom(5);
      for (let round = 0; round < 300; round++) {
        const cuts = Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * text.length)).sort((a, b) => a - b);
        const acc = feed(text, cuts);
        assert.equal(acc.text, 'A red bicycle leans on a wall.\n', `cuts ${cuts}`);
        assert.equal(acc.live, acc.text);
        assert.equal(acc.chunks, 4);
        assert.equal(acc.completionTokens, 7);
        assert.equal(acc.done, true);
        assert.equal(acc.error, undefined);
      }
    });
  }

  it('takes a last event with no line end at finish, and keeps an error event', () => {
    const acc = feed(`${event('one')}\n\ndata: {"object":"error","message":"KV cache full","code":503}`, []);
    assert.equal(acc.text, 'one');
    assert.deepEqual(acc.error, { object: 'error', message: 'KV cache full', code: 503 });
  });
});
