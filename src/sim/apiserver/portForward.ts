import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { authenticate, authorize, splitPathToken } from './auth.js';
import type { ServerContext } from './context.js';
import { serveChannelPortForward } from './portforward/channelForward.js';
import { servePortForwardStreams, type PortTarget } from './portforward/forwardSpdy.js';
import { SpdySession } from './portforward/spdySession.js';
import { parseResourcePath } from './requestInfo.js';
import { ApiError, errors } from './status.js';

const SPDY_TUNNEL = 'SPDY/3.1+portforward.k8s.io';
const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

// `ws` refuses subprotocols with a `/` (not an RFC 7230 token), so the tunnel protocol goes in under an alias and
// the real name is put back into the 101 response.
const SPDY_TUNNEL_ALIAS = 'spdy-3.1-tunnel.portforward.k8s.io';

const websockets = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => {
    if (offered.has(SPDY_TUNNEL_ALIAS)) return SPDY_TUNNEL_ALIAS;
    for (const p of channelProtocols) if (offered.has(p)) return p;
    return false;
  },
});
websockets.on('headers', (headers) => {
  for (let i = 0; i < headers.length; i++) {
    if (headers[i].toLowerCase() === `sec-websocket-protocol: ${SPDY_TUNNEL_ALIAS}`) headers[i] = `Sec-WebSocket-Protocol: ${SPDY_TUNNEL}`;
  }
});

function aliasTunnelProtocol(request: IncomingMessage): void {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return;
  request.headers['sec-websocket-protocol'] = offered
    .split(',')
    .map((p) => p.trim())
    .map((p) => (p === SPDY_TUNNEL ? SPDY_TUNNEL_ALIAS : p))
    .filter((p) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))
    .join(', ');
}

function refuse(socket: Duplex, error: unknown): void {
  const apiError = error instanceof ApiError ? error : errors.internal(String((error as Error)?.message ?? error));
  const body = JSON.stringify(apiError.toStatus());
  socket.end(`HTTP/1.1 ${apiError.code} ${apiError.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Connection upgrades on `pods/<name>/portforward`: kubectl ≥ 1.30 tunnels SPDY inside a WebSocket
 * (`SPDY/3.1+portforward.k8s.io`) and falls back to a plain SPDY/3.1 upgrade; client-node uses `v4.channel.k8s.io`.
 */
export function handleUpgrade(ctx: ServerContext, request: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { token, path } = splitPathToken(url.pathname);
    const user = authenticate(request, ctx.users, token);
    if (!user) throw errors.unauthorized();
    const info = parseResourcePath(path);
    if (!info || info.group !== '' || info.plural !== 'pods' || info.subresource !== 'portforward' || !info.name) throw errors.pathNotFound();
    authorize(user, { verb: 'create', group: '', plural: 'pods', subresource: 'portforward', namespace: info.namespace, name: info.name });
    const pod = ctx.store.get('pods', info.namespace, info.name);
    if (!pod) throw errors.notFound({ group: '', plural: 'pods' }, info.name);
    const namespace = pod.metadata.namespace ?? 'default';
    const resolve: PortTarget = (port) =>
      ctx.ports?.resolve(namespace, pod.metadata.name, port) ??
      `error forwarding port ${port} to pod ${pod.metadata.name}: nothing listens on port ${port} in the simulated pod (connection refused)`;
    const upgrade = String(request.headers.upgrade ?? '').toLowerCase();
    if (upgrade === 'websocket') {
      aliasTunnelProtocol(request);
      websockets.handleUpgrade(request, socket, head, (ws) => {
        if (ws.protocol === SPDY_TUNNEL_ALIAS) {
          const session = new SpdySession(
            (bytes) => ws.readyState === ws.OPEN && ws.send(bytes),
            (stream) => onStream(stream),
            () => ws.close(),
          );
          const onStream = servePortForwardStreams(session, resolve);
          ws.on('message', (data: Buffer) => session.feed(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
          ws.on('close', () => session.close());
          track(ctx, ws, () => ws.terminate());
        } else {
          const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map(Number);
          if (!ports.length || ports.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) {
            ws.close(1008, 'query parameter "ports" must list the pod ports to forward');
            return;
          }
          serveChannelPortForward(ws, ports, resolve);
          track(ctx, ws, () => ws.terminate());
        }
      });
      return;
    }
    if (upgrade === 'spdy/3.1') {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
      const session = new SpdySession(
        (bytes) => socket.writable && socket.write(bytes),
        (stream) => onStream(stream),
        () => socket.end(),
      );
      const onStream = servePortForwardStreams(session, resolve);
      if (head.length) session.feed(head);
      socket.on('data', (chunk: Buffer) => session.feed(chunk));
      socket.on('close', () => session.close());
      track(ctx, socket, () => socket.destroy());
      return;
    }
    throw errors.badRequest(`unsupported upgrade "${upgrade}": port-forward speaks WebSocket (${SPDY_TUNNEL}, v4.channel.k8s.io) or SPDY/3.1`);
  } catch (error) {
    refuse(socket, error);
  }
}

/** Registers an open connection so stop() can end it; forgotten when it closes by itself. */
function track(ctx: ServerContext, emitter: { on(event: 'close', fn: () => void): unknown }, close: () => void): void {
  const stream = { close };
  ctx.streams.add(stream);
  emitter.on('close', () => ctx.streams.delete(stream));
}
