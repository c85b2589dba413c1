// GPU figures of an endpoint's pods from the cluster's dcgm-exporter: find its Service, port-forward to its pods (one
// per GPU node, a DaemonSet) and scrape them. When there is none, or it cannot be read, every reading says why.
import type { PodLike } from '../cluster/kubeTypes.js';
import { isPodReady } from '../health/clusterChecks.js';
import { parsePrometheus } from '../health/prometheus.js';
import { createDispatcher } from '../http/dispatcher.js';
import { httpRequest, responseText } from '../http/request.js';
import type { KubeAccess } from '../kube/kubeAccess.js';
import { listPods } from '../kube/endpointSnapshot.js';
import { PodForwarder } from '../portforward/podForwarder.js';
import { findDcgmService, gpuFigures, NO_DCGM_EXPORTER, type ServiceInfo } from './dcgm.js';
import type { GpuFigure } from './telemetrySample.js';

export interface GpuReading {
  gpus: GpuFigure[];
  /** Why there are no figures. */
  note?: string;
}

export interface GpuSource {
  read(signal?: AbortSignal): Promise<GpuReading>;
  close(): Promise<void>;
}

interface ServiceObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { selector?: Record<string, string>; ports?: Array<{ name?: string; port: number; targetPort?: number | string }> };
}

const MAX_EXPORTER_PODS = 8;

/** A source that only ever says why there are no GPU figures. */
export function noGpuSource(note: string): GpuSource {
  return { read: async () => ({ gpus: [], note }), close: async () => {} };
}

/**
 * Opens the dcgm-exporter of the cluster for an endpoint's pods (`namespace`, pods named `podPrefix-…`). Resolves with a
 * source that says why when there is no exporter or it cannot be reached; never rejects.
 */
export async function openDcgmSource(kube: Pick<KubeAccess, 'kubeConfig' | 'transport'>, endpoint: { namespace: string; podPrefix: string }, signal?: AbortSignal): Promise<GpuSource> {
  let services: ServiceInfo[];
  try {
    const list = await kube.transport.getJson<{ items?: ServiceObject[] }>('/api/v1/services', undefined, signal);
    services = (list.items ?? []).map((s) => ({
      namespace: s.metadata?.namespace ?? '', name: s.metadata?.name ?? '', labels: s.metadata?.labels ?? {},
      selector: s.spec?.selector ?? {}, ports: s.spec?.ports ?? [],
    }));
  } catch (error) {
    return noGpuSource(`cannot list Services to look for dcgm-exporter: ${(error as Error).message}`);
  }
  const found = findDcgmService(services);
  if (!found) return noGpuSource(NO_DCGM_EXPORTER);
  const { service } = found;
  const where = `dcgm-exporter (Service ${service.namespace}/${service.name})`;
  let pods: PodLike[];
  try {
    const selector = Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(',');
    pods = (await listPods(kube.transport, service.namespace, selector, signal)).filter((p) => isPodReady(p) && p.metadata?.name).slice(0, MAX_EXPORTER_PODS);
  } catch (error) {
    return noGpuSource(`cannot list the pods of ${where}: ${(error as Error).message}`);
  }
  if (!pods.length) return noGpuSource(`${where} has no ready pod`);
  const forwarders: PodForwarder[] = [];
  const origins: string[] = [];
  for (const pod of pods) {
    const port = typeof found.targetPort === 'number' ? found.targetPort : namedPort(pod, found.targetPort);
    if (port === undefined) continue;
    const forwarder = new PodForwarder(kube.kubeConfig, { namespace: service.namespace, remotePort: port, resolvePod: async () => pod.metadata!.name! });
    try {
      origins.push(await forwarder.start());
      forwarders.push(forwarder);
    } catch {
      await forwarder.close().catch(() => {});
    }
  }
  if (!origins.length) return noGpuSource(`cannot port-forward to ${where}`);
  const dispatcher = createDispatcher({ timeoutMs: 5000 });
  const belongs = (pod: string, namespace: string) => namespace === endpoint.namespace && pod.startsWith(`${endpoint.podPrefix}-`);
  return {
    async read(readSignal) {
      const pages = await Promise.allSettled(origins.map((o) => httpRequest(`${o}/metrics`, { dispatcher, timeoutMs: 5000, signal: readSignal, maxBodyBytes: 8 * 1024 * 1024 })));
      const texts = pages.flatMap((p) => (p.status === 'fulfilled' && p.value.status === 200 ? [responseText(p.value)] : []));
      if (!texts.length) return { gpus: [], note: `${where} did not answer` };
      const gpus = gpuFigures(texts.flatMap((t) => parsePrometheus(t)), belongs);
      return gpus.length ? { gpus } : { gpus: [], note: `${where} reports no GPU in use by a pod of ${endpoint.namespace}/${endpoint.podPrefix}` };
    },
    async close() {
      await Promise.all(forwarders.map((f) => f.close().catch(() => {})));
      await dispatcher.close().catch(() => {});
    },
  };
}

function namedPort(pod: PodLike, name: string): number | undefined {
  const containers = (pod.spec as { containers?: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> } | undefined)?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? []).find((p) => p.name === name)?.containerPort;
}
