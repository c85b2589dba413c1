// Http1Pool against a raw TCP server: every framing RFC 9112 allows a server to answer with, cut at random points,
// must reach the handler exactly as undici delivers it (undici is the oracle); then connection reuse and expiry,
// failures and their codes, header injection, binary bodies.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent, type Dispatcher } from 'undici';
import { Http1Pool, type Http1Handler } from '../../src/core/http/http1Pool.js';
import { seededRandom } from '../../src/core/bench/random.js';

interface Recorded {
  status?: number;
  headers: string[];
  body: Buffer;
  outcome?: 'complete' | string;
}

function recorder(onData?: (chunk: Buffer, abort: (reason: Error) => void) => void): { handler: Http1Handler; done: Promise<Recorded> } {
  const recorded: Recorded = { headers: [], body: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let abort: (reason: Error) => void = () => {};
  let settle!: (r: Recorded) => void;
  const done = new Promise<Recorded>((resolve) => (settle = resolve));
  const handler: Http1Handler = {
    onConnect: (a) => (abort = a),
    onHeaders: (status, raw) => {
      recorded.status = status;
      for (let i = 0; i < raw.length; i += 2) recorded.headers.push(`${raw[i].toString('latin1').toLowerCase()}: ${raw[i + 1].toString('latin1')}`);
      return true;
    },
    onData: (chunk) => {
      chunks.push(Buffer.from(chunk));
      onData?.(chunk, abort);
      return true;
    },
    onComplete: () => {
      recorded.body = Buffer.concat(chunks);
      recorded.outcome = 'complete';
      settle(recorded);
    },
    onError: (error) => {
      recorded.body = Buffer.concat(chunks);
      recorded.outcome = `${(error as { code?: string }).code ?? ''}: ${error.message}`;
      settle(recorded);
    },
  };
  return { handler, done };
}

const big = Array.from({ length: 4000 }, (_, i) => `data: {"choices":[{"delta":{"content":"Straße ${i} 一只猫"}}]}\n\n`).join('');
function chunked(text: string, sizes: number[]): string {
  const bytes = Buffer.from(text);
  let out = '';
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.min(sizes[i % sizes.length], bytes.length - at);
    out += `${n.toString(16)}\r\n${bytes.subarray(at, at + n).toString('latin1')}\r\n`;
    at += n;
  }
  return `${out}0\r\n\r\n`;
}

/** Responses by path; `latin1` strings so that the bytes of UTF-8 bodies go out as they are. */
const RESPONSES: Record<string, string> = {
  '/length': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
  '/chunked': `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n`,
  '/chunked-empty': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  '/chunked-big': `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n${chunked(big, [1, 7, 4096, 333, 65536, 2])}`,
  '/no-content': 'HTTP/1.1 204 No Content\r\nX-Id: 1\r\n\r\n',
  '/continue': 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
  '/close': 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye',
  '/until-close': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\neverything until the end',
  '/keep-alive-hint': 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 1\r\n\r\nk',
  '/spaces': 'HTTP/1.1 200 OK\r\nX-Padded:   lots of space \t \r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n',
  '/error': `HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength('{"error":"Straße"}')}\r\n\r\n${Buffer.from('{"error":"Straße"}').toString('latin1')}`,
  '/http10': 'HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\n1.0!',
  '/keep-alive-1s': 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 1\r\n\r\nk',
};

