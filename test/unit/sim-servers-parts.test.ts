import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeReply, generate, tokenize } from '../../src/sim/servers/chat/captionModel';
import { ChatRequestError, parseChatRequest } from '../../src/sim/servers/chat/chatRequest';
import { vllmErrorBody } from '../../src/sim/servers/errorShapes';
import { FaultControl, FaultPatchError } from '../../src/sim/servers/faults';
import { parseSize } from '../../src/sim/servers/imageEdit/imageEditModel';
import { WarmupState } from '../../src/sim/servers/warmup';

test('FaultControl: queued failures first, then drops, then the fail rate; counters add up', () => {
  let roll = 0.5;
  const control = new FaultControl(new WarmupState(0), undefined, () => roll);
  control.update({ failNext: [{ status: 503 }, { status: 429, body: 'slow down' }], dropConnections: 1, failRate: 0.4, latencyMs: 7 });
  assert.deepEqual(control.decide(), { latencyMs: 7, drop: false, fail: { status: 503, body: undefined } });
  assert.deepEqual(control.decide().fail, { status: 429, body: 'slow down' });
  assert.equal(control.decide().drop, true);
  assert.equal(control.decide().fail, undefined, 'roll 0.5 ≥ rate 0.4');
  roll = 0.1;
  assert.deepEqual(control.decide().fail, { status: 500 });
  assert.deepEqual(control.state().counters, { requests: 5, failed: 3, dropped: 1 });
  assert.throws(() => control.update({ failNext: { status: 200 } }), FaultPatchError);
  assert.throws(() => control.update({ latencyMs: -1 }), /latencyMs must be a non-negative number/);
});

test('WarmupState restarts with a fake clock', () => {
  let now = 1000;
  const warmup = new WarmupState(500, () => now);
  assert.equal(warmup.isWarm(), false);
  now = 1500;
  assert.equal(warmup.isWarm(), true);
  warmup.restart(100);
  assert.equal(warmup.remainingMs(), 100);
});

test('parseChatRequest reads both image dialects and rejects unknown parts with the path', () => {
  const chat = parseChatRequest({ messages: [{ role: 'user', content: [{ type: 'image', image: 'abc' }, { type: 'image_url', image_url: { url: 'data:x' } }, { type: 'text', text: 'hi' }] }], max_tokens: 3, stream: true });
  assert.deepEqual(chat.messages[0].images, [{ dialect: 'image', value: 'abc' }, { dialect: 'image_url', value: 'data:x' }]);
  assert.deepEqual([chat.maxTokens, chat.stream], [3, true]);
  assert.throws(() => parseChatRequest({ messages: [{ role: 'user', content: [{ type: 'audio' }] }] }), (e: unknown) => e instanceof ChatRequestError && /messages\[0\]\.content\[0\]: unknown content part type "audio"/.test(e.message));
  assert.throws(() => parseChatRequest({ messages: [], max_tokens: 0 }), /max_tokens must be at least 1|at least one message/);
});

test('tokens re-join to the text; max_tokens truncates with finish_reason length', () => {
  const text = composeReply(parseChatRequest({ messages: [{ role: 'user', content: 'Hello there' }] }), [], 'm');
  assert.equal(tokenize(text).join(''), text);
  assert.deepEqual(generate('a b c d', 2), { tokens: ['a', ' b'], finishReason: 'length' });
  assert.equal(generate('a b', 5).finishReason, 'stop');
});

test('vLLM error bodies: legacy flat vs current nested', () => {
  assert.deepEqual(vllmErrorBody('legacy', 404, 'm'), { object: 'error', message: 'm', type: 'NotFoundError', param: null, code: 404 });
  assert.deepEqual(vllmErrorBody('current', 400, 'm'), { error: { message: 'm', type: 'BadRequestError', param: null, code: 400 } });
});

test('parseSize: auto, WxH, and a clear error otherwise', () => {
  assert.equal(parseSize('auto'), undefined);
  assert.deepEqual(parseSize('1024x768'), { width: 1024, height: 768 });
  assert.throws(() => parseSize('1024*768'), /Invalid size format: '1024\*768'\. Expected 'auto' or 'WIDTHxHEIGHT'/);
  assert.throws(() => parseSize('0x5'), /Invalid size format/);
});
