// The floor of the load generator's overhead measurement: the least a client can do to send a request and see its
// answer end — prebuilt request bytes written to a kept-alive socket, the chunked terminator looked for in what comes
// back, nothing parsed, nothing recorded but the time. What this measures beyond the server's handling time is the
// kernel's and the machine's share (two processes on two cores); what runBench measures beyond it is runBench's own.
import { connect, type Socket } from 'node:net';
import { poissonGaps, seededRandom } from '../../src/core/bench/random.js';

const TERMINATOR = '0\r\n\r\n';

interface Exchange {
  id: string;
  startedAt: number;
}

/**
 * Open loop: sends `bodies[i % n]` with X-Request-Id `<idPrefix>-<i>` at Poisson arrival times of `rate` per second
 * for `seconds`, each on an idle socket (a new one when none is idle), and resolves with the e2e time of each answered
 * request by its id. Every request's bytes are built before the first is sent.
 */
export async function bareOpenLoop(url: string, path: string, bodies: string[], idPrefix: string, rate: number, seconds: number, seed = 1): Promise<Map<string, number>> {
  const { hostname, port } = new URL(url);
  const idle: Socket[] = [];
  const all: Socket[] = [];
  const measured = new Map<string, number>();
  const current = new Map<Socket, Exchange>();
  let outstanding = 0;
  let allSent = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const open = (): Socket => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true });
    let tail = '';
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      tail = (tail + data).slice(-TERMINATOR.length);
      if (tail !== TERMINATOR) return;
      const now = performance.now();
      tail = '';
      const exchange = current.get(socket)!;
      current.delete(socket);
      measured.set(exchange.id, now - exchange.startedAt);
      idle.push(socket);
      if (--outstanding === 0 && allSent) resolveDone();
    });
    socket.on('error', () => {});
    all.push(socket);
    return socket;
  };

  const gap = poissonGaps(rate, seededRandom(seed));
  const due: number[] = [];
  for (let at = 0; at < seconds * 1000; at += gap()) due.push(at);
  const wires = due.map((_, i) => {
    const id = `${idPrefix}-${i}`;
    const body = bodies[i % bodies.length];
    return { id, bytes: Buffer.from(`POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\nx-request-id: ${id}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, 'utf8') };
  });
  const started = performance.now();
  for (let i = 0; i < wires.length; i++) {
    const wait = started + due[i] - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const wire = wires[i];
    const socket = idle.pop() ?? open();
    outstanding++;
    current.set(socket, { id: wire.id, startedAt: performance.now() });
    socket.write(wire.bytes);
  }
  allSent = true;
  if (outstanding > 0) await done;
  for (const socket of all) socket.destroy();
  return measured;
}
