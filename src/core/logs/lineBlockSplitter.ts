/**
 * Bytes in, runs of whole lines out, for consumers that scan many lines at once (StreamingDoctor.feedBlock): each
 * chunk is decoded once and handed over as the decoded string with the range of its whole lines — no slice or
 * concatenation of a megabyte, which would make every character read slower. The line a chunk boundary cut is handed
 * over on its own. Decoding: TextDecoder, byte-order mark kept, invalid bytes replaced, a
 * character cut across chunks whole.
 */
export class LineBlockSplitter {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The start of a line whose end has not arrived yet. */
  private rest = '';

  /**
   * `onBlock(text, from, to)`: the lines in text[from, to), each ending with `\n` except, at the end of the stream,
   * a last line without one.
   */
  constructor(private readonly onBlock: (text: string, from: number, to: number) => void) {}

  push(chunk: Uint8Array | string): void {
    const decoded = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lastNewline = decoded.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.rest += decoded;
      return;
    }
    let from = 0;
    if (this.rest) {
      from = decoded.indexOf('\n') + 1;
      const joined = this.rest + decoded.slice(0, from);
      this.rest = '';
      this.onBlock(joined, 0, joined.length);
    }
    const rest = decoded.slice(lastNewline + 1);
    if (from <= lastNewline) this.onBlock(decoded, from, lastNewline + 1);
    this.rest = rest;
  }

  end(): void {
    const tail = this.rest + this.decoder.decode();
    this.rest = '';
    if (tail) this.onBlock(tail, 0, tail.length);
  }
}
