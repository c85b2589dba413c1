import type { ContainerLike, Meta, PodLike } from './kubeTypes.js';
import { GPU_RESOURCE } from './gpuPools.js';
import { podRequest, podResourceNames } from './podRequests.js';
import { desiredReplicas, gpusPerReplica, type NimService } from '../kube/nimService.js';

export type EndpointState = 'Ready' | 'NotReady' | 'Pending' | 'Failed';

export interface ClusterEndpoint {
  kind: 'NIMService' | 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  uid?: string;
  state: EndpointState;
  /** Served model id: status.model.name once the operator read it, else what the command line asks for. */
  model?: string;
  readyReplicas: number;
  desiredReplicas: number;
  createdAt?: string;
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
  clusterEndpoint?: string;
  externalEndpoint?: string;
  /** GPUs (or MIG slices) per replica. */
  gpusPerReplica: number;
  /** A plain workload that serves a model from the container's disk: evicted once the weights fill it. */
  weightsOnEphemeralStorage?: boolean;
}

interface WorkloadLike {
  metadata?: Meta;
  spec?: { replicas?: number; template?: { spec?: PodLike['spec'] } };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> };
}

const STATES: readonly EndpointState[] = ['Ready', 'NotReady', 'Pending', 'Failed'];

function conditionsOf(list: Array<{ type?: string; status?: string; reason?: string; message?: string }> | undefined) {
  return (list ?? []).map((c) => ({ type: c.type ?? '', status: c.status ?? 'Unknown', reason: c.reason, message: c.message }));
}

function iso(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}

/** The model a vLLM command line serves: `--served-model-name`, else the first positional after `serve`. */
export function modelFromCommandLine(command: readonly string[] = [], args: readonly string[] = []): string | undefined {
  const words = [...command, ...args];
  const served = words.findIndex((w) => w === '--served-model-name' || w.startsWith('--served-model-name='));
  if (served >= 0) return words[served].includes('=') ? words[served].split('=')[1] : words[served + 1];
  const serve = words.indexOf('serve');
  const candidates = serve >= 0 ? words.slice(serve + 1) : args;
  const model = candidates.find((w) => !w.startsWith('-'));
  return model && /^[\w.-]+\/[\w.-]+$/.test(model) ? model : undefined;
}

export function nimServiceEndpoint(nim: NimService): ClusterEndpoint {
  const state = STATES.includes(nim.status?.state as EndpointState) ? (nim.status!.state as EndpointState) : nim.status?.state ? 'NotReady' : 'Pending';
  const spec = nim.spec ?? {};
  return {
    kind: 'NIMService',
    namespace: nim.metadata?.namespace ?? '',
    name: nim.metadata?.name ?? '',
    uid: nim.metadata?.uid,
    state,
    model: nim.status?.model?.name || modelFromCommandLine(spec.command, spec.args),
    readyReplicas: nim.status?.availableReplicas ?? 0,
    desiredReplicas: desiredReplicas(nim),
    createdAt: iso(nim.metadata?.creationTimestamp),
    conditions: conditionsOf(nim.status?.conditions),
    clusterEndpoint: nim.status?.model?.clusterEndpoint || undefined,
    externalEndpoint: nim.status?.model?.externalEndpoint || undefined,
    gpusPerReplica: gpusPerReplica(nim),
  };
}

function runsVllm(container: ContainerLike): boolean {
  const words = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return /(^|\/)vllm(-[\w-]+)?(:|$)/.test(container.image ?? '') || /\bvllm\s+serve\b|vllm\.entrypoints/.test(words);
}

/** GPU Deployments / StatefulSets that no NIMService owns. */
export function workloadEndpoint(kind: 'Deployment' | 'StatefulSet', workload: WorkloadLike): ClusterEndpoint | undefined {
  if (workload.metadata?.ownerReferences?.some((o) => o.kind === 'NIMService')) return undefined;
  const podSpec = workload.spec?.template?.spec;
  const templatePod: PodLike = { spec: podSpec };
  const gpus = podRequest(templatePod, GPU_RESOURCE);
  const mig = [...podResourceNames(templatePod)].filter((r) => r.startsWith('nvidia.com/mig-')).reduce((n, r) => n + podRequest(templatePod, r), 0);
  if (gpus <= 0 && mig <= 0) return undefined;
  const desired = workload.spec?.replicas ?? 1;
  const ready = workload.status?.readyReplicas ?? 0;
  const conditions = conditionsOf(workload.status?.conditions);
  const failed = conditions.some((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded') || conditions.some((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const state: EndpointState = failed ? 'Failed' : !workload.status ? 'Pending' : desired > 0 && ready >= desired ? 'Ready' : 'NotReady';
  const containers = podSpec?.containers ?? [];
  const vllm = containers.find(runsVllm);
  const hasPvc = (podSpec?.volumes ?? []).some((v) => v.persistentVolumeClaim);
  return {
    kind,
    namespace: workload.metadata?.namespace ?? '',
    name: workload.metadata?.name ?? '',
    uid: workload.metadata?.uid,
    state,
    model: vllm ? modelFromCommandLine(vllm.command, vllm.args) : undefined,
    readyReplicas: ready,
    desiredReplicas: desired,
    createdAt: iso(workload.metadata?.creationTimestamp),
    conditions,
    gpusPerReplica: gpus || mig,
    weightsOnEphemeralStorage: Boolean(vllm) && !hasPvc,
  };
}

export function computeEndpoints(input: { nimServices: readonly NimService[]; deployments: readonly WorkloadLike[]; statefulSets: readonly WorkloadLike[] }): ClusterEndpoint[] {
  const endpoints: ClusterEndpoint[] = [
    ...input.nimServices.map(nimServiceEndpoint),
    ...input.deployments.map((d) => workloadEndpoint('Deployment', d)).filter((e): e is ClusterEndpoint => Boolean(e)),
    ...input.statefulSets.map((s) => workloadEndpoint('StatefulSet', s)).filter((e): e is ClusterEndpoint => Boolean(e)),
  ];
  return endpoints.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
