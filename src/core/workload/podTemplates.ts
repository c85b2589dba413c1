import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';

/** Where a workload kind keeps a pod spec, and how many pods run it. */
export interface PodTemplate {
  /** Path of the PodSpec (the map holding `containers` and `volumes`). */
  podSpec: YamlPath;
  /** Labels of the pods, matched by a Service's selector. */
  labels?: YamlPath;
  role: 'pod' | 'leader' | 'worker' | 'predictor' | 'runtime';
  /** Pods that run this template at once (replicas, parallelism, the group size); undefined when the kind does not say. */
  pods?: number;
  /** Pods of one serving group that share the parallel work (a LeaderWorkerSet's size); 1 elsewhere. */
  groupSize: number;
  /** `volumeClaimTemplates` whose claims the pods mount by name. */
  claimTemplates?: YamlPath;
}

const APPS_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet']);

/** Every kind whose pods podTemplates() finds (the editor lints files holding one, as `ies lint` does). */
export const POD_WORKLOAD_KINDS: readonly string[] = [...APPS_KINDS, 'Job', 'CronJob', 'Pod', 'LeaderWorkerSet', 'ServingRuntime', 'ClusterServingRuntime', 'InferenceService'];

/** The kinds whose pods can run a model server; NIMService is read by its own view. */
export function isPodWorkload(document: ManifestDocument): boolean {
  return podTemplates(document).length > 0;
}

export function podTemplates(document: ManifestDocument): PodTemplate[] {
  const kind = document.kind;
  if (!kind) return [];
  const group = (document.apiVersion ?? '').includes('/') ? (document.apiVersion ?? '').split('/')[0] : '';
  const count = (path: YamlPath, fallback: number | undefined) => {
    const n = document.valueAt(path);
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : fallback;
  };
  if (group === 'apps' && APPS_KINDS.has(kind)) {
    return [{
      podSpec: ['spec', 'template', 'spec'],
      labels: ['spec', 'template', 'metadata', 'labels'],
      role: 'pod',
      pods: kind === 'DaemonSet' ? undefined : count(['spec', 'replicas'], 1),
      groupSize: 1,
      claimTemplates: kind === 'StatefulSet' ? ['spec', 'volumeClaimTemplates'] : undefined,
    }];
  }
  if (group === 'batch' && kind === 'Job') {
    return [{ podSpec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'], role: 'pod', pods: count(['spec', 'parallelism'], 1), groupSize: 1 }];
  }
  if (group === 'batch' && kind === 'CronJob') {
    const job = ['spec', 'jobTemplate', 'spec'];
    return [{ podSpec: [...job, 'template', 'spec'], labels: [...job, 'template', 'metadata', 'labels'], role: 'pod', pods: count([...job, 'parallelism'], 1), groupSize: 1 }];
  }
  if (group === '' && kind === 'Pod') return [{ podSpec: ['spec'], labels: ['metadata', 'labels'], role: 'pod', pods: 1, groupSize: 1 }];
  if (group === 'leaderworkerset.x-k8s.io' && kind === 'LeaderWorkerSet') {
    const lwt = ['spec', 'leaderWorkerTemplate'];
    const size = count([...lwt, 'size'], 1) || 1;
    const replicas = count(['spec', 'replicas'], 1) ?? 1;
    const claimTemplates = [...lwt, 'volumeClaimTemplates'];
    const worker: PodTemplate = {
      podSpec: [...lwt, 'workerTemplate', 'spec'],
      labels: [...lwt, 'workerTemplate', 'metadata', 'labels'],
      role: 'worker',
      pods: replicas * (size - 1),
      groupSize: size,
      claimTemplates,
    };
    // Without a leaderTemplate the leader runs the worker template.
    if (document.nodeAt([...lwt, 'leaderTemplate']) === undefined) return [{ ...worker, role: 'leader', pods: replicas * size }];
    return [
      { podSpec: [...lwt, 'leaderTemplate', 'spec'], labels: [...lwt, 'leaderTemplate', 'metadata', 'labels'], role: 'leader', pods: replicas, groupSize: size, claimTemplates },
      worker,
    ];
  }
  if (group === 'serving.kserve.io' && (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime')) {
    return [{ podSpec: ['spec'], role: 'runtime', groupSize: 1 }, { podSpec: ['spec', 'workerSpec'], role: 'worker', groupSize: 1 }];
  }
  if (group === 'serving.kserve.io' && kind === 'InferenceService') {
    const predictor = ['spec', 'predictor'];
    const pods = Math.max(count([...predictor, 'minReplicas'], 1) ?? 1, count([...predictor, 'maxReplicas'], 1) ?? 1);
    return [{ podSpec: predictor, role: 'predictor', pods, groupSize: 1 }, { podSpec: [...predictor, 'workerSpec'], role: 'worker', pods, groupSize: 1 }];
  }
  return [];
}
