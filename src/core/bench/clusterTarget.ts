import { withOrigin } from '../endpoints/baseUrl.js';
import { ClusterTargetError, nimServiceRegisteredEndpoint, parseTarget, reachClusterEndpoint } from '../health/checkClusterTarget.js';
import { readClusterFacts } from '../health/readClusterFacts.js';
import { openKube } from '../kube/kubeAccess.js';

export interface BenchClusterTarget {
  /** The `/v1` base to send to: the port-forward's local origin (or the in-cluster URL with `tryDirect`). */
  baseUrl: string;
  /** The model the NIMService's manifest serves, if it names one. */
  model?: string;
  /** `namespace/name`. */
  label: string;
  /** Stops the port-forward and the cluster connection. */
  close(): Promise<void>;
}

export interface ClusterTargetInput {
  target: string;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  env?: Record<string, string | undefined>;
  tryDirect?: boolean;
  signal?: AbortSignal;
}

/**
 * A NIMService TARGET made reachable for the load test the way the health check reaches it: a port-forward to a
 * ready pod, kept (and reconnected) for the whole run. Throws ClusterTargetError when the NIMService cannot be read
 * or has no ready pod.
 */
export async function openClusterTarget(input: ClusterTargetInput): Promise<BenchClusterTarget> {
  const parsed = parseTarget(input.target, input.namespace);
  const kube = openKube({ kubeconfig: input.kubeconfig, context: input.context, env: input.env as NodeJS.ProcessEnv | undefined });
  try {
    const namespace = parsed.namespace ?? kube.defaultNamespace;
    const facts = await readClusterFacts(kube.transport, { namespace, name: parsed.name, resource: 'NIMService' }, input.signal);
    if (facts.error || !facts.nimService) throw new ClusterTargetError(`cannot read NIMService ${namespace}/${parsed.name}: ${facts.error ?? 'not found'}`);
    const nim = facts.nimService;
    const endpoint = nimServiceRegisteredEndpoint(nim, kube.context);
    let reach;
    try {
      reach = await reachClusterEndpoint(kube, endpoint, { env: input.env, tryDirect: input.tryDirect });
    } catch (error) {
      throw new ClusterTargetError(`cannot reach ${namespace}/${parsed.name}: ${(error as Error).message}`);
    }
    return {
      baseUrl: reach.via ? withOrigin(endpoint.baseUrl, reach.via) : endpoint.baseUrl,
      model: endpoint.expectedModel,
      label: `${namespace}/${parsed.name}`,
      close: async () => {
        await reach.forwarder?.close();
        kube.close();
      },
    };
  } catch (error) {
    kube.close();
    throw error;
  }
}
