import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_CAPTION_FORM, DEFAULT_EDIT_FORM, hostMessageSchema, parseMessage, webviewMessageSchema } from '../../src/messages/playgroundMessages';
import { playgroundHtml } from '../../src/extension/playground/playgroundHtml';

const target = { endpointKey: 'custom:http://127.0.0.1:8000/v1', baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', timeoutMs: 5000 };
const image = { name: 'a.png', base64: 'iVBORw0KGgo=' };
const run = { type: 'run', requestId: 'r1', target, job: { mode: 'caption', form: DEFAULT_CAPTION_FORM, image }, repeat: 1 };

test('well-formed webview messages are accepted', () => {
  for (const message of [
    { type: 'ready' },
    run,
    { type: 'run', requestId: 'r2', target, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, prompt: 'x', seed: 3 }, images: [image] }, repeat: 10 },
    { type: 'cancel', requestId: 'r1' },
    { type: 'copyCurl', target, job: { mode: 'caption', form: { ...DEFAULT_CAPTION_FORM, dialect: 'url', imageUrl: 'https://x/y.png' } } },
    { type: 'pickImage', slot: 'edit' },
    { type: 'inspectImage', slot: 'caption', image },
  ]) assert.equal(parseMessage(webviewMessageSchema, message).ok, true, JSON.stringify(message));
});

test('malformed webview messages are rejected with the field that is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ type: 'launchMissiles' }, /malformed "launchMissiles" message/],
    [null, /malformed "\?" message/],
    [{ type: 'ready', extra: 1 }, /Unrecognized key/],
    [{ ...run, target: { ...target, apiKey: 'sk-smuggled' } }, /target: Unrecognized key.*apiKey/],
    [{ ...run, target: { ...target, baseUrl: 'file:///etc/passwd' } }, /target\.baseUrl: base URL must start with http/],
    [{ ...run, repeat: 0 }, /repeat/],
    [{ ...run, repeat: 1.5 }, /repeat/],
    [{ ...run, requestId: '../../x' }, /requestId/],
    [{ ...run, job: { mode: 'caption', form: { ...DEFAULT_CAPTION_FORM, dialect: 'gif' }, image } }, /job\.form\.dialect/],
    [{ ...run, job: { mode: 'caption', form: { ...DEFAULT_CAPTION_FORM, temperature: 3 }, image } }, /job\.form\.temperature/],
    [{ ...run, job: { mode: 'caption', form: DEFAULT_CAPTION_FORM, image: { name: 'a', base64: 'not base64!' } } }, /job\.image\.base64: image must be plain base64/],
    [{ ...run, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, size: '1024*1024' }, images: [] } }, /job\.form\.size/],
    [{ ...run, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, rank: 32 }, images: [] } }, /job\.form\.rank/],
    [{ ...run, job: { mode: 'edit', form: { ...DEFAULT_EDIT_FORM, seed: -1 }, images: [] } }, /job\.form\.seed/],
    [{ ...run, job: { mode: 'paint', form: {} } }, /job\.mode|Invalid/],
    [{ type: 'saveResult', name: 'x.png' }, /base64/],
  ];
  for (const [message, reason] of cases) {
    const parsed = parseMessage(webviewMessageSchema, message);
    assert.equal(parsed.ok, false, JSON.stringify(message));
    assert.match((parsed as { reason: string }).reason, reason);
  }
});

test('host messages are validated too: results, errors with fields, and nothing that carries a key', () => {
  assert.equal(hostMessageSchema.safeParse({ type: 'result', requestId: 'r1', run: 1, of: 1, ok: false, latencyMs: 3, rawRequest: 'POST …', error: { message: 'HTTP 422', shape: 'fastapi-validation', fields: [{ field: 'prompt', message: 'Field required' }] } }).success, true);
  assert.equal(hostMessageSchema.safeParse({ type: 'init', endpoints: [{ key: 'user:a', name: 'a', baseUrl: 'http://x', kind: 'openai', hasApiKey: true, apiKey: 'sk' }] }).success, false);
  assert.equal(hostMessageSchema.safeParse({ type: 'delta', requestId: 'r1' }).success, false);
});

test('the shared modules import only zod and each other (bundled into the browser and the extension)', () => {
  const importsOf = (file: string) => [...readFileSync(new URL(`../../src/messages/${file}`, import.meta.url), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
  assert.deepEqual(importsOf('playgroundMessages.ts'), ['zod', './loadMessages.js']);
  assert.deepEqual(importsOf('loadMessages.ts'), ['zod']);
});

test('the webview HTML has a strict CSP: nonce-only scripts, no remote sources', () => {
  const html = playgroundHtml({ script: 'https://file+.vscode-resource/dist/webview.js', style: 'https://file+.vscode-resource/media/playground.css', cspSource: 'https://file+.vscode-resource' }, 'abc123');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\/dist\/webview\.js"><\/script>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
