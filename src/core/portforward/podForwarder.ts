import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import { PortInUseError } from './portInUse.js';

export type ForwardEvent =
  | { type: 'listening'; localUrl: string }
  | { type: 'connected'; pod: string }
  | { type: 'dropped'; pod: string; reason: string }
  | { type: 'reconnected'; pod: string }
  | { type: 'failed'; reason: string }
  | { type: 'stopped' };

/** connecting: finding a pod and binding the port; reconnecting: the tunnel dropped and a ready pod is being looked for. */
export type ForwardState = 'connecting' | 'forwarding' | 'reconnecting' | 'failed' | 'stopped';

export interface ForwardStatus {
  state: ForwardState;
  /** Why it is reconnecting or failed. */
  reason?: string;
  pod?: string;
  localUrl?: string;
  localPort?: number;
  /** From the pod to local clients. */
  bytesIn: number;
  /** From local clients to the pod. */
  bytesOut: number;
  connections: number;
}

export interface PodForwarderOptions {
  namespace: string;
  remotePort: number;
  /** Picks a ready pod now; called again after a drop, so a replaced pod is found. */
  resolvePod: () => Promise<string>;
  /** 0 or absent: a free port. Always bound to 127.0.0.1. */
  localPort?: number;
  scheme?: 'http' | 'https';
  onEvent?: (event: ForwardEvent) => void;
  /** First wait before looking for a pod again after a drop (doubles up to 5 s). */
  retryDelayMs?: number;
}

type Tunnel = { on(event: string, cb: (...args: unknown[]) => void): void; close(): void };

/**
 * `kubectl port-forward` that survives its pod: one local listener whose port stays the same, and a fresh
 * client-node WebSocket per TCP connection. When a tunnel drops, or the pod is gone when a connection opens, the pod
 * is resolved again, so a restarted or rescheduled pod is picked up without the user noticing (a known gap of
 * vscode-kubernetes-tools, its issue #1039). After a drop it keeps looking for a ready pod on its own (reconnecting).
 */
export class PodForwarder {
  private server?: Server;
  private pod?: string;
  private connectedPod?: string;
  private state: ForwardState = 'connecting';
  private reason?: string;
  private bytes = { in: 0, out: 0 };
  private retry?: NodeJS.Timeout;
  private readonly sockets = new Set<Socket>();
  private readonly forward: PortForward;

  constructor(kubeConfig: KubeConfig, private readonly options: PodForwarderOptions) {
    // disconnectOnErr=true: bytes on the error channel end the tunnel, which is when we re-resolve the pod.
    this.forward = new PortForward(kubeConfig, true);
  }

  get localUrl(): string | undefined {
    const port = this.localPort;
    return port ? `${this.options.scheme ?? 'http'}://127.0.0.1:${port}` : undefined;
  }

  get localPort(): number | undefined {
    return (this.server?.address() as AddressInfo | null | undefined)?.port;
  }

  get currentPod(): string | undefined {
    return this.pod;
  }

  status(): ForwardStatus {
    let bytesIn = this.bytes.in;
    let bytesOut = this.bytes.out;
    for (const s of this.sockets) {
      bytesIn += s.bytesWritten;
      bytesOut += s.bytesRead;
    }
    return { state: this.state, reason: this.reason, pod: this.pod, localUrl: this.localUrl, localPort: this.localPort, bytesIn, bytesOut, connections: this.sockets.size };
  }

