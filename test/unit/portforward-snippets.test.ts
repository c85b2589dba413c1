import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePortMapping } from '../../src/cli/commands/portForward.js';
import { curlSnippet, openAiBaseUrlExport, pythonSnippet } from '../../src/core/portforward/snippets.js';
import { forwardDescription, formatBytes } from '../../src/extension/portForwards/forwardPresentation.js';

test('OPENAI_BASE_URL, curl and Python snippets use the local URL and never carry a key', () => {
  assert.equal(openAiBaseUrlExport('http://127.0.0.1:8000'), 'export OPENAI_BASE_URL=http://127.0.0.1:8000/v1');
  const curl = curlSnippet('http://127.0.0.1:8000', "it's/model");
  assert.match(curl, /^curl -sS http:\/\/127\.0\.0\.1:8000\/v1\/chat\/completions \\\n/);
  assert.match(curl, /-H "Authorization: Bearer \$API_KEY"/);
  assert.match(curl, /"model":"it'\\''s\/model"/);
  assert.equal(curlSnippet('http://127.0.0.1:8000'), 'curl -sS http://127.0.0.1:8000/v1/models -H "Authorization: Bearer $API_KEY"');
  const python = pythonSnippet('http://127.0.0.1:8000', 'm');
  assert.match(python, /base_url="http:\/\/127\.0\.0\.1:8000\/v1", api_key=os\.environ\.get\("API_KEY", "none"\)/);
  assert.match(python, /model="m"/);
});

test('[LOCAL:]REMOTE reads as kubectl does', () => {
  assert.deepEqual(parsePortMapping('8000'), { local: 8000, remote: 8000 });
  assert.deepEqual(parsePortMapping('9000:8000'), { local: 9000, remote: 8000 });
  assert.deepEqual(parsePortMapping(':8000'), { local: 0, remote: 8000 });
  for (const bad of ['0', '65536', 'a', '1:2:3', '9000:', '-1:80']) assert.throws(() => parsePortMapping(bad), /cannot read port/, bad);
});

test('a forward row: local port, state, bytes; a failed one its reason', () => {
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(forwardDescription({ state: 'forwarding', localPort: 8000, bytesIn: 2048, bytesOut: 300, connections: 1 }), '127.0.0.1:8000 · forwarding · ↓2.0 KB ↑300 B');
  assert.equal(forwardDescription({ state: 'failed', reason: 'local port 8000 is already in use', bytesIn: 0, bytesOut: 0, connections: 0 }, 8000), '127.0.0.1:8000 · failed · local port 8000 is already in use');
});
