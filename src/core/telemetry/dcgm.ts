// GPU figures per pod from dcgm-exporter, and how to find dcgm-exporter in a cluster. Pure: the cluster reads and the
// scrape are in dcgmSource.ts.
import type { MetricSample } from '../health/prometheus.js';
import type { GpuFigure } from './telemetrySample.js';

export const NO_DCGM_EXPORTER = 'no dcgm-exporter Service in any namespace — GPU utilization and memory per pod need the NVIDIA GPU Operator\'s dcgm-exporter (or its Helm chart)';

const FIELDS = { DCGM_FI_DEV_GPU_UTIL: 'utilization', DCGM_FI_DEV_FB_USED: 'fbUsedMiB', DCGM_FI_DEV_FB_FREE: 'fbFreeMiB' } as const;

/**
 * Which pod a dcgm-exporter sample belongs to. dcgm-exporter labels it `pod` / `namespace` (empty when no pod uses the
 * GPU); scraped through a Prometheus that keeps its own labels, they arrive as `exported_pod` / `exported_namespace`.
 */
function podOf(labels: Record<string, string>): { pod: string; namespace: string } | undefined {
  const pod = labels.exported_pod || labels.pod || labels.pod_name;
  const namespace = labels.exported_namespace || labels.namespace || labels.pod_namespace;
  return pod && namespace ? { pod, namespace } : undefined;
}

/**
 * Utilization and framebuffer memory of each GPU in use by a pod, optionally only the pods `belongs` accepts (an
 * endpoint's). GPUs no pod uses are left out: they say nothing about an endpoint.
 */
export function gpuFigures(samples: readonly MetricSample[], belongs: (pod: string, namespace: string) => boolean = () => true): GpuFigure[] {
  const byKey = new Map<string, GpuFigure>();
  for (const s of samples) {
    const field = FIELDS[s.name as keyof typeof FIELDS];
    if (!field || !Number.isFinite(s.value)) continue;
    const owner = podOf(s.labels);
    if (!owner || !belongs(owner.pod, owner.namespace)) continue;
    // A MIG slice is its own GPU instance.
    const gpu = s.labels.GPU_I_ID ? `${s.labels.gpu ?? '?'}/${s.labels.GPU_I_ID}` : (s.labels.gpu ?? s.labels.UUID ?? '?');
    const key = `${owner.namespace}/${owner.pod}/${gpu}`;
    const figure = byKey.get(key) ?? { namespace: owner.namespace, pod: owner.pod, gpu };
    figure[field] = s.value;
    byKey.set(key, figure);
  }
  return [...byKey.values()].sort((a, b) => `${a.namespace}/${a.pod}/${a.gpu}`.localeCompare(`${b.namespace}/${b.pod}/${b.gpu}`));
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  ports: Array<{ name?: string; port: number; targetPort?: number | string }>;
}

export interface DcgmService {
  service: ServiceInfo;
  /** The container port to forward to (a named targetPort is resolved on the pod). */
  targetPort: number | string;
}

/** The dcgm-exporter Service: by the labels the GPU Operator and the Helm chart give it, else by its name. */
export function findDcgmService(services: readonly ServiceInfo[]): DcgmService | undefined {
  const isDcgm = (s: ServiceInfo) => s.labels.app === 'nvidia-dcgm-exporter' || s.labels['app.kubernetes.io/name'] === 'dcgm-exporter' || /dcgm-exporter/.test(s.name);
  const service = services.filter((s) => Object.keys(s.selector).length > 0).find(isDcgm);
  if (!service) return undefined;
  const port = service.ports.find((p) => p.name === 'gpu-metrics' || p.name === 'metrics') ?? service.ports.find((p) => p.port === 9400) ?? service.ports[0];
  return { service, targetPort: port?.targetPort ?? port?.port ?? 9400 };
}
