import type { ContainerLogSource, ObjectStore, PodPortResolver } from '../store/types.js';
import type { SimUser } from './auth.js';
import type { ServerVersion } from './discovery.js';
import type { ResourceRegistry } from './registry.js';
import type { ObjectValidator } from './validation.js';

/** Everything a request handler needs; built once per server. */
export interface ServerContext {
  store: ObjectStore;
  registry: ResourceRegistry;
  users: SimUser[];
  version: ServerVersion;
  now: () => Date;
  bodyLimit: number;
  bookmarkIntervalMs: number;
  validators: Map<string, ObjectValidator>;
  logs?: ContainerLogSource;
  ports?: PodPortResolver;
  /** For APIVersions' serverAddressByClientCIDRs. */
  address: () => string;
  /** Open watch / log / port-forward streams, closed on stop(). */
  streams: Set<{ close(): void }>;
}
