// A small GPU lab for the explorer's tests: an H100 pool (one tainted node), a MIG pool, an L4 pool whose nodes are
// cordoned / NotReady, a CPU node; running, init-container, Succeeded, Failed and unbound pods; NIMServices and a
// hand-rolled vLLM Deployment that keeps weights on ephemeral storage. Expected figures are in the test files.
type Obj = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: unknown; status?: unknown };

export interface Seedable {
  create(key: string, object: any): unknown;
}

const ready = [{ type: 'Ready', status: 'True' }];
const notReady = [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }];

export function gpuNode(name: string, labels: Record<string, string>, resources: Record<string, string>, extra: { unschedulable?: boolean; notReady?: boolean; taints?: Array<{ key: string; value?: string; effect: string }> } = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: { ...(extra.unschedulable ? { unschedulable: true } : {}), ...(extra.taints ? { taints: extra.taints } : {}) },
    status: { capacity: { cpu: '96', memory: '1Ti', ...resources }, allocatable: { cpu: '95', memory: '1000Gi', ...resources }, conditions: extra.notReady ? notReady : ready },
  };
}

export function gpuPod(namespace: string, name: string, node: string | undefined, resources: { limits?: Record<string, string>; requests?: Record<string, string> }, options: { phase?: string; labels?: Record<string, string>; init?: Record<string, string>; second?: Record<string, string> } = {}): Obj {
  const containers: unknown[] = [{ name: 'main', image: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', resources }];
  if (options.second) containers.push({ name: 'sidecar', image: 'busybox:1.36', resources: { limits: options.second } });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec: { ...(node ? { nodeName: node } : {}), containers, ...(options.init ? { initContainers: [{ name: 'fetch', image: 'busybox:1.36', resources: { limits: options.init } }] } : {}) },
    status: { phase: options.phase ?? (node ? 'Running' : 'Pending'), conditions: [{ type: 'Ready', status: options.phase === 'Running' || (!options.phase && node) ? 'True' : 'False' }], containerStatuses: [{ name: 'main', ready: Boolean(node), restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }] },
  };
}

export function nimService(namespace: string, name: string, state: string | undefined, gpus: number, model?: string): Obj {
  return {
    apiVersion: 'apps.nvidia.com/v1alpha1',
    kind: 'NIMService',
    metadata: { name, namespace },
    spec: { image: { repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct', tag: '1.3.3' }, authSecret: 'ngc-api', replicas: 1, resources: { limits: { 'nvidia.com/gpu': String(gpus) } }, storage: { pvc: { name: `${name}-cache` } } },
    ...(state
      ? {
          status: {
            state,
            availableReplicas: state === 'Ready' ? 1 : 0,
            conditions: [{ type: 'Ready', status: state === 'Ready' ? 'True' : 'False', reason: state === 'Ready' ? 'Ready' : 'NotReady', message: state === 'Ready' ? 'deployment successfully rolled out' : 'Waiting for deployment rollout to finish: 0 of 1 updated replicas are available', lastTransitionTime: '2025-01-01T00:00:00Z' }],
            ...(model ? { model: { name: model, clusterEndpoint: `${name}.${namespace}.svc.cluster.local:8000`, externalEndpoint: '' } } : {}),
          },
        }
      : {}),
  };
}

export function vllmDeployment(namespace: string, name: string, gpus: number, readyReplicas: number): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-omni:v0.11.0', command: ['vllm', 'serve', 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni'], resources: { limits: { 'nvidia.com/gpu': String(gpus) } } }] } },
    },
    status: { replicas: 1, readyReplicas, updatedReplicas: 1, availableReplicas: readyReplicas, conditions: [{ type: 'Available', status: readyReplicas ? 'True' : 'False', reason: 'MinimumReplicasUnavailable' }] },
  };
}

