import { connect, type Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { PortTarget } from './forwardSpdy.js';

/**
 * Port-forward over the WebSocket channel protocol (`v4.channel.k8s.io`, what client-node uses): for the i-th port
 * channel 2i carries data and 2i+1 errors; the first frame on each starts with the port as uint16 little-endian.
 */
export function serveChannelPortForward(ws: WebSocket, ports: number[], resolve: PortTarget): void {
  const sockets: Array<Socket | undefined> = [];
  const send = (channel: number, payload: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  ports.forEach((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
    const target = resolve(port);
    if (typeof target === 'string') {
      send(2 * i + 1, Buffer.from(target));
      return;
    }
    const socket = connect(target.port, target.host);
    sockets[i] = socket;
    socket.on('data', (chunk: Buffer) => send(2 * i, chunk));
    socket.on('error', (error) => send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod: ${error.message}`)));
    socket.on('close', () => {
      sockets[i] = undefined;
      if (sockets.every((s) => !s)) ws.close(1000);
    });
  });
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    const bytes = isBinary ? message : Buffer.from(message);
    if (bytes.length < 1) return;
    const channel = bytes[0];
    if (channel % 2 !== 0) return;
    sockets[channel / 2]?.write(bytes.subarray(1));
  });
  ws.on('close', () => {
    for (const socket of sockets) socket?.destroy();
  });
}
