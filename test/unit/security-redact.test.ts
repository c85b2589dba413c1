import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskCredentials, redactSecrets } from '../../src/core/security/redact.js';

test('every string in nested data loses the secret and its base64; bytes and short values stay as they are', () => {
  const key = 'nvapi-abcdef123456';
  const bytes = new Uint8Array([1, 2, 3]);
  const value = { message: `bad key ${key}`, list: [`b64 ${Buffer.from(key).toString('base64')}`, 42, null], nested: { bytes, text: 'plain' } };
  const out = redactSecrets(value, [key, 'abc', undefined]);
  assert.deepEqual(out, { message: 'bad key ***', list: ['b64 ***', 42, null], nested: { bytes, text: 'plain' } });
  assert.equal(out.nested.bytes, bytes);
  assert.equal(redactSecrets('abc and abc', ['abc']), 'abc and abc', 'secrets under 6 characters are not searched for');
});

test('credential-looking values are masked whatever the case of the key; a plain word after the key is prose and stays', () => {
  assert.equal(maskCredentials('token: abcdefgh123 and api_key=sk12345678'), 'token: *** and api_key=***');
  assert.equal(maskCredentials('API_KEY=ABCDEFGHIJK token=Abcdefghij'), 'API_KEY=*** token=***');
  assert.equal(maskCredentials('"password": "s3cr3tvalue"'), '"password": "***"');
  // containerd's pull error and similar messages: "password:" followed by an ordinary word.
  assert.equal(maskCredentials('failed to pull: invalid username/password: authentication required'), 'failed to pull: invalid username/password: authentication required');
  assert.equal(maskCredentials('Error: invalid token: expired'), 'Error: invalid token: expired');
});
