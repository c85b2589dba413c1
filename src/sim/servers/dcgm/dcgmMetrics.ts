/** One GPU as dcgm-exporter reports it, with the pod it is assigned to (from the kubelet's pod-resources API). */
export interface GpuSample {
  index: number;
  uuid: string;
  pciBusId: string;
  modelName: string;
  hostname: string;
  /** A MIG GPU instance of the GPU (dcgm-exporter reports memory per instance). */
  instance?: { profile: string; id: number };
  /** 0–100; absent on a MIG instance (DCGM has no GPU_UTIL in MIG mode). */
  utilPercent?: number;
  usedMiB: number;
  freeMiB: number;
  pod?: { namespace: string; name: string; container: string };
}

export const DCGM_DRIVER_VERSION = '570.124.06';

const FIELDS = [
  { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', value: (g: GpuSample) => (g.utilPercent === undefined ? undefined : Math.round(g.utilPercent)) },
  { name: 'DCGM_FI_DEV_FB_FREE', help: 'Framebuffer memory free (in MiB).', value: (g: GpuSample) => Math.round(g.freeMiB) },
  { name: 'DCGM_FI_DEV_FB_USED', help: 'Framebuffer memory used (in MiB).', value: (g: GpuSample) => Math.round(g.usedMiB) },
];

/**
 * dcgm-exporter's /metrics for one node: its default counters' names and HELP text, and its labels — gpu, UUID,
 * pci_bus_id, device, modelName, Hostname, DCGM_FI_DRIVER_VERSION, plus container, namespace and pod on a GPU a pod holds.
 */
export function renderDcgmMetrics(gpus: GpuSample[]): string {
  const lines: string[] = [];
  for (const field of FIELDS) {
    lines.push(`# HELP ${field.name} ${field.help}`, `# TYPE ${field.name} gauge`);
    for (const gpu of gpus) {
      const value = field.value(gpu);
      if (value !== undefined) lines.push(`${field.name}{${labelsOf(gpu)}} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}

function labelsOf(gpu: GpuSample): string {
  const labels: Array<[string, string]> = [
    ['gpu', String(gpu.index)], ['UUID', gpu.uuid], ['pci_bus_id', gpu.pciBusId], ['device', `nvidia${gpu.index}`],
    ['modelName', gpu.modelName],
    ...(gpu.instance ? [['GPU_I_PROFILE', gpu.instance.profile], ['GPU_I_ID', String(gpu.instance.id)]] as Array<[string, string]> : []),
    ['Hostname', gpu.hostname], ['DCGM_FI_DRIVER_VERSION', DCGM_DRIVER_VERSION],
  ];
  if (gpu.pod) labels.push(['container', gpu.pod.container], ['namespace', gpu.pod.namespace], ['pod', gpu.pod.name]);
  return labels.map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`).join(',');
}
