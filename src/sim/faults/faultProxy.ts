// A chaos proxy in front of the simulated API server: 500s, slow answers, watch connections dropped mid-stream and
// watches ended with `410 Gone`, at seeded random. Clients point their kubeconfig at it to prove they recover.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface FaultRates {
  /** Share of requests answered `500 Internal Server Error`. */
  error500: number;
  /** Share of requests held back 50–400 ms before they are forwarded. */
  slow: number;
  /** Share of watches answered with an `ERROR` event of code 410 (the resourceVersion is too old). */
  gone410: number;
  /** Share of watches cut at a random moment (50 ms – 1.5 s) after they start. */
  dropWatch: number;
}

export type FaultKind = keyof FaultRates;

export interface FaultProxy {
  url: string;
  /** Faults injected so far, by kind. */
  readonly injected: Record<FaultKind, number>;
  /** Set to zero rates to let the client settle. */
  setRates(rates: Partial<FaultRates>): void;
  /** Cuts every upgraded connection passing through (port-forward and exec tunnels), as a flaky network would; returns how many. */
  cutTunnels(): number;
  close(): Promise<void>;
}

/** mulberry32: the same seed replays the same faults for the same request sequence. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isWatch = (req: IncomingMessage) => /[?&]watch=(true|1)\b/.test(req.url ?? '');

export async function startFaultProxy(target: string, rates: FaultRates, seed = 1): Promise<FaultProxy> {
  const upstream = new URL(target);
  const random = seeded(seed);
  let current = { ...rates };
  const injected: Record<FaultKind, number> = { error500: 0, slow: 0, gone410: 0, dropWatch: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const out = request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname.replace(/\/$/, '') + req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      if (isWatch(req) && random() < current.dropWatch) {
        injected.dropWatch++;
        later(50 + random() * 1450, () => {
          answer.destroy();
          res.socket?.destroy();
        });
      }
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (random() < current.error500) {
        injected.error500++;
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'injected fault: etcdserver: request timed out', reason: 'InternalError', code: 500 }));
        return;
      }
      if (isWatch(req) && random() < current.gone410) {
        injected.gone410++;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: injected', reason: 'Expired', code: 410 } })}\n`);
        return;
      }
      if (random() < current.slow) {
        injected.slow++;
        later(50 + random() * 350, () => forward(req, res, body));
        return;
      }
      forward(req, res, body);
    });
  });
  // Upgrades (port-forward over WebSocket or SPDY) pass through untouched, until cutTunnels().
  const tunnels = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const upstreamSocket = connect(Number(upstream.port), upstream.hostname, () => {
      const headers = Object.entries(req.headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`));
      upstreamSocket.write(`${req.method} ${upstream.pathname.replace(/\/$/, '')}${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.pipe(client);
      client.pipe(upstreamSocket);
    });
    const pair = [client, upstreamSocket];
    for (const end of pair) {
      tunnels.add(end);
      end.on('error', () => { for (const other of pair) other.destroy(); });
      end.on('close', () => { tunnels.delete(end); for (const other of pair) other.destroy(); });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    injected,
    setRates: (next) => (current = { ...current, ...next }),
    cutTunnels: () => {
      const cut = tunnels.size / 2;
      for (const end of [...tunnels]) end.destroy();
      return cut;
    },
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      for (const end of tunnels) end.destroy();
      server.close(() => resolve());
    }),
  };
}
