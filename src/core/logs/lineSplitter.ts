import { LineBlockSplitter } from './lineBlockSplitter.js';

/**
 * Bytes or text in, lines out, for log streams and files read in large chunks: LineBlockSplitter's decoding (a
 * byte-order mark kept, invalid bytes replaced, a character split across chunks whole), each run of whole lines then
 * cut at `\n` (a `\r` before it stays in the line) — nothing is copied per line but the line itself.
 */
export class LineSplitter {
  private readonly blocks: LineBlockSplitter;

  constructor(onLine: (line: string) => void) {
    this.blocks = new LineBlockSplitter((text, from, to) => {
      let start = from;
      for (let newline = text.indexOf('\n', start); newline !== -1 && newline < to; newline = text.indexOf('\n', start)) {
        onLine(text.slice(start, newline));
        start = newline + 1;
      }
      // Only at the end of the stream: a last line with no newline.
      if (start < to) onLine(text.slice(start, to));
    });
  }

  /** A chunk of the stream: bytes (decoded here) or text already decoded. */
  push(chunk: Uint8Array | string): void {
    this.blocks.push(chunk);
  }

  /** The stream ended: the last line, if it had no newline. */
  end(): void {
    this.blocks.end();
  }
}
