import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { renderDcgmMetrics, type GpuSample } from './dcgmMetrics';

export interface RunningDcgmExporter {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** A dcgm-exporter on loopback: GET /metrics (its GPUs at scrape time) and GET /health, as the real one on :9400. */
export async function startDcgmExporterServer(gpus: () => GpuSample[], port = 0): Promise<RunningDcgmExporter> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      const text = renderDcgmMetrics(gpus());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } else if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('OK');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
