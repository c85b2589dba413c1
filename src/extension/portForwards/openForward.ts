import { endpointForwarder } from '../../core/portforward/endpointForwarder.js';
import type { ForwardEvent, PodForwarder } from '../../core/portforward/podForwarder.js';
import { kubeAccessFor } from '../clusterAccess.js';
import { PortForwardRegistry, type ClusterEndpoint } from './forwardRegistry.js';

/** A started forward to a cluster endpoint over the tree's shared connection to its context. */
export async function openClusterForward(endpoint: ClusterEndpoint, localPort: number | undefined, onEvent: (e: ForwardEvent) => void): Promise<PodForwarder> {
  const forwarder = endpointForwarder(kubeAccessFor(endpoint.cluster.context), {
    namespace: endpoint.cluster.namespace,
    name: endpoint.cluster.name,
    remotePort: endpoint.cluster.port,
    localPort,
    scheme: endpoint.baseUrl.startsWith('https:') ? 'https' : 'http',
    onEvent,
  });
  await forwarder.start();
  return forwarder;
}

/** A registry with no remembered ports: what the health checker uses outside VS Code. */
export function plainForwardRegistry(log: (line: string) => void): PortForwardRegistry {
  return new PortForwardRegistry({ open: openClusterForward, rememberedPort: () => undefined, log });
}
