/**
 * Splits a multi-document YAML text at `---` / `...` marker lines. In YAML 1.2 a line starting with a
 * document marker at column 0 can never be content, so the split is exact; it lets each document be
 * parsed (and its lint result cached) on its own, which keeps relint after a one-line edit cheap.
 */
export interface TextChunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
}

const MARKER = /^(---|\.\.\.)(?=[ \t]|\r?\n|\r|$)/;

export function splitDocuments(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  let pendingEndMarker = false;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const marker = MARKER.exec(line)?.[1];
    if (pendingEndMarker && marker !== '---' && lineStart > chunkStart) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
      chunkStart = lineStart;
    }
    pendingEndMarker = false;
    if (marker === '---' && lineStart > chunkStart) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
      chunkStart = lineStart;
    } else if (marker === '...') {
      pendingEndMarker = true;
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return mergeContentless(chunks);
}

/** A chunk holding only directives, comments or blanks belongs to the document that follows it. */
function mergeContentless(chunks: TextChunk[]): TextChunk[] {
  const merged: TextChunk[] = [];
  let carry: TextChunk | undefined;
  for (const chunk of chunks) {
    const current = carry ? { start: carry.start, text: carry.text + chunk.text } : chunk;
    carry = undefined;
    if (hasOnlyPreamble(current.text) && chunk !== chunks[chunks.length - 1]) carry = current;
    else merged.push(current);
  }
  if (carry) merged.push(carry);
  return merged;
}

function hasOnlyPreamble(text: string): boolean {
  return text.split(/\r?\n|\r/).every((line) => /^\s*(#.*)?$/.test(line) || line.startsWith('%'));
}