/** Answers each request by its path, the response cut at random points with a pause between pieces. */
async function startRawServer(seed: number): Promise<{ server: Server; url: string; connections: () => number; close: () => void }> {
  const random = seededRandom(seed);
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    connections++;
    sockets.add(socket);
    let buffered = '';
    socket.setEncoding('latin1');
    socket.on('error', () => {});
    socket.on('data', async (data: string) => {
      buffered += data;
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        const path = head.split(' ')[1];
        const response = Buffer.from(RESPONSES[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 'latin1');
        const cuts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * response.length)).sort((a, b) => a - b);
        let at = 0;
        for (const cut of [...cuts, response.length]) {
          if (cut > at) socket.write(response.subarray(at, cut));
          at = Math.max(at, cut);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (/\/(until-close|close|http10)$/.test(path)) socket.end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  // A failed assertion can leave a connection open: close them all, or the test process never exits.
  const close = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, close };
}

function viaUndici(agent: Dispatcher, origin: string, path: string, method = 'GET'): Promise<Recorded> {
  const { handler, done } = recorder();
  agent.dispatch({ origin, path, method: method as Dispatcher.HttpMethod, headers: { 'x-test': '1' } }, handler as unknown as Dispatcher.DispatchHandler);
  return done;
}

function viaPool(pool: Http1Pool, origin: string, path: string, method = 'GET', headers: Record<string, string> | string[] = { 'x-test': '1' }, body?: string | Uint8Array): Promise<Recorded> {
  const { handler, done } = recorder();
  pool.dispatch({ origin, path, method, headers, body }, handler);
  return done;
}

describe('Http1Pool delivers what undici delivers', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`every framing, cut at random points (seed ${seed})`, async () => {
      const { close, url } = await startRawServer(seed);
      const agent = new Agent();
      const pool = new Http1Pool();
      try {
        for (const path of Object.keys(RESPONSES)) {
          // undici fails on a 1xx it did not ask for; RFC 9112 §15.2 says a client must skip it.
          const expected = path === '/continue' ? { status: 200, headers: ['content-length: 2'], body: Buffer.from('ok'), outcome: 'complete' } : await viaUndici(agent, url, path);
          // llhttp keeps a value's trailing whitespace, which RFC 9110 §5.5 says is not part of it.
          expected.headers = expected.headers.map((h) => h.replace(/[ \t]+$/, ''));
          const actual = await viaPool(pool, url, path);
          assert.deepEqual({ ...actual, body: actual.body.toString('latin1') }, { ...expected, body: expected.body.toString('latin1') }, path);
        }
        const head = await viaPool(pool, url, '/length', 'HEAD');
        assert.deepEqual([head.status, head.body.length, head.outcome], [200, 0, 'complete']);
      } finally {
        await agent.close();
        await pool.close();
        close();
      }
    });
  }

  it('the big stream arrives byte for byte', async () => {
    const { close, url } = await startRawServer(42);
    const pool = new Http1Pool();
    try {
      const result = await viaPool(pool, url, '/chunked-big');
      assert.equal(result.body.toString('utf8'), big);
    } finally {
      await pool.close();
      close();
    }
  });
});

describe('Http1Pool connections', () => {
  let raw: Awaited<ReturnType<typeof startRawServer>>;
  before(async () => (raw = await startRawServer(9)));
  after(() => raw.close());

  it('reuses one kept-alive connection for requests one after another, and opens more only for concurrent ones', async () => {
    const pool = new Http1Pool();
    const before = raw.connections();
    for (let i = 0; i < 10; i++) assert.equal((await viaPool(pool, raw.url, '/length')).outcome, 'complete');
    assert.equal(raw.connections() - before, 1);
    const results = await Promise.all(Array.from({ length: 5 }, () => viaPool(pool, raw.url, '/chunked')));
    assert.ok(results.every((r) => r.outcome === 'complete' && r.body.toString() === 'hello world'));
    assert.equal(raw.connections() - before, 5, 'four more for five at once, the first one reused');
    await pool.close();
  });

  it('does not reuse a connection the server closes, nor one past the Keep-Alive hint', async () => {
    const pool = new Http1Pool();
    const before = raw.connections();
    await viaPool(pool, raw.url, '/close');
    await viaPool(pool, raw.url, '/length');
    assert.equal(raw.connections() - before, 2, 'Connection: close');
    await viaPool(pool, raw.url, '/until-close');
    await viaPool(pool, raw.url, '/length');
    assert.equal(raw.connections() - before, 3, 'a body read until close (on the second connection, then closed)');
    await viaPool(pool, raw.url, '/http10');
    await viaPool(pool, raw.url, '/length');
    assert.equal(raw.connections() - before, 4, 'HTTP/1.0 without keep-alive');
    await viaPool(pool, raw.url, '/keep-alive-1s');
    await viaPool(pool, raw.url, '/length');
    assert.equal(raw.connections() - before, 5, 'Keep-Alive: timeout=1 (reused until a second before it, like undici)');
    await pool.close();

    const short = new Http1Pool({ keepAliveMs: 50 });
    const start = raw.connections();
    await viaPool(short, raw.url, '/length');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await viaPool(short, raw.url, '/length');
    assert.equal(raw.connections() - start, 2, 'idle longer than keepAliveMs');
    await short.close();
  });

  it('notices an idle connection the server closed, and sends the next request on a new one', async () => {
    const server = createHttpServer((req, res) => res.end('fine'));
    server.keepAliveTimeout = 100;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new Http1Pool({ keepAliveMs: 60_000 });
    try {
      assert.equal((await viaPool(pool, url, '/')).body.toString(), 'fine');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = await viaPool(pool, url, '/');
      assert.deepEqual([again.outcome, again.body.toString()], ['complete', 'fine']);
    } finally {
      await pool.close();
      server.close();
    }
  });
});