  /** Binds the local port (a taken one is a PortInUseError) and returns the local URL. */
  async start(): Promise<string> {
    if (this.localUrl) return this.localUrl;
    this.state = 'connecting';
    try {
      this.pod = await this.options.resolvePod();
      const server = createServer((socket) => void this.tunnel(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(this.options.localPort ?? 0, error.code) : error));
        server.listen(this.options.localPort ?? 0, '127.0.0.1', () => { server.removeAllListeners('error'); resolve(); });
      });
      server.on('error', () => {});
      this.server = server;
    } catch (error) {
      this.setState('failed', (error as Error).message);
      this.emit({ type: 'failed', reason: (error as Error).message });
      throw error;
    }
    this.setState('forwarding');
    this.emit({ type: 'listening', localUrl: this.localUrl! });
    return this.localUrl!;
  }

  async close(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (this.state !== 'stopped') {
      this.setState('stopped');
      this.emit({ type: 'stopped' });
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private setState(state: ForwardState, reason?: string): void {
    this.state = state;
    this.reason = reason;
  }

  private emit(event: ForwardEvent): void {
    this.options.onEvent?.(event);
  }

  private async tunnel(socket: Socket): Promise<void> {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.bytes.in += socket.bytesWritten;
      this.bytes.out += socket.bytesRead;
    });
    socket.on('error', () => {});
    // The socket stays paused until client-node reads it, so a failed first try loses no request bytes.
    let opened: { ws: Tunnel; pod: string } | undefined;
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 2 && !opened && !socket.destroyed && this.server; attempt++) {
      try {
        if (attempt > 0 || this.state === 'reconnecting' || !this.pod) this.pod = await this.options.resolvePod();
        opened = await this.open(socket, this.pod);
      } catch (error) {
        lastError = error as Error;
      }
    }
    if (!opened) {
      this.drop(socket, this.pod ?? '?', lastError?.message ?? 'no tunnel');
      return;
    }
    const { ws, pod } = opened;
    if (this.state === 'reconnecting') {
      this.setState('forwarding');
      this.connectedPod = pod;
      this.emit({ type: 'reconnected', pod });
    } else if (this.connectedPod !== pod) {
      const first = this.connectedPod === undefined;
      this.connectedPod = pod;
      this.emit(first ? { type: 'connected', pod } : { type: 'reconnected', pod });
    }
    // 1006: the connection ended without a close frame (the network, the API server or the node went away).
    ws.on('close', (code) => (code === 1006 ? this.drop(socket, pod, 'the tunnel was cut (connection closed without a close frame)') : socket.end()));
    ws.on('error', (error) => this.drop(socket, pod, (error as Error).message));
    socket.on('close', () => ws.close());
  }

  private async open(socket: Socket, pod: string): Promise<{ ws: Tunnel; pod: string }> {
    const errors = new PassThrough();
    const output = new PassThrough();
    output.pipe(socket);
    errors.on('data', (chunk: Buffer) => this.drop(socket, pod, chunk.toString('utf8').trim() || 'error from the API server'));
    const ws = (await this.forward.portForward(this.options.namespace, pod, [this.options.remotePort], output, errors, socket)) as unknown as Tunnel;
    return { ws, pod };
  }

  private drop(socket: Socket, pod: string, reason: string): void {
    if (!socket.destroyed) socket.destroy();
    if (this.state === 'reconnecting' || this.state === 'stopped' || !this.server) return;
    this.setState('reconnecting', reason);
    this.emit({ type: 'dropped', pod, reason });
    this.lookForPod(this.options.retryDelayMs ?? 250);
  }

  /** After a drop: a ready pod again (the same one, or its replacement) ends `reconnecting`. */
  private lookForPod(delayMs: number): void {
    if (this.retry) return;
    this.retry = setTimeout(async () => {
      this.retry = undefined;
      if (this.state !== 'reconnecting') return;
      try {
        const pod = await this.options.resolvePod();
        if (this.state !== 'reconnecting') return;
        this.pod = pod;
        this.connectedPod = pod;
        this.setState('forwarding');
        this.emit({ type: 'reconnected', pod });
      } catch (error) {
        if (this.state !== 'reconnecting') return;
        this.reason = (error as Error).message;
        this.lookForPod(Math.min(delayMs * 2, 5000));
      }
    }, delayMs);
    this.retry.unref?.();
  }
}
