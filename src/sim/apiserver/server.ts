import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ContainerLogSource, ObjectStore, PodPortResolver } from '../store/types.js';
import { defaultUsers, type SimUser } from './auth.js';
import { DEFAULT_BODY_LIMIT } from './body.js';
import type { ServerContext } from './context.js';
import type { ServerVersion } from './discovery.js';
import { handleRequest } from './handler.js';
import { handleUpgrade } from './portForward.js';
import { ResourceRegistry, type ExtensibleStore } from './registry.js';
import { generateTlsMaterial, type TlsMaterial } from './tls.js';
import { basicSchemaValidator, type ObjectValidator } from './validation.js';

export interface ApiServerOptions {
  store: ExtensibleStore;
  /** 0 (default) picks a free port; always bound to 127.0.0.1. */
  port?: number;
  tls?: boolean;
  /** Cluster name used for user names (`<cluster>-admin`, `<cluster>-viewer`). */
  clusterName?: string;
  users?: SimUser[];
  /** What /version reports; kubectl's dispatcher picks its bundled kubectl by the minor version. */
  version?: ServerVersion;
  now?: () => Date;
  bodyLimit?: number;
  bookmarkIntervalMs?: number;
  /** Validators per store key (e.g. `nimservices.apps.nvidia.com`); custom resources default to a basic CRD-schema check. */
  validators?: Record<string, ObjectValidator>;
  /** false: no default validation for custom resources. */
  validateCustomResources?: boolean;
  logs?: ContainerLogSource;
  ports?: PodPortResolver;
}

export interface ApiServer {
  url: string;
  port: number;
  users: SimUser[];
  tls?: TlsMaterial;
  registry: ResourceRegistry;
  store: ObjectStore;
  /** Plug in the kubelet's log source / port resolver after start (the operator simulation makes them). */
  setLogSource(source: ContainerLogSource | undefined): void;
  setPortResolver(resolver: PodPortResolver | undefined): void;
  close(): Promise<void>;
}

export const DEFAULT_VERSION: ServerVersion = { major: '1', minor: '33', gitVersion: 'v1.33.1' };

/** Starts the simulated Kubernetes API server on 127.0.0.1. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const registry = new ResourceRegistry(options.store);
  const validators = new Map(Object.entries(options.validators ?? {}));
  const users = options.users ?? defaultUsers(options.clusterName ?? 'gpu-lab');
  let address = '127.0.0.1:0';
  const ctx: ServerContext = {
    store: options.store,
    registry,
    users,
    version: options.version ?? DEFAULT_VERSION,
    now: options.now ?? (() => new Date()),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    validators,
    logs: options.logs,
    ports: options.ports,
    address: () => address,
    streams: new Set(),
  };
  if (options.validateCustomResources !== false) {
    const defaultValidator = (key: string) => {
      const schema = registry.byKey(key)?.custom?.schema;
      return schema ? basicSchemaValidator(schema) : undefined;
    };
    ctx.validators = new Proxy(validators, {
      get(target, prop) {
        if (prop === 'get') return (key: string) => target.get(key) ?? defaultValidator(key);
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  const tls = options.tls ? await generateTlsMaterial() : undefined;
  const onRequest = (req: IncomingMessage, res: import('node:http').ServerResponse) => void handleRequest(ctx, req, res);
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) : createHttpServer(onRequest);
  const sockets = new Set<Duplex>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(ctx, req, socket, head));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  address = `127.0.0.1:${port}`;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url,
    port,
    users,
    tls,
    registry,
    store: options.store,
    setLogSource: (source) => {
      ctx.logs = source;
    },
    setPortResolver: (resolver) => {
      ctx.ports = resolver;
    },
    close: async () => {
      for (const stream of [...ctx.streams]) stream.close();
      registry.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
