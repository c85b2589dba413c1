import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/types.js';

export const DCGM_NAMESPACE = 'gpu-operator';
export const DCGM_SERVICE = 'nvidia-dcgm-exporter';
export const DCGM_PORT = 9400;
export const DCGM_LABELS = { app: 'nvidia-dcgm-exporter' };
const IMAGE = 'nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3-4.1.3-ubuntu22.04';
const STATIC = { 'sim.ies.dev/static': 'true' };

export function dcgmNamespace(): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DCGM_NAMESPACE, labels: { 'kubernetes.io/metadata.name': DCGM_NAMESPACE } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/** The GPU Operator's Service in front of the exporter DaemonSet (port 9400, `gpu-metrics`). */
export function dcgmService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DCGM_SERVICE, namespace: DCGM_NAMESPACE, labels: { ...DCGM_LABELS }, annotations: { 'prometheus.io/scrape': 'true' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.200.10', clusterIPs: ['10.96.200.10'], selector: { ...DCGM_LABELS }, ports: [{ name: 'gpu-metrics', port: DCGM_PORT, targetPort: DCGM_PORT, protocol: 'TCP' }] },
    status: { loadBalancer: {} },
  };
}

/** The DaemonSet's pod on one GPU node: Running and Ready unless the node is NotReady. */
export function dcgmPod(node: KubeObject, ready: boolean, startedAt: string): KubeObject {
  const suffix = createHash('sha1').update(node.metadata.name).digest('hex').replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]).slice(0, 5);
  const ip = (node as { status?: { addresses?: Array<{ type: string; address: string }> } }).status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
  const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: startedAt });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `nvidia-dcgm-exporter-${suffix}`, namespace: DCGM_NAMESPACE, labels: { ...DCGM_LABELS }, annotations: { ...STATIC } },
    spec: {
      nodeName: node.metadata.name,
      serviceAccountName: 'nvidia-dcgm-exporter',
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{
        name: 'nvidia-dcgm-exporter',
        image: IMAGE,
        env: [{ name: 'DCGM_EXPORTER_LISTEN', value: `:${DCGM_PORT}` }, { name: 'DCGM_EXPORTER_KUBERNETES', value: 'true' }, { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        ports: [{ name: 'metrics', containerPort: DCGM_PORT, protocol: 'TCP' }],
        readinessProbe: { httpGet: { path: '/health', port: DCGM_PORT }, periodSeconds: 10 },
      }],
    },
    status: {
      phase: 'Running',
      hostIP: ip,
      podIP: ip.replace(/^10\.0\./, '10.42.'),
      startTime: startedAt,
      conditions: [condition('PodScheduled', true), condition('Initialized', true), condition('ContainersReady', ready), condition('Ready', ready)],
      containerStatuses: [{ name: 'nvidia-dcgm-exporter', ready, started: true, restartCount: 0, image: IMAGE, imageID: `${IMAGE}@sha256:${createHash('sha256').update(IMAGE).digest('hex')}`, containerID: `containerd://${createHash('sha256').update(node.metadata.name).digest('hex')}`, state: { running: { startedAt } } }],
      qosClass: 'BestEffort',
    },
  };
}