describe('Http1Pool failures', () => {
  it('connection refused carries ECONNREFUSED', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const result = await viaPool(new Http1Pool(), `http://127.0.0.1:${port}`, '/');
    assert.match(result.outcome!, /^ECONNREFUSED: /);
  });

  it('a connection cut mid-body is an ECONNRESET naming it, after the bytes that came', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b');
        setTimeout(() => socket.destroy(), 20);
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const result = await viaPool(new Http1Pool(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '/');
    server.close();
    assert.match(result.outcome!, /^ECONNRESET: .*closed the connection mid-response/);
    assert.equal(result.body.toString(), 'only ten b');
  });

  it('abort from the handler ends the request with the reason and nothing after it', async () => {
    const { close, url } = await startRawServer(5);
    const pool = new Http1Pool();
    let calls = 0;
    const { handler, done } = recorder((_chunk, abort) => {
      calls++;
      abort(Object.assign(new Error('enough'), { code: 'TEST_ABORT' }));
    });
    pool.dispatch({ origin: url, path: '/chunked-big', method: 'GET', headers: {} }, handler);
    const result = await done;
    assert.equal(result.outcome, 'TEST_ABORT: enough');
    assert.equal(calls, 1);
    assert.equal((await viaPool(pool, url, '/length')).outcome, 'complete', 'the pool still works');
    await pool.close();
    close();
  });

  it('refuses a header value with a line break before anything is sent', async () => {
    let received = '';
    const server = createServer((socket) => socket.on('data', (d) => (received += d))).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const result = await viaPool(new Http1Pool(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '/', 'POST', ['authorization', 'Bearer x\r\nX-Injected: 1'], '{}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.close();
    assert.match(result.outcome!, /^UND_ERR_INVALID_ARG: invalid header "authorization"/);
    assert.equal(received, '');
  });

  it('a server that does not speak HTTP/1.x is an HPE_INVALID error, not a hang', async () => {
    const server = createServer((socket) => socket.once('data', () => socket.write('SSH-2.0-OpenSSH_9.6\r\n\r\n'))).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const result = await viaPool(new Http1Pool(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '/');
    server.close();
    assert.match(result.outcome!, /^HPE_INVALID: invalid HTTP response .*not an HTTP\/1\.x status line: "SSH-2\.0/);
  });

  it('destroy fails requests in flight; close waits for them', async () => {
    const server = createHttpServer((req, res) => setTimeout(() => res.end('late'), 100)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const waiting = new Http1Pool();
    const answered = viaPool(waiting, url, '/');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await waiting.close();
    assert.equal((await answered).body.toString(), 'late');
    const destroyed = new Http1Pool();
    const failed = viaPool(destroyed, url, '/');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await destroyed.destroy();
    assert.match((await failed).outcome!, /^UND_ERR_DESTROYED/);
    assert.match((await viaPool(destroyed, url, '/')).outcome!, /^UND_ERR_CLOSED/);
    server.close();
  });
});

describe('Http1Pool request bodies', () => {
  it('sends string and binary bodies intact with their length, and the headers given', async () => {
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.end(JSON.stringify({ method: req.method, length: Number(req.headers['content-length']), sha: createHash('sha256').update(body).digest('hex'), id: req.headers['x-request-id'], host: req.headers.host }));
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new Http1Pool();
    const binary = new Uint8Array(300_000).map((_, i) => (i * 7) % 256);
    const text = '{"prompt":"Straße 一只猫"}';
    try {
      const a = JSON.parse((await viaPool(pool, url, '/v1/x', 'POST', ['content-type', 'application/octet-stream', 'x-request-id', 'ies-1'], binary)).body.toString());
      assert.deepEqual(a, { method: 'POST', length: binary.length, sha: createHash('sha256').update(binary).digest('hex'), id: 'ies-1', host: new URL(url).host });
      const b = JSON.parse((await viaPool(pool, url, '/v1/x', 'POST', { 'content-type': 'application/json' }, text)).body.toString());
      assert.deepEqual([b.length, b.sha], [Buffer.byteLength(text), createHash('sha256').update(text).digest('hex')]);
    } finally {
      await pool.close();
      server.close();
    }
  });
});

describe('Http1Pool handler exceptions', () => {
  it('a handler that throws fails its request with its own error, not as an invalid response', async () => {
    const { close, url } = await startRawServer(3);
    const pool = new Http1Pool();
    const { handler, done } = recorder(() => {
      throw Object.assign(new Error('the listener broke'), { code: 'LISTENER' });
    });
    pool.dispatch({ origin: url, path: '/chunked', method: 'GET', headers: {} }, handler);
    assert.equal((await done).outcome, 'LISTENER: the listener broke');
    await pool.close();
    close();
  });
});
