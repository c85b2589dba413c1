import { connect } from 'node:net';
import type { SpdySession, SpdyStream } from './spdySession.js';

export type PortTarget = (port: number) => { host: string; port: number } | string;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/**
 * Kubernetes port-forward over a SPDY session (the kubelet's side): each request is an `error` stream and a `data`
 * stream with the same `requestid` and a `port` header; the data stream is piped to the pod's port.
 */
export function servePortForwardStreams(session: SpdySession, resolve: PortTarget): (stream: SpdyStream) => void {
  const pairs = new Map<string, Pair>();
  return (stream) => {
    session.reply(stream.id);
    const requestId = stream.headers.requestid ?? String(stream.id);
    const pair = pairs.get(requestId) ?? {};
    pairs.set(requestId, pair);
    if (stream.headers.streamtype === 'error') pair.error = stream;
    else if (stream.headers.streamtype === 'data') pair.data = stream;
    else return session.reset(stream.id, 1);
    if (!pair.data) return;
    pairs.delete(requestId);
    forward(session, pair, Number(stream.headers.port), resolve);
  };
}

function forward(session: SpdySession, pair: Pair, port: number, resolve: PortTarget): void {
  const data = pair.data!;
  const closeError = (message?: string) => {
    if (pair.error) session.data(pair.error.id, message ? Buffer.from(message) : Buffer.alloc(0), true);
  };
  const target = Number.isInteger(port) && port > 0 && port < 65536 ? resolve(port) : `invalid port "${port}"`;
  if (typeof target === 'string') {
    closeError(target);
    session.data(data.id, Buffer.alloc(0), true);
    return;
  }
  const socket = connect(target.port, target.host);
  let finished = false;
  const finish = (message?: string) => {
    if (finished) return;
    finished = true;
    closeError(message);
    session.data(data.id, Buffer.alloc(0), true);
  };
  socket.on('data', (chunk: Buffer) => session.data(data.id, chunk));
  socket.on('end', () => finish());
  socket.on('error', (error) => finish(`error forwarding port ${port} to pod: ${error.message}`));
  data.onData = (chunk) => socket.write(chunk);
  data.onEnd = () => socket.end();
  data.onReset = () => socket.destroy();
}
