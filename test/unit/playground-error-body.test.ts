import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseErrorBody } from '../../src/core/playground/index';

test('vLLM < 0.10.1 flat error with param', () => {
  const e = parseErrorBody(400, JSON.stringify({ object: 'error', message: 'max_tokens must be at least 1, got 0.', type: 'BadRequestError', param: 'max_tokens', code: 400 }));
  assert.equal(e.shape, 'vllm-legacy');
  assert.equal(e.message, 'HTTP 400 Bad Request: max_tokens must be at least 1, got 0.');
  assert.deepEqual(e.fields, [{ field: 'max_tokens', message: 'max_tokens must be at least 1, got 0.' }]);
});

test('vLLM ≥ 0.10.1 nested error with a pydantic repr list turned into fields', () => {
  const message = "[{'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required', 'input': None}, {'type': 'int_parsing', 'loc': ('body', 'seed'), 'msg': 'Input should be a valid integer, unable to parse string as an integer', 'input': 'abc'}]";
  const e = parseErrorBody(400, JSON.stringify({ error: { message, type: 'BadRequestError', param: 'prompt', code: 400 } }));
  assert.equal(e.shape, 'vllm');
  assert.deepEqual(e.fields, [{ field: 'prompt', message: 'Field required' }, { field: 'seed', message: 'Input should be a valid integer, unable to parse string as an integer' }]);
});

test('FastAPI detail string and validation list', () => {
  const s = parseErrorBody(422, JSON.stringify({ detail: "Field 'image' or 'url' is required" }));
  assert.equal(s.shape, 'fastapi-detail');
  assert.equal(s.message, "HTTP 422 Unprocessable Entity: Field 'image' or 'url' is required");
  const v = parseErrorBody(422, JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'prompt'], msg: 'Field required' }, { type: 'literal_error', loc: ['body', 'rank'], msg: 'Input should be 64 or 128' }] }));
  assert.equal(v.shape, 'fastapi-validation');
  assert.deepEqual(v.fields, [{ field: 'prompt', message: 'Field required' }, { field: 'rank', message: 'Input should be 64 or 128' }]);
  assert.equal(v.message, 'HTTP 422 Unprocessable Entity: prompt: Field required; rank: Input should be 64 or 128');
});

test('Nunchaku Qwen-Image-Edit API ErrorResponse and success:false', () => {
  assert.equal(parseErrorBody(500, JSON.stringify({ error: 'Inference failed', detail: 'CUDA out of memory', timestamp: 't', request_id: 'r' })).message, 'HTTP 500 Internal Server Error: Inference failed: CUDA out of memory');
  assert.equal(parseErrorBody(200, JSON.stringify({ success: false, error_message: 'no kernel image is available', processing_time: 0 })).shape, 'nunchaku');
});

test('--api-key middleware, plain text, HTML and empty bodies', () => {
  const auth = parseErrorBody(401, '{"error":"Unauthorized"}');
  assert.equal(auth.shape, 'openai-string');
  assert.match(auth.message, /^HTTP 401 Unauthorized: Unauthorized — set the endpoint's API key/);
  assert.equal(parseErrorBody(502, 'Bad gateway\n').message, 'HTTP 502 Bad Gateway: Bad gateway');
  assert.match(parseErrorBody(404, '<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>').message, /HTML page "404 Not Found" — probably a proxy or ingress/);
  assert.equal(parseErrorBody(503, '').shape, 'empty');
  assert.match(parseErrorBody(404, '{"detail":"Not Found"}').message, /wrong route for this server/);
});
