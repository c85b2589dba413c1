// Shared by the log reconnect tests and the log chaos suite: a scripted container log source for the simulator and
// a TCP proxy that cuts connections after a chosen number of bytes (mid-line, mid-reconnect).
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ContainerLogSource, LogLine } from '../../src/sim/store/types.js';

/** A test log source: each container writes lines on a timer, several per millisecond, then its instance ends. */
export class ScriptedLogs implements ContainerLogSource {
  readonly written = new Map<string, LogLine[]>();
  private readonly followers = new Map<string, Set<(line: LogLine | null) => void>>();
  lines(ns: string, pod: string, container: string, previous: boolean): LogLine[] | undefined {
    return previous ? undefined : [...(this.written.get(`${ns}/${pod}/${container}`) ?? [])];
  }
  follow(ns: string, pod: string, container: string, onLine: (line: LogLine | null) => void): () => void {
    const key = `${ns}/${pod}/${container}`;
    const set = this.followers.get(key) ?? new Set();
    set.add(onLine);
    this.followers.set(key, set);
    return () => set.delete(onLine);
  }
  write(key: string, text: string, time: Date): void {
    const line = { time, text };
    const list = this.written.get(key) ?? [];
    list.push(line);
    this.written.set(key, list);
    for (const f of this.followers.get(key) ?? []) f(line);
  }
  end(key: string): void {
    for (const f of this.followers.get(key) ?? []) f(null);
  }
}

/** A TCP proxy that cuts every connection after a random number of bytes from the server: drops mid-line. */
export async function droppingProxy(target: URL, cutAfter: () => number): Promise<{ server: Server; port: number; drops: () => number }> {
  let drops = 0;
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream);
    let budget = cutAfter();
    upstream.on('data', (chunk: Buffer) => {
      budget -= chunk.length;
      if (budget <= 0) {
        // Pass part of the chunk, then drop both sides.
        client.write(chunk.subarray(0, Math.max(0, chunk.length + budget - 7)));
        drops++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port, drops: () => drops };
}

