// The one list of port-forwards the extension holds: health checks and the playground ask it for an endpoint's
// local origin, the Port Forwards view shows and manages the same entries. No `vscode` import (the health checker
// runs outside VS Code in the load test).
import type { ClusterRef, RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import type { ForwardEvent, ForwardStatus, PodForwarder } from '../../core/portforward/podForwarder.js';
import { PortInUseError } from '../../core/portforward/portInUse.js';

export type ClusterEndpoint = RegisteredEndpoint & { cluster: ClusterRef };

export interface ForwardEntry {
  key: string;
  endpoint: ClusterEndpoint;
  /** The port asked for (remembered or chosen); undefined: any free port. */
  requestedPort?: number;
  status(): ForwardStatus;
}

export interface ForwardRegistryDeps {
  /** Opens (binds and starts) a forward to the endpoint; `localPort` 0/undefined: any free port. */
  open(endpoint: ClusterEndpoint, localPort: number | undefined, onEvent: (e: ForwardEvent) => void): Promise<PodForwarder>;
  /** The local port the user chose for this endpoint, if any. */
  rememberedPort(key: string): number | undefined;
  log(line: string): void;
  /** An automatic open found the remembered port taken. */
  onPortInUse?(entry: ForwardEntry, error: PortInUseError): void;
}

class Entry implements ForwardEntry {
  forwarder?: PodForwarder;
  opening?: Promise<string | undefined>;
  failure?: string;
  /** The asked-for port was taken: automatic opens wait for the user to pick another (or stop the forward). */
  portTaken = false;

  constructor(readonly key: string, public endpoint: ClusterEndpoint, public requestedPort: number | undefined) {}

  status(): ForwardStatus {
    if (this.forwarder) return this.forwarder.status();
    if (this.failure) return { state: 'failed', reason: this.failure, bytesIn: 0, bytesOut: 0, connections: 0, localPort: this.requestedPort };
    return { state: 'connecting', bytesIn: 0, bytesOut: 0, connections: 0, localPort: this.requestedPort };
  }
}

export class PortForwardRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ForwardRegistryDeps) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  list(): ForwardEntry[] {
    return [...this.entries.values()];
  }

  get(key: string): ForwardEntry | undefined {
    return this.entries.get(key);
  }

  localUrlOf(key: string): string | undefined {
    return this.entries.get(key)?.forwarder?.localUrl;
  }

  /**
   * The endpoint's local origin, opening its forward if there is none (or it failed): what health checks and the
   * playground call. Undefined when it cannot be opened (the reason is on the entry).
   */
  async ensure(endpoint: ClusterEndpoint): Promise<string | undefined> {
    const entry = this.entries.get(endpoint.key);
    if (entry?.opening) return entry.opening;
    if (entry?.forwarder?.localUrl) return entry.forwarder.localUrl;
    if (entry?.portTaken) return undefined;
    return this.start(entry ?? this.add(endpoint, this.deps.rememberedPort(endpoint.key)), false).catch(() => undefined);
  }

  /** Opens, or reopens, the endpoint's forward on `localPort` (undefined: any free port); a taken port rejects with PortInUseError. */
  async open(endpoint: ClusterEndpoint, localPort: number | undefined): Promise<string | undefined> {
    const existing = this.entries.get(endpoint.key);
    if (existing) {
      await existing.opening?.catch(() => undefined);
      await this.closeForwarder(existing);
    }
    const entry = existing ?? this.add(endpoint, localPort);
    entry.endpoint = endpoint;
    entry.requestedPort = localPort;
    return this.start(entry, true);
  }

  /** Closes the forward and forgets it; the next health check or playground request opens a new one. */
  async stop(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    await entry.opening?.catch(() => undefined);
    await this.closeForwarder(entry);
    this.deps.log(`[port-forward ${entry.endpoint.name}] stopped`);
    this.changed();
  }

  /** The same endpoint on the same local port, with a fresh listener and pod. */
  async restart(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const port = entry.forwarder?.localPort ?? entry.requestedPort;
    return this.open(entry.endpoint, port);
  }

  dispose(): void {
    for (const entry of this.entries.values()) void entry.forwarder?.close();
    this.entries.clear();
    this.listeners.clear();
  }

  private add(endpoint: ClusterEndpoint, requestedPort: number | undefined): Entry {
    const entry = new Entry(endpoint.key, endpoint, requestedPort);
    this.entries.set(endpoint.key, entry);
    this.changed();
    return entry;
  }

  private start(entry: Entry, userAsked: boolean): Promise<string | undefined> {
    entry.failure = undefined;
    entry.portTaken = false;
    const opening = (async () => {
      const log = (e: ForwardEvent) => {
        this.deps.log(`[port-forward ${entry.endpoint.name}] ${e.type}${'localUrl' in e ? ` ${e.localUrl}` : ''}${'pod' in e ? ` pod ${e.pod}` : ''}${'reason' in e ? `: ${e.reason}` : ''}`);
        if (this.entries.get(entry.key) === entry) this.changed();
      };
      try {
        const forwarder = await this.deps.open(entry.endpoint, entry.requestedPort, log);
        if (this.entries.get(entry.key) !== entry) {
          await forwarder.close(); // stopped while it opened
          return undefined;
        }
        entry.forwarder = forwarder;
        return forwarder.localUrl;
      } catch (error) {
        entry.failure = (error as Error).message;
        entry.portTaken = error instanceof PortInUseError;
        if (error instanceof PortInUseError && !userAsked) this.deps.onPortInUse?.(entry, error);
        throw error;
      } finally {
        entry.opening = undefined;
        this.changed();
      }
    })();
    entry.opening = opening;
    this.changed();
    return opening;
  }

  private async closeForwarder(entry: Entry): Promise<void> {
    const forwarder = entry.forwarder;
    entry.forwarder = undefined;
    await forwarder?.close();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
