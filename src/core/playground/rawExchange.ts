import { elideImages, elideImageString } from './elide.js';
import type { PreparedRequest } from './types.js';

/** The request as text, images elided to their size, the key shown as `Bearer $API_KEY` when one is sent. */
export function describeRequest(request: PreparedRequest, hasApiKey: boolean): string {
  const lines = [`${request.method} ${request.url}`];
  const headers = { ...request.headers };
  if (request.body.kind === 'multipart') headers['content-type'] = 'multipart/form-data; boundary=…';
  if (hasApiKey) headers.authorization = 'Bearer $API_KEY';
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push('');
  if (request.body.kind === 'json') lines.push(JSON.stringify(elideImages(request.body.value), null, 2));
  else {
    for (const part of request.body.parts) {
      if ('bytes' in part) lines.push(`${part.name}: @${part.filename} (${part.contentType}, ${part.bytes.length.toLocaleString('en-US')} bytes)`);
      else lines.push(`${part.name}: ${part.value}`);
    }
  }
  return lines.join('\n');
}

/** The response as text: status line, the headers that matter, the body pretty-printed with images elided. */
export function describeResponse(status: number, headers: Record<string, string>, body: string, truncated = false): string {
  const lines = [`HTTP ${status}`];
  for (const name of ['content-type', 'content-length', 'x-request-id', 'server']) if (headers[name]) lines.push(`${name}: ${headers[name]}`);
  lines.push('');
  let text: string;
  try {
    text = JSON.stringify(elideImages(JSON.parse(body)), null, 2);
  } catch {
    // Not JSON: only the head is worth showing, and a junk body can be hundreds of megabytes.
    const head = body.length > 256 * 1024 ? body.slice(0, 256 * 1024) : body;
    text = head.split('\n').map((line) => {
      const m = /^data:\s*(\{.*\})\s*$/.exec(line);
      if (!m) return line;
      try {
        return `data: ${JSON.stringify(elideImages(JSON.parse(m[1])))}`;
      } catch {
        return line;
      }
    }).join('\n');
    text = elideImageString(text) ?? (body.length > 64 * 1024 ? `${text.slice(0, 64 * 1024)}\n… (${body.length.toLocaleString('en-US')} characters)` : text);
  }
  lines.push(text);
  if (truncated) lines.push('… (body cut at the size limit)');
  return lines.join('\n');
}
