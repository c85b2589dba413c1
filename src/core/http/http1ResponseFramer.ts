/** What a ResponseFramer reports, in order: headers once, data zero or more times, then complete (or it throws). */
export interface FramerEvents {
  onHeaders(status: number, rawHeaders: Buffer[]): void;
  onData(chunk: Buffer): void;
  /** `keepAlive`: the connection may carry the next request; `serverKeepAliveMs` from `Keep-Alive: timeout=N`. */
  onComplete(keepAlive: boolean, serverKeepAliveMs: number | undefined): void;
}

/** What is not HTTP/1.x (a handler's own exception passes through as it is). */
export class FramingError extends Error {}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const CR = 13;
const LF = 10;

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'until-close' | 'done';

/**
 * Splits one HTTP/1.1 response off a connection's bytes (RFC 9112 §6.3): status line and headers, then a body framed
 * by chunked coding, Content-Length or the connection's end; 1xx interim responses are skipped. Body bytes are passed
 * on as views of the chunks received, never copied. Throws on what is not HTTP/1.x.
 */
export class ResponseFramer {
  private state: State = 'done';
  private headRequest = false;
  private head?: Buffer;
  private remaining = 0;
  private chunkSize = 0;
  private sizeDigits = 0;
  private inExtension = false;
  private lineLength = 0;
  private keepAlive = true;
  private serverKeepAliveMs?: number;
  private reported = true;
  /** Whether any byte of the response arrived. */
  started = false;

  constructor(private readonly events: FramerEvents) {}

  /** Ready for the answer to the request just sent (`headRequest`: a HEAD, whose answer has no body). */
  expect(headRequest: boolean): void {
    this.state = 'head';
    this.reported = false;
    this.headRequest = headRequest;
    this.head = undefined;
    this.started = false;
    this.keepAlive = true;
    this.serverKeepAliveMs = undefined;
  }

