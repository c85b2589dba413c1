import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

export type ForwardEvent =
  | { type: 'listening'; localUrl: string }
  | { type: 'connected'; pod: string }
  | { type: 'dropped'; pod: string; reason: string }
  | { type: 'reconnected'; pod: string };

export interface PodForwarderOptions {
  namespace: string;
  remotePort: number;
  /** Picks a ready pod now; called again after a drop, so a replaced pod is found. */
  resolvePod: () => Promise<string>;
  /** 0 or absent: a free port. Always bound to 127.0.0.1. */
  localPort?: number;
  scheme?: 'http' | 'https';
  onEvent?: (event: ForwardEvent) => void;
}

/**
 * `kubectl port-forward` that survives its pod: one local listener whose URL stays the same, and a fresh
 * client-node WebSocket per TCP connection. When a tunnel drops the pod is resolved again for the next connection,
 * so a restarted or rescheduled pod is picked up without the user noticing (a known gap of vscode-kubernetes-tools, its issue #1039).
 */
export class PodForwarder {
  private server?: Server;
  private pod?: string;
  private dropped = false;
  private readonly sockets = new Set<Socket>();
  private readonly forward: PortForward;

  constructor(kubeConfig: KubeConfig, private readonly options: PodForwarderOptions) {
    // disconnectOnErr=true: bytes on the error channel end the tunnel, which is when we re-resolve the pod.
    this.forward = new PortForward(kubeConfig, true);
  }

  get localUrl(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `${this.options.scheme ?? 'http'}://127.0.0.1:${address.port}` : undefined;
  }

  get currentPod(): string | undefined {
    return this.pod;
  }

  async start(): Promise<string> {
    if (this.localUrl) return this.localUrl;
    this.pod = await this.options.resolvePod();
    const server = createServer((socket) => this.tunnel(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.localPort ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
    this.server = server;
    this.emit({ type: 'listening', localUrl: this.localUrl! });
    return this.localUrl!;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private emit(event: ForwardEvent): void {
    this.options.onEvent?.(event);
  }

  private async tunnel(socket: Socket): Promise<void> {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    try {
      if (this.dropped || !this.pod) this.pod = await this.options.resolvePod();
      const pod = this.pod;
      const errors = new PassThrough();
      const output = new PassThrough();
      output.pipe(socket);
      errors.on('data', (chunk: Buffer) => this.drop(socket, pod, chunk.toString('utf8').trim() || 'error from the API server'));
      const ws = (await this.forward.portForward(this.options.namespace, pod, [this.options.remotePort], output, errors, socket)) as unknown as {
        on(event: string, cb: (...args: unknown[]) => void): void;
        close(): void;
      };
      if (this.dropped) {
        this.dropped = false;
        this.emit({ type: 'reconnected', pod });
      } else this.emit({ type: 'connected', pod });
      ws.on('close', () => socket.end());
      ws.on('error', (error) => this.drop(socket, pod, (error as Error).message));
      socket.on('close', () => ws.close());
    } catch (error) {
      this.drop(socket, this.pod ?? '?', (error as Error).message);
    }
  }

  private drop(socket: Socket, pod: string, reason: string): void {
    if (!socket.destroyed) socket.destroy();
    if (!this.dropped) {
      this.dropped = true;
      this.emit({ type: 'dropped', pod, reason });
    }
  }
}
