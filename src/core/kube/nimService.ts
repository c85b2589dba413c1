import type { Meta } from '../cluster/kubeTypes.js';

/**
 * The one NIMService type: the fields any feature reads, as plain JSON from a manifest or the cluster (the CRD's
 * full schema lives in src/core/schema; this is the reading side). Launch, health, the doctor and the explorer's
 * endpoint model all take this.
 */
export interface EnvVarLike {
  name?: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string; optional?: boolean } };
}

export interface NimServiceCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface NimService {
  apiVersion?: string;
  kind?: string;
  metadata?: Meta;
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
  status?: {
    state?: string;
    availableReplicas?: number;
    conditions?: NimServiceCondition[];
    model?: { name?: string; clusterEndpoint?: string; externalEndpoint?: string };
  };
}

const GPU = 'nvidia.com/gpu';

/** Pods the operator starts: `scale.hpa.minReplicas` when autoscaling, else `replicas` (default 1). */
export function desiredReplicas(nim: NimService): number {
  const spec = nim.spec ?? {};
  if (spec.scale?.enabled) return spec.scale.hpa?.minReplicas ?? 1;
  return typeof spec.replicas === 'number' ? spec.replicas : 1;
}

export function gpusPerReplica(nim: NimService): number {
  const resources = nim.spec?.resources ?? {};
  const value = resources.limits?.[GPU] ?? resources.requests?.[GPU];
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** vLLM-omni serving an image-edit model: the endpoint shares its pool with the workflow calling it. */
export function isImageEditEndpoint(nim: NimService): boolean {
  const words = [nim.spec?.image?.repository ?? '', ...(nim.spec?.command ?? []), ...(nim.spec?.args ?? [])].join(' ');
  return /vllm-omni|--omni\b/i.test(words) || /image-edit/i.test(words);
}
