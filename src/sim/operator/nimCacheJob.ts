import type { KubeObject } from '../store/types.js';
import { ownerReference } from './nimService/renderNimService.js';

/** Where the operator mounts the cache PVC in the caching container (internal/utils DefaultModelStorePath). */
export const MODEL_STORE_PATH = '/model-store';
/** The caching container's name (NIMCacheContainerName). */
export const NIM_CACHE_CONTAINER = 'nim-cache-ctr';

export interface NimCacheSpec {
  source?: {
    ngc?: { modelPuller?: string; pullSecret?: string; authSecret?: string; model?: { profiles?: string[]; precision?: string; engine?: string; tensorParallelism?: string; qosProfile?: string; gpus?: Array<{ product?: string }> } };
    hf?: { modelName?: string; endpoint?: string; namespace?: string; modelPuller?: string; pullSecret?: string; authSecret?: string };
    dataStore?: { modelName?: string; endpoint?: string; modelPuller?: string; pullSecret?: string; authSecret?: string };
  };
  storage?: { pvc?: { create?: boolean; name?: string; size?: string; storageClass?: string; volumeAccessMode?: string; subPath?: string } };
  resources?: { cpu?: string | number; memory?: string | number };
  tolerations?: unknown[];
  nodeSelector?: Record<string, string>;
  env?: Array<{ name: string; value?: string }>;
  userID?: number;
  groupID?: number;
}

/** The PVC a NIMCache uses: spec.storage.pvc.name, else `<cache>-pvc` (shared.GetPVCName). */
export function cachePvcName(cache: KubeObject): string {
  return (cache.spec as NimCacheSpec | undefined)?.storage?.pvc?.name || `${cache.metadata.name}-pvc`;
}

function resources(spec: NimCacheSpec): Record<string, unknown> {
  const r: Record<string, string | number> = {};
  if (spec.resources?.cpu !== undefined) r.cpu = spec.resources.cpu;
  if (spec.resources?.memory !== undefined) r.memory = spec.resources.memory;
  return Object.keys(r).length ? { limits: r, requests: { ...r } } : {};
}

/**
 * The caching Job as the operator's constructJob writes it (internal/controller/nimcache_controller.go):
 * `<cache>-job`, backoffLimit 5, TTL 600 s, pods labelled with the cache's name, restartPolicy Never, the PVC
 * mounted at /model-store, the cache's tolerations and nodeSelector; for NGC, `download-to-cache` with
 * `--profiles <ids>` (or `--all`) and the authSecret as envFrom; for Hugging Face / a data store,
 * `download-to-cache` with HF_ENDPOINT / HF_HOME.
 */
export function renderCachingJob(cache: KubeObject, profiles: string[]): KubeObject {
  const spec = (cache.spec ?? {}) as NimCacheSpec;
  const name = cache.metadata.name;
  const ngc = spec.source?.ngc;
  const hf = spec.source?.hf ?? spec.source?.dataStore;
  const mounts = [
    { name: 'nim-cache-volume', mountPath: MODEL_STORE_PATH, ...(spec.storage?.pvc?.subPath ? { subPath: spec.storage.pvc.subPath } : {}) },
    { name: 'scratch', mountPath: '/scratch' },
  ];
  const authSecret = ngc?.authSecret ?? hf?.authSecret;
  const common = {
    name: NIM_CACHE_CONTAINER,
    ...(authSecret ? { envFrom: [{ secretRef: { name: authSecret } }] } : {}),
    volumeMounts: mounts,
    resources: resources(spec),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'FallbackToLogsOnError',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsGroup: spec.groupID ?? 2000, runAsUser: spec.userID ?? 1000 },
  };
  const container = ngc
    ? {
        ...common,
        image: ngc.modelPuller,
        command: ['download-to-cache'],
        args: profiles.includes('all') ? ['--all'] : ['--profiles', ...profiles],
        env: [{ name: 'NIM_CACHE_PATH', value: MODEL_STORE_PATH }, { name: 'NGC_API_ENDPOINT', value: 'https://api.ngc.nvidia.com' }, ...(spec.env ?? [])],
      }
    : {
        ...common,
        image: hf?.modelPuller ?? 'nvcr.io/nim/nvidia/llm-nim:1.13.1',
        command: ['download-to-cache', '--model-uri', `hf://${hf?.modelName ?? ''}`],
        env: [
          { name: 'HF_ENDPOINT', value: hf?.endpoint ?? 'https://huggingface.co' },
          { name: 'HF_HUB_OFFLINE', value: '0' },
          { name: 'NIM_CACHE_PATH', value: MODEL_STORE_PATH },
          { name: 'HF_HOME', value: `${MODEL_STORE_PATH}/huggingface/hub` },
          ...(spec.env ?? []),
        ],
      };
  const pullSecret = ngc?.pullSecret ?? hf?.pullSecret;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${name}-job`, namespace: cache.metadata.namespace, ownerReferences: [ownerReference(cache)] },
    spec: {
      backoffLimit: 5,
      ttlSecondsAfterFinished: 600,
      completions: 1,
      parallelism: 1,
      template: {
        metadata: {
          labels: { app: 'k8s-nim-operator', 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'k8s-nim-operator' },
          annotations: { 'sidecar.istio.io/inject': 'false' },
        },
        spec: {
          securityContext: { runAsUser: spec.userID ?? 1000, fsGroup: spec.groupID ?? 2000, runAsNonRoot: true },
          containers: [container],
          restartPolicy: 'Never',
          volumes: [
            { name: 'nim-cache-volume', persistentVolumeClaim: { claimName: cachePvcName(cache) } },
            { name: 'scratch', emptyDir: {} },
          ],
          imagePullSecrets: pullSecret ? [{ name: pullSecret }] : [],
          serviceAccountName: 'nim-cache-sa',
          ...(spec.tolerations?.length ? { tolerations: spec.tolerations } : {}),
          ...(spec.nodeSelector && Object.keys(spec.nodeSelector).length ? { nodeSelector: spec.nodeSelector } : {}),
        },
      },
    },
  };
}
