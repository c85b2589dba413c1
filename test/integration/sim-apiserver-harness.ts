// Shared pieces for the simulated API server's integration tests: a kubectl runner, a log source the test feeds,
// and a tiny HTTP server standing in for a pod's port.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerLogSource, LogLine, PodPortResolver } from '../../src/sim/store/types.js';

export const KUBECTL_NEWEST = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
export const KUBECTL_OLDEST = '/usr/lib/google-cloud-sdk/bin/kubectl.1.27';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl asynchronously (the server lives in this process) with a private cache dir, never ~/.kube. */
export function kubectlRunner(binary: string, kubeconfig: string) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'ies-kubectl-cache-'));
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir];
  const env = { ...process.env, HOME: cacheDir, KUBECONFIG: kubeconfig };
  return {
    run(args: string[], input?: string, timeoutMs = 20_000): Promise<KubectlResult> {
      return new Promise((resolve) => {
        const child = execFile(binary, [...base, ...args], { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        });
        if (input !== undefined) child.stdin?.end(input);
      });
    },
    spawn(args: string[]): ChildProcess {
      return spawn(binary, [...base, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    },
  };
}

/** Collects a child's output from the start; `wait` resolves once everything seen so far matches `pattern`. */
export function outputOf(child: ChildProcess): { text(): string; wait(pattern: RegExp, timeoutMs?: number): Promise<string> } {
  let seen = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    seen += chunk.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    text: () => seen,
    wait: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(seen)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(seen);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; got: ${seen}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
  followers: Set<(line: LogLine | null) => void>;
  ended: boolean;
}

/** A log source the test writes into, like the kubelet would. */
export class TestLogSource implements ContainerLogSource {
  private readonly logs = new Map<string, ContainerLog>();

  private entry(ns: string, pod: string, container: string): ContainerLog {
    const key = `${ns}/${pod}/${container}`;
    let entry = this.logs.get(key);
    if (!entry) this.logs.set(key, (entry = { current: [], followers: new Set(), ended: false }));
    return entry;
  }

  write(ns: string, pod: string, container: string, text: string, time = new Date()): void {
    const entry = this.entry(ns, pod, container);
    const line = { time, text };
    entry.current.push(line);
    for (const f of entry.followers) f(line);
  }

  setPrevious(ns: string, pod: string, container: string, lines: string[]): void {
    this.entry(ns, pod, container).previous = lines.map((text, i) => ({ time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), text }));
  }

  end(ns: string, pod: string, container: string): void {
    const entry = this.entry(ns, pod, container);
    entry.ended = true;
    for (const f of entry.followers) f(null);
  }

  lines(ns: string, pod: string, container: string, previous: boolean): LogLine[] | undefined {
    const entry = this.logs.get(`${ns}/${pod}/${container}`);
    if (!entry) return undefined;
    return previous ? entry.previous : [...entry.current];
  }

  follow(ns: string, pod: string, container: string, onLine: (line: LogLine | null) => void): () => void {
    const entry = this.entry(ns, pod, container);
    if (entry.ended) {
      queueMicrotask(() => onLine(null));
      return () => {};
    }
    entry.followers.add(onLine);
    return () => entry.followers.delete(onLine);
  }
}

/** A tiny HTTP server standing in for an inference server inside a pod. */
export async function startPodServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'nvidia/test-model', object: 'model' }] }));
      return;
    }
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { server, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Maps pod port 8000 of any pod named in `pods` to the test server. */
export function portResolver(pods: Set<string>, target: () => number): PodPortResolver {
  return {
    resolve: (ns, pod, port) => (pods.has(`${ns}/${pod}`) && port === 8000 ? { host: '127.0.0.1', port: target() } : undefined),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