/** Objects by store key, in creation order. */
export function gpuLabObjects(): Array<[string, Obj]> {
  const h100 = { 'karpenter.sh/nodepool': 'h100', 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' };
  const mig = { 'cloud.google.com/gke-nodepool': 'a100-mig', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' };
  const l4 = { 'eks.amazonaws.com/nodegroup': 'l4', 'nvidia.com/gpu.product': 'NVIDIA-L4' };
  const llama = { 'app.kubernetes.io/name': 'llama', 'app.kubernetes.io/managed-by': 'k8s-nim-operator' };
  const objects: Array<[string, Obj]> = [
    ['namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nim' } }],
    ['namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }],
    ['nodes', gpuNode('h100-a', h100, { 'nvidia.com/gpu': '8' }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] })],
    ['nodes', gpuNode('h100-b', h100, { 'nvidia.com/gpu': '8' })],
    ['nodes', gpuNode('a100-mig-1', mig, { 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '7' })],
    ['nodes', gpuNode('a100-mig-2', mig, { 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '7' })],
    ['nodes', gpuNode('l4-cordoned', l4, { 'nvidia.com/gpu': '4' }, { unschedulable: true })],
    ['nodes', gpuNode('l4-notready', l4, { 'nvidia.com/gpu': '4' }, { notReady: true })],
    ['nodes', gpuNode('cpu-1', {}, {})],
    ['nimservices.apps.nvidia.com', nimService('nim', 'llama', 'Ready', 2, 'meta/llama-3.1-8b-instruct')],
    ['nimservices.apps.nvidia.com', nimService('nim', 'qwen-edit', 'NotReady', 1)],
    ['deployments.apps', vllmDeployment('team-a', 'vllm-omni', 1, 0)],
    ['deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'team-a' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } }, status: { replicas: 2, readyReplicas: 2 } }],
    // h100-a: 2 (limit only) + 1 + max(init 4, 1 + 1) = 7 of 8; the Succeeded / Failed / unbound pods do not count.
    ['pods', gpuPod('nim', 'llama-7d9f-abcde', 'h100-a', { limits: { 'nvidia.com/gpu': '2' } }, { labels: llama })],
    ['pods', gpuPod('team-a', 'vllm-omni-5c8d-xyz12', 'h100-a', { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } }, { labels: { app: 'vllm-omni' } })],
    ['pods', gpuPod('team-a', 'warmup', 'h100-a', { limits: { 'nvidia.com/gpu': '1' } }, { init: { 'nvidia.com/gpu': '4' }, second: { 'nvidia.com/gpu': '1' } })],
    ['pods', gpuPod('team-a', 'batch-done', 'h100-a', { limits: { 'nvidia.com/gpu': '8' } }, { phase: 'Succeeded' })],
    ['pods', gpuPod('team-a', 'batch-failed', 'h100-a', { limits: { 'nvidia.com/gpu': '8' } }, { phase: 'Failed' })],
    ['pods', gpuPod('team-a', 'unbound', undefined, { limits: { 'nvidia.com/gpu': '2' } })],
    // h100-b: 3 of 8.
    ['pods', gpuPod('team-a', 'trainer', 'h100-b', { limits: { 'nvidia.com/gpu': '3' } })],
    // a100-mig-1: 2 of 14 1g.10gb slices in the pool.
    ['pods', gpuPod('team-a', 'mig-user', 'a100-mig-1', { limits: { 'nvidia.com/mig-1g.10gb': '2' } })],
    // l4: 1 + 2 allocated, 0 free (cordoned and NotReady).
    ['pods', gpuPod('team-a', 'l4-one', 'l4-cordoned', { limits: { 'nvidia.com/gpu': '1' } })],
    ['pods', gpuPod('team-a', 'l4-two', 'l4-notready', { limits: { 'nvidia.com/gpu': '2' } })],
    ['pods', gpuPod('team-a', 'web-1', 'cpu-1', { limits: { cpu: '1' } }, { labels: { app: 'web' } })],
  ];
  return objects;
}

export function seedGpuLab(store: Seedable): void {
  for (const [key, object] of gpuLabObjects()) store.create(key, structuredClone(object));
}

/** What `ies pools --format json` must print for the GPU lab. */
export const GPU_LAB_POOLS = [
  { name: 'a100-mig', gpuProduct: 'NVIDIA-A100-SXM4-80GB', nodes: 2, capacity: 0, allocated: 0, free: 0, mig: { 'nvidia.com/mig-1g.10gb': { capacity: 14, allocated: 2 } }, unschedulableNodes: 0 },
  { name: 'h100', gpuProduct: 'NVIDIA-H100-80GB-HBM3', nodes: 2, capacity: 16, allocated: 10, free: 6, mig: {}, unschedulableNodes: 0 },
  { name: 'l4', gpuProduct: 'NVIDIA-L4', nodes: 2, capacity: 8, allocated: 3, free: 0, mig: {}, unschedulableNodes: 2 },
];
