import type { PreparedRequest } from './types.js';

export interface CurlOptions {
  /** Adds `-H "Authorization: Bearer $API_KEY"`: the key itself is never written. */
  apiKey: boolean;
  /** Multipart files: the local path to put after `@` (default the part's file name). */
  filePath?: (filename: string, index: number) => string;
}

/** POSIX single-quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A runnable curl command. JSON bodies go through a quoted here-document on stdin (`--data-binary @-`), which has
 * no argument-length limit (a 180,000-character data URL would break `-d '…'` on Linux) and no shell expansion.
 * Multipart text fields use `--form-string` (no `@`/`<` surprises); files `-F name=@path;type=…`.
 */
export function renderCurl(request: PreparedRequest, options: CurlOptions): string {
  const lines = [`curl -sS -X ${request.method} ${shellQuote(request.url)}`];
  for (const [k, v] of Object.entries(request.headers)) {
    if (request.body.kind === 'multipart' && k.toLowerCase() === 'content-type') continue;
    lines.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  }
  if (options.apiKey) lines.push('-H "Authorization: Bearer $API_KEY"');
  if (request.body.kind === 'multipart') {
    let fileIndex = 0;
    for (const part of request.body.parts) {
      if ('bytes' in part) {
        const path = options.filePath?.(part.filename, fileIndex++) ?? part.filename;
        lines.push(`-F ${shellQuote(`${part.name}=@${path.replace(/[";]/g, '_')};type=${part.contentType}`)}`);
      } else lines.push(`--form-string ${shellQuote(`${part.name}=${part.value}`)}`);
    }
    return lines.join(' \\\n  ');
  }
  const json = JSON.stringify(request.body.value);
  let marker = 'JSON';
  while (json.includes(marker)) marker += '_';
  lines.push(`--data-binary @- <<'${marker}'`);
  return `${lines.join(' \\\n  ')}\n${json}\n${marker}`;
}
