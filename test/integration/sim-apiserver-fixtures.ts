// Objects the kubectl fidelity tests seed into the simulator's store.
import type { MemoryStore } from '../../src/sim/store/memoryStore.js';
import type { KubeObject } from '../../src/sim/store/types.js';

export function seedCluster(store: MemoryStore): { pod: KubeObject; deployment: KubeObject } {
  store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'gpu-node-1', labels: { 'node-role.kubernetes.io/worker': '', 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.11' }],
      capacity: { 'nvidia.com/gpu': '8', cpu: '96', memory: '1056Gi' },
      allocatable: { 'nvidia.com/gpu': '8', cpu: '96', memory: '1056Gi' },
      nodeInfo: { kubeletVersion: 'v1.33.1', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.20' },
    },
  } as KubeObject);
  const deployment = store.create('deployments.apps', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'llm', namespace: 'default', labels: { app: 'llm' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'llm' } }, template: { metadata: { labels: { app: 'llm' } }, spec: { containers: [{ name: 'nim', image: 'nvcr.io/nim/meta/llama:1.0' }] } } },
    status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  } as KubeObject);
  const rs = store.create('replicasets.apps', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'llm-6d4b9',
      namespace: 'default',
      labels: { app: 'llm' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'llm', uid: deployment.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 1, selector: { matchLabels: { app: 'llm' } }, template: { metadata: { labels: { app: 'llm' } }, spec: { containers: [{ name: 'nim', image: 'nvcr.io/nim/meta/llama:1.0' }] } } },
    status: { replicas: 1, readyReplicas: 1 },
  } as KubeObject);
  const pod = store.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'llm-6d4b9-x7k2p',
      namespace: 'default',
      labels: { app: 'llm' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'llm-6d4b9', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { nodeName: 'gpu-node-1', containers: [{ name: 'nim', image: 'nvcr.io/nim/meta/llama:1.0', ports: [{ name: 'api', containerPort: 8000 }], resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'nim', ready: true, restartCount: 1, image: 'nvcr.io/nim/meta/llama:1.0', state: { running: { startedAt: '2025-01-01T00:00:00Z' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2025-01-01T00:00:00Z' } } }],
    },
  } as KubeObject);
  store.create('events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod.metadata.name}.1`, namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: 'default', uid: pod.metadata.uid },
    reason: 'Started',
    message: 'Started container nim',
    type: 'Normal',
    source: { component: 'kubelet', host: 'gpu-node-1' },
    count: 1,
    firstTimestamp: '2025-01-01T00:00:00Z',
    lastTimestamp: '2025-01-01T00:00:00Z',
  } as KubeObject);
  store.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ngc-api', namespace: 'default' }, type: 'Opaque', data: { NGC_API_KEY: Buffer.from('nvapi-fake').toString('base64') } } as KubeObject);
  return { pod, deployment };
}

export function nimServiceYaml(name: string, extra: { replicas?: number; port?: number } = {}): string {
  return `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: ${name}
  namespace: default
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.3.3"
  authSecret: ngc-api
  replicas: ${extra.replicas ?? 1}
  resources:
    limits:
      nvidia.com/gpu: 1
  storage:
    pvc:
      create: true
      size: 50Gi
      volumeAccessMode: ReadWriteOnce
  expose:
    service:
      type: ClusterIP
      port: ${extra.port ?? 8000}
`;
}
