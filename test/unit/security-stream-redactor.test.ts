// A streamed answer that echoes the API key — split across pieces anywhere — never shows the key, its base64 form, or
// a long beginning of it; what is shown, piece by piece, adds up to what redactSecrets makes of the whole text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/bench/random.js';
import { REDACTED, StreamRedactor, redactSecrets } from '../../src/core/security/redact.js';

const KEY = 'nvapi-Zq8xK2mP4vL7wR9tY3bN6cJ1hF5gD0sA';
const B64 = Buffer.from(KEY).toString('base64');
const TEXTS = [
  `The image shows a sign reading ${KEY} on a wall.`,
  `${KEY}${KEY} twice, then base64 ${B64} and the key's first letters nvapi-Zq8 alone.`,
  'No secret here at all, only nvapi-like words: nvapi nva nv n.',
  `Ends with the key: ${KEY}`,
];

function feed(text: string, cuts: number[]): { shown: string[]; steps: string[] } {
  const redactor = new StreamRedactor([KEY]);
  const shown: string[] = [];
  const steps: string[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    shown.push(redactor.push(text.slice(from, cut)));
    steps.push(shown.join(''));
    from = cut;
  }
  shown.push(redactor.end());
  steps.push(shown.join(''));
  return { shown, steps };
}

describe('StreamRedactor', () => {
  it('shows exactly the redacted text, and at no step any part of the key that could be it', () => {
    const random = seededRandom(23);
    for (const text of TEXTS) {
      const whole = redactSecrets(text, [KEY]);
      // Every single cut, then random multi-cuts (pieces of one character included).
      const cutSets = [...Array.from({ length: text.length + 1 }, (_, i) => [i]), ...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * (text.length + 1))).sort((a, b) => a - b))];
      for (const cuts of cutSets) {
        const { steps } = feed(text, cuts);
        assert.equal(steps.at(-1), whole, `cuts ${cuts}`);
        for (const step of steps) {
          assert.ok(whole.startsWith(step), `shown so far is a prefix of the redacted text (cuts ${cuts}): ${step}`);
          assert.ok(!step.includes(KEY.slice(0, 12)) && !step.includes(B64.slice(0, 12)), `no long beginning of the key shows (cuts ${cuts}): ${step}`);
        }
      }
    }
  });

  it('masks a long beginning of the key left at the end of the stream, and passes text through when there is no key', () => {
    const redactor = new StreamRedactor([KEY]);
    assert.equal(redactor.push('a cut-off key nvapi-Zq8xK'), 'a cut-off key ');
    assert.equal(redactor.end(), REDACTED);
    const none = new StreamRedactor([undefined, 'short']);
    assert.equal(none.push('nvapi-Zq8xK short'), 'nvapi-Zq8xK short');
  });
});
