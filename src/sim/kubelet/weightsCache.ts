import type { KubeObject } from '../store/types.js';
import { KEYS, SIM_ANNOTATIONS } from '../operator/storeKeys.js';
import type { ContainerPlan } from './containerPlan.js';
import type { ContainerRuntime } from './containerRuntime.js';
import { DOWNLOAD_BYTES_PER_SECOND } from './logScript.js';
import type { KubeletDeps } from './podContext.js';

/**
 * Where a container's model download lands and how much of it survives: a PVC or host path keeps what was
 * downloaded across restarts (and a finished download marks the PVC as holding the model); the container's
 * own layer starts empty every time.
 */
export function weightsCacheKey(pod: KubeObject, rt: ContainerRuntime, plan: ContainerPlan): string {
  if (plan.weights.kind === 'persistent') return plan.weights.key;
  return `layer:${pod.metadata.uid}/${rt.spec.name}/${rt.instance}`;
}

/** Bytes of `model` already in the cache named by `cacheKey`. */
export function cachedBytes(deps: KubeletDeps, cacheKey: string, model: string, total: number): number {
  if (cacheKey.startsWith('pvc:')) {
    const [namespace, claim] = cacheKey.slice(4).split('/');
    const pvc = deps.store.get(KEYS.pvcs, namespace, claim);
    const models = (pvc?.metadata.annotations?.[SIM_ANNOTATIONS.cachedModels] ?? '').split(',').map((s) => s.trim());
    if (models.includes(model)) return total;
  }
  return Math.min(total, deps.downloads.get(`${cacheKey}|${model}`) ?? 0);
}

/** Remember how much of the download reached a persistent cache before the process ended (at `t`). */
export function recordDownload(deps: KubeletDeps, rt: ContainerRuntime, t: number): void {
  const plan = rt.plan;
  const dl = rt.script?.download;
  if (!plan?.model || !dl || plan.weights.kind !== 'persistent') return;
  const bytes = t >= dl.end ? dl.totalBytes : Math.max(dl.fromBytes, dl.fromBytes + ((t - dl.start) / 1000) * DOWNLOAD_BYTES_PER_SECOND);
  const key = `${plan.weights.key}|${plan.model.id}`;
  deps.downloads.set(key, Math.max(deps.downloads.get(key) ?? 0, Math.min(bytes, dl.totalBytes)));
  if (bytes >= dl.totalBytes && plan.weights.key.startsWith('pvc:')) markPvcCached(deps, plan.weights.key.slice(4), plan.model.id);
}

function markPvcCached(deps: KubeletDeps, claimKey: string, model: string): void {
  const [namespace, claim] = claimKey.split('/');
  const pvc = deps.store.get(KEYS.pvcs, namespace, claim);
  if (!pvc) return;
  const models = new Set((pvc.metadata.annotations?.[SIM_ANNOTATIONS.cachedModels] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (models.has(model)) return;
  models.add(model);
  try {
    deps.store.update(KEYS.pvcs, { ...pvc, metadata: { ...pvc.metadata, resourceVersion: undefined, annotations: { ...(pvc.metadata.annotations ?? {}), [SIM_ANNOTATIONS.cachedModels]: [...models].join(',') } } });
  } catch {
    // The PVC went away meanwhile; nothing to remember.
  }
}
