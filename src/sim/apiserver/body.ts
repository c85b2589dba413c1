import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from './status.js';

/** The apiserver's own request body limit (3 MiB). */
export const DEFAULT_BODY_LIMIT = 3 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    throw errors.tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      request.resume();
      throw errors.tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function mediaType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON (or, for YAML media types, YAML) body into a value; malformed input is a 400 Status. */
export function parseBody(raw: Buffer, type: string): unknown {
  const text = raw.toString('utf8');
  if (!text.trim()) throw errors.badRequest('the request body is empty: send the object as JSON or YAML');
  if (type.endsWith('yaml')) {
    try {
      return parseYaml(text, { maxAliasCount: 100 });
    } catch (error) {
      throw errors.badRequest(`error decoding YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`couldn't decode the request body as JSON: ${(error as Error).message}`);
  }
}

export function requireObject(value: unknown, what = 'the request body'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`${what} must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
