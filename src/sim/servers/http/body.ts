import type { IncomingMessage } from 'node:http';
import { Request } from 'undici';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number, readonly received: number) {
    super(`Request body too large: ${received} bytes exceeds the limit of ${limit} bytes`);
  }
}

export class MalformedBodyError extends Error {
  constructor(message: string, readonly position?: number) {
    super(message);
  }
}

/** Buffers the request body, refusing (before reading it all) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit, declared));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit, size));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (error) => { if (!failed) { failed = true; reject(error); } });
  });
}

/** Parses JSON; a syntax error becomes MalformedBodyError carrying the character position when V8 reports it. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new MalformedBodyError('request body is empty; expected a JSON object', 0);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    throw new MalformedBodyError(`JSON decode error: ${message}`, position ? Number(position[1]) : undefined);
  }
}

export interface MultipartFile {
  name: string;
  filename: string;
  type: string;
  bytes: Uint8Array;
}

export interface MultipartForm {
  fields: Map<string, string[]>;
  files: Map<string, MultipartFile[]>;
}

/** Parses multipart/form-data (or urlencoded) with undici's spec-compliant parser. */
export async function parseFormBody(body: Buffer, contentType: string): Promise<MultipartForm> {
  let data: Awaited<ReturnType<Request['formData']>>;
  try {
    data = await new Request('http://sim.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch (error) {
    throw new MalformedBodyError(`There was an error parsing the body: ${(error as Error).message}`);
  }
  const form: MultipartForm = { fields: new Map(), files: new Map() };
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') {
      form.fields.set(name, [...(form.fields.get(name) ?? []), value]);
    } else {
      const file: MultipartFile = { name, filename: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
      form.files.set(name, [...(form.files.get(name) ?? []), file]);
    }
  }
  return form;
}
