/** The NIMService fields launch reads, as plain JSON from the manifest or the cluster. */
export interface EnvVarLike {
  name?: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string; optional?: boolean } };
}

export interface NimServiceLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    authSecret?: string;
    image?: { repository?: string; tag?: string; pullSecrets?: string[] };
    command?: string[];
    args?: string[];
    env?: EnvVarLike[];
    replicas?: number;
    scale?: { enabled?: boolean; hpa?: { minReplicas?: number } };
    resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
    nodeSelector?: Record<string, string>;
    storage?: {
      pvc?: { create?: boolean; name?: string; storageClass?: string };
      nimCache?: { name?: string };
      sharedMemorySizeLimit?: string;
    };
    expose?: { service?: { port?: number } };
  };
  status?: { state?: string; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> };
}

/** Pods the operator starts: `scale.hpa.minReplicas` when autoscaling, else `replicas` (default 1). */
export function desiredReplicas(nim: NimServiceLike): number {
  const spec = nim.spec ?? {};
  if (spec.scale?.enabled) return spec.scale.hpa?.minReplicas ?? 1;
  return typeof spec.replicas === 'number' ? spec.replicas : 1;
}

export function gpusPerReplica(nim: NimServiceLike): number {
  const resources = nim.spec?.resources ?? {};
  const value = resources.limits?.['nvidia.com/gpu'] ?? resources.requests?.['nvidia.com/gpu'];
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** vLLM-omni serving an image-edit model: the endpoint shares its pool with the workflow calling it. */
export function isImageEditEndpoint(nim: NimServiceLike): boolean {
  const words = [nim.spec?.image?.repository ?? '', ...(nim.spec?.command ?? []), ...(nim.spec?.args ?? [])].join(' ');
  return /vllm-omni|--omni\b/i.test(words) || /image-edit/i.test(words);
}
