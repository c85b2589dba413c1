import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerContext } from './context.js';

/** Connection upgrades (port-forward). Filled in below; unknown upgrades are refused. */
export function handleUpgrade(_ctx: ServerContext, _request: IncomingMessage, socket: Duplex, _head: Buffer): void {
  socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
}
