import { constants, inflateSync } from 'node:zlib';
import { spdyDictionary } from './spdyDictionary.js';

const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const HEADERS = 8;
const FLAG_FIN = 0x01;
const MAX_DATA = 32 * 1024;

export interface SpdyStream {
  id: number;
  headers: Record<string, string>;
  onData?: (data: Buffer) => void;
  onEnd?: () => void;
  onReset?: () => void;
}

/**
 * The server side of a SPDY/3.1 session, as far as Kubernetes port-forward needs it (what client-go's spdystream
 * speaks): SYN_STREAM / SYN_REPLY with zlib header blocks, DATA with FIN, RST_STREAM, PING, GOAWAY. No flow control:
 * spdystream does not enforce it.
 */
export class SpdySession {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, SpdyStream>();
  private compressedIn: Buffer = Buffer.alloc(0);
  private inflatedBytes = 0;
  private sentHeaderBlock = false;
  private closed = false;

  constructor(
    private readonly write: (bytes: Buffer) => void,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly onClose: () => void,
  ) {}

  feed(chunk: Buffer): void {
    if (this.closed) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUInt32BE(4) & 0xffffff;
      if (this.buffer.length < 8 + length) return;
      const frame = this.buffer.subarray(0, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      try {
        this.handleFrame(frame);
      } catch {
        this.close();
        return;
      }
    }
  }

  reply(id: number): void {
    const block = this.headerBlock({});
    const body = Buffer.alloc(4);
    body.writeUInt32BE(id & 0x7fffffff);
    this.sendControl(SYN_REPLY, 0, Buffer.concat([body, block]));
  }

  data(id: number, data: Buffer, fin = false): void {
    if (this.closed) return;
    for (let offset = 0; offset < data.length || (fin && offset === 0); offset += MAX_DATA) {
      const chunk = data.subarray(offset, offset + MAX_DATA);
      const last = offset + MAX_DATA >= data.length;
      const header = Buffer.alloc(8);
      header.writeUInt32BE(id & 0x7fffffff, 0);
      header.writeUInt32BE((((fin && last ? FLAG_FIN : 0) << 24) | chunk.length) >>> 0, 4);
      this.write(Buffer.concat([header, chunk]));
      if (data.length === 0) break;
    }
  }

  reset(id: number, status = 5 /* CANCEL */): void {
    const body = Buffer.alloc(8);
    body.writeUInt32BE(id & 0x7fffffff, 0);
    body.writeUInt32BE(status, 4);
    this.sendControl(RST_STREAM, 0, body);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.onReset?.();
    this.streams.clear();
    this.onClose();
  }

  private handleFrame(frame: Buffer): void {
    const control = (frame[0] & 0x80) !== 0;
    const flags = frame[4];
    const payload = frame.subarray(8);
    if (!control) {
      const stream = this.streams.get(frame.readUInt32BE(0) & 0x7fffffff);
      if (!stream) return;
      if (payload.length) stream.onData?.(Buffer.from(payload));
      if (flags & FLAG_FIN) stream.onEnd?.();
      return;
    }
    const type = frame.readUInt16BE(2);
    switch (type) {
      case SYN_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const stream: SpdyStream = { id, headers: this.readHeaders(payload.subarray(10)) };
        this.streams.set(id, stream);
        this.onStream(stream);
        if (flags & FLAG_FIN) stream.onEnd?.();
        break;
      }
      case HEADERS:
        this.readHeaders(payload.subarray(4));
        break;
      case RST_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        this.streams.get(id)?.onReset?.();
        this.streams.delete(id);
        break;
      }
      case PING:
        this.write(Buffer.from(frame));
        break;
      case GOAWAY:
        this.close();
        break;
      default:
        break; // SETTINGS, WINDOW_UPDATE, SYN_REPLY: nothing to do for a port-forward server.
    }
  }

  /** Header blocks share one zlib stream per direction; re-inflating the whole input keeps this synchronous. */
  private readHeaders(block: Buffer): Record<string, string> {
    this.compressedIn = Buffer.concat([this.compressedIn, block]);
    const all = inflateSync(this.compressedIn, { dictionary: spdyDictionary, finishFlush: constants.Z_SYNC_FLUSH });
    const raw = all.subarray(this.inflatedBytes);
    this.inflatedBytes = all.length;
    const headers: Record<string, string> = {};
    let offset = 4;
    const count = raw.readUInt32BE(0);
    for (let i = 0; i < count; i++) {
      const nameLength = raw.readUInt32BE(offset);
      const name = raw.subarray(offset + 4, offset + 4 + nameLength).toString('utf8').toLowerCase();
      offset += 4 + nameLength;
      const valueLength = raw.readUInt32BE(offset);
      headers[name] = raw.subarray(offset + 4, offset + 4 + valueLength).toString('utf8');
      offset += 4 + valueLength;
    }
    return headers;
  }

  /** Outgoing header blocks as zlib *stored* blocks: valid zlib, so no compressor state to keep. */
  private headerBlock(headers: Record<string, string>): Buffer {
    const parts: Buffer[] = [];
    const count = Buffer.alloc(4);
    count.writeUInt32BE(Object.keys(headers).length);
    parts.push(count);
    for (const [name, value] of Object.entries(headers)) {
      for (const text of [name, value]) {
        const bytes = Buffer.from(text);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(bytes.length);
        parts.push(length, bytes);
      }
    }
    const raw = Buffer.concat(parts);
    const stored = Buffer.alloc(5);
    stored[0] = 0x00;
    stored.writeUInt16LE(raw.length, 1);
    stored.writeUInt16LE(~raw.length & 0xffff, 3);
    const prefix = this.sentHeaderBlock ? Buffer.alloc(0) : Buffer.from([0x78, 0x01]);
    this.sentHeaderBlock = true;
    // An empty stored block ends each header block, as a zlib sync flush does: Go's flate reader needs it to hand
    // back the data without reading past the frame (which would poison the stream for the next header block).
    const syncFlush = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
    return Buffer.concat([prefix, stored, raw, syncFlush]);
  }

  private sendControl(type: number, flags: number, body: Buffer): void {
    if (this.closed) return;
    const header = Buffer.alloc(8);
    header.writeUInt16BE(0x8003, 0);
    header.writeUInt16BE(type, 2);
    header.writeUInt32BE(((flags << 24) | body.length) >>> 0, 4);
    this.write(Buffer.concat([header, body]));
  }
}