  push(chunk: Buffer): void {
    if (chunk.length) this.started = true;
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'head':
          at = this.readHead(chunk, at);
          break;
        case 'fixed':
          at = this.readBody(chunk, at);
          if (this.remaining === 0) this.state = 'done';
          break;
        case 'chunk-size':
          at = this.readChunkSize(chunk, at);
          break;
        case 'chunk-data':
          at = this.readBody(chunk, at);
          if (this.remaining === 0) {
            this.state = 'chunk-data-end';
            this.lineLength = 0;
          }
          break;
        case 'chunk-data-end': {
          const byte = chunk[at++];
          if (byte === LF) this.state = 'chunk-size';
          else if (byte !== CR || this.lineLength++ > 0) throw new FramingError('no CRLF after a chunk');
          break;
        }
        case 'trailers': {
          const byte = chunk[at++];
          if (byte === LF) {
            if (this.lineLength === 0) this.state = 'done';
            this.lineLength = 0;
          } else if (byte !== CR) this.lineLength++;
          break;
        }
        case 'until-close':
          this.events.onData(at === 0 ? chunk : chunk.subarray(at));
          at = chunk.length;
          break;
        case 'done':
          this.report(false);
          return;
      }
    }
    if (this.state === 'done') this.report(true);
  }

  /** The connection ended: completes a body read until close and says so; false if the response is cut off. */
  endOfConnection(): boolean {
    if (this.state !== 'until-close') return false;
    this.state = 'done';
    this.report(true);
    return true;
  }

  /** Up to `remaining` body bytes from `at`, passed on as a view. */
  private readBody(chunk: Buffer, at: number): number {
    const take = Math.min(this.remaining, chunk.length - at);
    this.events.onData(chunk.subarray(at, at + take));
    this.remaining -= take;
    return at + take;
  }

  private readHead(chunk: Buffer, at: number): number {
    const part = at === 0 ? chunk : chunk.subarray(at);
    const buffer = this.head ? Buffer.concat([this.head, part]) : part;
    // Search from where the previous piece ended (minus three bytes that may start the CRLFCRLF).
    const from = this.head ? Math.max(0, this.head.length - 3) : 0;
    const end = buffer.indexOf(CRLFCRLF, from);
    if (end < 0) {
      if (buffer.length > MAX_HEAD_BYTES) throw new FramingError(`response headers longer than ${MAX_HEAD_BYTES} bytes`);
      this.head = buffer;
      return chunk.length;
    }
    this.head = undefined;
    const consumedOfPart = end + 4 - (buffer.length - part.length);
    this.onHead(buffer.subarray(0, end));
    return at + consumedOfPart;
  }

  private onHead(head: Buffer): void {
    const firstLineEnd = head.indexOf(CR);
    const statusLine = head.toString('latin1', 0, firstLineEnd < 0 ? head.length : firstLineEnd);
    const match = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(statusLine);
    if (!match) throw new FramingError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const http10 = match[1] === '0';
    const status = Number(match[2]);
    const rawHeaders: Buffer[] = [];
    let contentLength: number | undefined;
    let chunked = false;
    let connection = '';
    let lineStart = firstLineEnd < 0 ? head.length : firstLineEnd + 2;
    while (lineStart < head.length) {
      let lineEnd = head.indexOf(CR, lineStart);
      if (lineEnd < 0) lineEnd = head.length;
      const colon = head.indexOf(58, lineStart);
      if (colon < 0 || colon > lineEnd) throw new FramingError(`a header line without a colon: ${JSON.stringify(head.toString('latin1', lineStart, Math.min(lineEnd, lineStart + 80)))}`);
      let valueStart = colon + 1;
      let valueEnd = lineEnd;
      while (valueStart < valueEnd && (head[valueStart] === 32 || head[valueStart] === 9)) valueStart++;
      while (valueEnd > valueStart && (head[valueEnd - 1] === 32 || head[valueEnd - 1] === 9)) valueEnd--;
      const name = head.subarray(lineStart, colon);
      const value = head.subarray(valueStart, valueEnd);
      rawHeaders.push(name, value);
      switch (name.length) {
        case 14:
          if (name.toString('latin1').toLowerCase() === 'content-length') {
            const text = value.toString('latin1');
            if (!/^\d+$/.test(text) || (contentLength !== undefined && contentLength !== Number(text))) throw new FramingError(`invalid Content-Length ${JSON.stringify(text)}`);
            contentLength = Number(text);
          }
          break;
        case 17:
          if (name.toString('latin1').toLowerCase() === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value.toString('latin1'));
          break;
        case 10:
          if (name.toString('latin1').toLowerCase() === 'connection') connection = value.toString('latin1').toLowerCase();
          else if (name.toString('latin1').toLowerCase() === 'keep-alive') {
            const timeout = /timeout\s*=\s*(\d+)/i.exec(value.toString('latin1'));
            if (timeout) this.serverKeepAliveMs = Number(timeout[1]) * 1000;
          }
          break;
      }
      lineStart = lineEnd + 2;
    }
    if (status >= 100 && status < 200) {
      if (status === 101) throw new FramingError('the server switched protocols (101), which this client does not speak');
      this.state = 'head';
      return;
    }
    this.keepAlive = http10 ? /\bkeep-alive\b/.test(connection) : !/\bclose\b/.test(connection);
    this.events.onHeaders(status, rawHeaders);
    if (this.headRequest || status === 204 || status === 304) this.state = 'done';
    else if (chunked) {
      this.state = 'chunk-size';
      this.resetChunkSize();
    } else if (contentLength !== undefined) {
      this.remaining = contentLength;
      this.state = 'fixed';
      if (contentLength === 0) this.state = 'done';
    } else {
      this.keepAlive = false;
      this.state = 'until-close';
    }
  }

  private readChunkSize(chunk: Buffer, at: number): number {
    while (at < chunk.length) {
      const byte = chunk[at++];
      if (byte === LF) {
        if (this.sizeDigits === 0) throw new FramingError('a chunk without a size');
        if (this.chunkSize === 0) {
          this.state = 'trailers';
          this.lineLength = 0;
        } else {
          this.remaining = this.chunkSize;
          this.state = 'chunk-data';
        }
        this.resetChunkSize();
        return at;
      }
      if (this.inExtension || byte === CR) continue;
      if (byte === 59 /* ; */ || byte === 32 || byte === 9) {
        this.inExtension = true;
        continue;
      }
      const digit = hexValue(byte);
      if (digit < 0) throw new FramingError(`invalid chunk size byte 0x${byte.toString(16)}`);
      if (++this.sizeDigits > 12) throw new FramingError('chunk size too large');
      this.chunkSize = this.chunkSize * 16 + digit;
    }
    return at;
  }

  private resetChunkSize(): void {
    this.chunkSize = 0;
    this.sizeDigits = 0;
    this.inExtension = false;
  }

  /** Once per response; `clean`: no byte followed the answer (a server that writes past it, with no pipelining
   * here, leaves the connection in an unknown state: not reused). */
  private report(clean: boolean): void {
    if (this.reported) return;
    this.reported = true;
    this.events.onComplete(this.keepAlive && clean, this.serverKeepAliveMs);
  }
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}
