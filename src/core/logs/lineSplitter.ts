/**
 * Bytes or text in, lines out, for log streams and files read in large chunks. Decodes with TextDecoder (several
 * times faster than `setEncoding('utf8')` / `Buffer#toString` on logs with non-ASCII characters, such as progress
 * bars), keeping a byte-order mark and replacing invalid bytes as they do, and a character split across chunks
 * whole. Lines are split at `\n` only (a `\r` before it stays in the line) by one scan per chunk: nothing is copied
 * per line but the line itself, however many lines a chunk holds.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The start of a line whose end has not arrived yet. */
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  /** A chunk of the stream: bytes (decoded here) or text already decoded. */
  push(chunk: Uint8Array | string): void {
    const decoded = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.split(decoded);
  }

  /** The stream ended: the last line, if it had no newline. */
  end(): void {
    const tail = this.decoder.decode();
    if (tail) this.split(tail);
    if (this.rest) {
      const last = this.rest;
      this.rest = '';
      this.onLine(last);
    }
  }

  private split(decoded: string): void {
    let newline = decoded.indexOf('\n');
    if (newline === -1) {
      this.rest += decoded;
      return;
    }
    const onLine = this.onLine;
    onLine(this.rest ? this.rest + decoded.slice(0, newline) : decoded.slice(0, newline));
    let start = newline + 1;
    for (newline = decoded.indexOf('\n', start); newline !== -1; newline = decoded.indexOf('\n', start)) {
      onLine(decoded.slice(start, newline));
      start = newline + 1;
    }
    this.rest = decoded.slice(start);
  }
}
