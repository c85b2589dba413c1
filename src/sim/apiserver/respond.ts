import type { ServerResponse } from 'node:http';
import { ApiError, errors } from './status.js';

export function sendJson(response: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  response.end(text);
}

/** Answers any thrown error as an apiserver Status; unknown errors become 500 without internals. */
export function sendError(response: ServerResponse, error: unknown): void {
  const apiError = error instanceof ApiError ? error : errors.internal(error instanceof Error ? error.message : String(error));
  sendJson(response, apiError.code, apiError.toStatus());
}
