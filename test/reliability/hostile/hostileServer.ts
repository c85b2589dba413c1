// An HTTP server on 127.0.0.1 that answers every path with one chosen kind of garbage: what broken inference
// servers, proxies and load balancers really send.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';

export type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'Content-Type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
const LOGIN_PAGE = `<!DOCTYPE html><html><head><title>Sign in</title><script>window.location='/oauth2/start'</script></head><body>${'<div class="x">Sign in to continue</div>'.repeat(50)}</body></html>`;
const BAD_B64 = '!!!not*base64@@@';

/** Each case answers every request the same way. */
export const behaviours: Record<string, Behaviour> = {
  'truncated JSON (Content-Length larger than the body, then close)': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
    res.write('{"object":"list","data":[{"id":"nvidia/Qwen-Image-Edit","object":"mo');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  'JSON cut short with a correct length': (_req, res) => json(res, 200, '{"choices":[{"message":{"content":"A ca'),
  'JSON sent as text/plain': (_req, res) => json(res, 200, { object: 'list', data: [] }, 'text/plain'),
  'HTML sent as application/json': (_req, res) => json(res, 200, NGINX_502, 'application/json'),
  'JSON sent as image/png': (_req, res) => json(res, 200, { data: [{ b64_json: BAD_B64 }] }, 'image/png'),
  '10 MB error body': (_req, res) => json(res, 500, `{"error":{"message":"${'x'.repeat(10 * 1024 * 1024)}"}}`),
  '10 MB of junk with 200': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(Buffer.alloc(10 * 1024 * 1024, 0xab));
  },
  'never-ending SSE': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const timer = setInterval(() => res.write(`data: {"choices":[{"delta":{"content":"${'na '.repeat(200)}"}}]}\n\n`), 1);
    res.on('close', () => clearInterval(timer));
  },
  'a firehose SSE stream (64 KB chunks, never done)': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const chunk = `data: {"choices":[{"delta":{"content":"${'na '.repeat(21_000)}"}}]}\n\n`;
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(chunk));
      if (open) res.once('drain', pump);
    };
    pump();
  },
  'a trickle that never ends (one byte every 50 ms)': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(timer));
  },
  'no response headers, ever': () => undefined,
  'nginx 502 page': (_req, res) => json(res, 502, NGINX_502, 'text/html'),
  'nginx 504 page': (_req, res) => json(res, 504, NGINX_502.replaceAll('502 Bad Gateway', '504 Gateway Time-out'), 'text/html'),
  'an OAuth login page with 200': (_req, res) => json(res, 200, LOGIN_PAGE, 'text/html'),
  'invalid base64 images': (req, res) => {
    if (req.url?.includes('/models')) return json(res, 200, { object: 'list', data: [{ id: 'nvidia/model', object: 'model' }] });
    json(res, 200, {
      id: 'x', object: 'chat.completion', created: 0, model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${BAD_B64}` } }] }, finish_reason: 'stop' }],
      data: [{ b64_json: BAD_B64 }], image: BAD_B64, images: [BAD_B64], success: true,
    });
  },
  'a redirect loop': (req, res) => {
    res.writeHead(302, { Location: req.url ?? '/' });
    res.end();
  },
  'connection reset mid-body': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
    res.write('{"data":[');
    setTimeout(() => res.socket?.resetAndDestroy?.() ?? res.socket?.destroy(), 20);
  },
};

export interface HostileServer {
  url: string;
  setBehaviour(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves in this process; `PUT /__behaviour` with a behaviour's name switches it (used across processes). */
export async function serveHostile(): Promise<{ url: string; server: Server; sockets: Set<Socket>; setBehaviour(name: string, keep?: Socket): void }> {
  let current: Behaviour = behaviours['nginx 502 page'];
  const sockets = new Set<Socket>();
  const setBehaviour = (name: string, keep?: Socket) => {
    if (!behaviours[name]) throw new Error(`no behaviour ${name}`);
    current = behaviours[name];
    for (const socket of sockets) if (socket !== keep) socket.destroy(); // no keep-alive carry-over between cases
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { if (req.url === '/__behaviour') body += chunk; });
    req.on('end', () => {
      if (req.url !== '/__behaviour') return current(req, res);
      setBehaviour(body, req.socket);
      res.writeHead(204, { Connection: 'close' }).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, sockets, setBehaviour };
}

/** The hostile server in a child process, so that the test process measures only what the clients keep. */
export async function startHostileServer(): Promise<HostileServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./serveHostile.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`hostile server exited ${code}`)));
  });
  return {
    url,
    setBehaviour: (name) => new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${url}/__behaviour`, { method: 'PUT', agent: false }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`behaviour ${name}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(name);
    }),
    close: async () => {
      child.kill();
    },
  };
}
