import type { KubeObject } from '../../store/types.js';
import { SIM_ANNOTATIONS } from '../storeKeys.js';

/** The fields of a NIMService spec the operator reads when it renders objects (CRD types, loosely). */
export interface NimServiceSpec {
  image?: { repository?: string; tag?: string; pullPolicy?: string; pullSecrets?: string[] };
  authSecret?: string;
  command?: string[];
  args?: string[];
  env?: Array<Record<string, unknown> & { name: string }>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  replicas?: number;
  scale?: { enabled?: boolean; hpa?: { minReplicas?: number } };
  resources?: Record<string, unknown>;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: unknown;
  runtimeClassName?: string;
  schedulerName?: string;
  priorityClassName?: string;
  userID?: number;
  groupID?: number;
  expose?: {
    service?: { type?: string; port?: number; name?: string; grpcPort?: number; metricsPort?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
    ingress?: { enabled?: boolean; spec?: { rules?: Array<{ host?: string }> } };
  };
  storage?: {
    nimCache?: { name?: string; profile?: string };
    pvc?: { create?: boolean; name?: string; size?: string; storageClass?: string; volumeAccessMode?: string; subPath?: string; annotations?: Record<string, string> };
    emptyDir?: { sizeLimit?: string | number };
    hostPath?: string;
    sharedMemorySizeLimit?: string | number;
    readOnly?: boolean;
  };
  livenessProbe?: ProbeOverride;
  readinessProbe?: ProbeOverride;
  startupProbe?: ProbeOverride;
  initContainers?: Array<{ name: string; image: { repository: string; tag: string }; command?: string[]; args?: string[]; env?: unknown[]; workingDir?: string }>;
}

interface ProbeOverride {
  enabled?: boolean;
  probe?: Record<string, unknown>;
}

export const DEFAULT_API_PORT = 8000;
const MODEL_STORE = '/model-store';

export function nimSpec(nim: KubeObject): NimServiceSpec {
  return (nim.spec ?? {}) as NimServiceSpec;
}

export function servicePort(spec: NimServiceSpec): number {
  return spec.expose?.service?.port ?? DEFAULT_API_PORT;
}

export function serviceName(nim: KubeObject): string {
  return nimSpec(nim).expose?.service?.name || nim.metadata.name;
}

/** The claim the model store mounts, when the storage is a PVC (its own or a NIMCache's). */
export function modelStoreClaim(nim: KubeObject, nimCachePvc?: string): string | undefined {
  const storage = nimSpec(nim).storage;
  if (storage?.nimCache?.name) return nimCachePvc ?? `${storage.nimCache.name}-pvc`;
  if (storage?.pvc) return storage.pvc.name || `${nim.metadata.name}-pvc`;
  return undefined;
}

export function ownerReference(owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function standardLabels(nim: KubeObject): Record<string, string> {
  return {
    'app.kubernetes.io/name': nim.metadata.name,
    'app.kubernetes.io/instance': nim.metadata.name,
    'app.kubernetes.io/part-of': 'nim-service',
    'app.kubernetes.io/managed-by': 'k8s-nim-operator',
  };
}

function selectorLabels(nim: KubeObject): Record<string, string> {
  return { app: nim.metadata.name };
}

function httpProbe(path: string, initialDelaySeconds: number, failureThreshold: number): Record<string, unknown> {
  return { httpGet: { path, port: 'api', scheme: 'HTTP' }, initialDelaySeconds, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold };
}

/** The operator's defaults (nimservice_types.go:663-734), or the override; `enabled: false` drops the probe. */
function probe(override: ProbeOverride | undefined, fallback: Record<string, unknown>): Record<string, unknown> | undefined {
  if (override?.enabled === false) return undefined;
  if (!override?.probe) return fallback;
  return { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...override.probe };
}

function operatorEnv(spec: NimServiceSpec): Array<Record<string, unknown> & { name: string }> {
  const port = String(servicePort(spec));
  const env: Array<Record<string, unknown> & { name: string }> = [
    { name: 'NIM_CACHE_PATH', value: MODEL_STORE },
    { name: 'NIM_SERVER_PORT', value: port },
    { name: 'NIM_HTTP_API_PORT', value: port },
    { name: 'NIM_JSONL_LOGGING', value: '1' },
    { name: 'NIM_LOG_LEVEL', value: 'INFO' },
    { name: 'OUTLINES_CACHE_DIR', value: '/tmp/outlines' },
  ];
  if (spec.expose?.service?.grpcPort) {
    env.push({ name: 'NIM_GRPC_API_PORT', value: String(spec.expose.service.grpcPort) }, { name: 'NIM_TRITON_GRPC_PORT', value: String(spec.expose.service.grpcPort) });
  }
  if (spec.authSecret) {
    const hf = (spec.env ?? []).some((e) => e.name === 'NIM_MODEL_NAME' && typeof e.value === 'string' && e.value.startsWith('hf://'));
    env.push({ name: 'NGC_API_KEY', valueFrom: { secretKeyRef: { name: spec.authSecret, key: 'NGC_API_KEY', ...(hf ? { optional: true } : {}) } } });
    if (hf) env.push({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: spec.authSecret, key: 'HF_TOKEN' } } });
  }
  // spec.env wins over the operator's variables of the same name.
  const user = spec.env ?? [];
  return [...env.filter((e) => !user.some((u) => u.name === e.name)), ...user];
}

function modelStoreVolume(nim: KubeObject, spec: NimServiceSpec, nimCachePvc?: string): Record<string, unknown> {
  const claim = modelStoreClaim(nim, nimCachePvc);
  if (claim) return { name: 'model-store', persistentVolumeClaim: { claimName: claim, readOnly: spec.storage?.readOnly ?? false } };
  if (spec.storage?.hostPath) return { name: 'model-store', hostPath: { path: spec.storage.hostPath, type: 'DirectoryOrCreate' } };
  return { name: 'model-store', emptyDir: spec.storage?.emptyDir?.sizeLimit !== undefined ? { sizeLimit: spec.storage.emptyDir.sizeLimit } : {} };
}

/** The pod template the operator renders for a standalone NIMService (manifests/deployment.yaml). */
export function renderPodTemplate(nim: KubeObject, nimCachePvc?: string): Record<string, unknown> {
  const spec = nimSpec(nim);
  const name = nim.metadata.name;
  const volumes: Array<Record<string, unknown>> = [modelStoreVolume(nim, spec, nimCachePvc)];
  const mounts: Array<Record<string, unknown>> = [{ name: 'model-store', mountPath: MODEL_STORE, ...(spec.storage?.pvc?.subPath ? { subPath: spec.storage.pvc.subPath } : {}) }];
  // Every release mounts a memory-backed /dev/shm (GetVolumes / GetVolumeMounts in nimservice_types.go); its size
  // limit is spec.storage.sharedMemorySizeLimit where the release has that field and the manifest sets it.
  const shmLimit = spec.storage?.sharedMemorySizeLimit;
  volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory', ...(shmLimit !== undefined ? { sizeLimit: shmLimit } : {}) } });
  mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
  const ports: Array<Record<string, unknown>> = [{ name: 'api', containerPort: servicePort(spec), protocol: 'TCP' }];
  if (spec.expose?.service?.grpcPort) ports.push({ name: 'grpc', containerPort: spec.expose.service.grpcPort, protocol: 'TCP' });
  if (spec.expose?.service?.metricsPort) ports.push({ name: 'metrics', containerPort: spec.expose.service.metricsPort, protocol: 'TCP' });
  const container: Record<string, unknown> = {
    name,
    image: `${spec.image?.repository ?? ''}:${spec.image?.tag ?? ''}`,
    imagePullPolicy: spec.image?.pullPolicy ?? 'IfNotPresent',
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    env: operatorEnv(spec),
    ports,
    resources: spec.resources ?? {},
    volumeMounts: mounts,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  const liveness = probe(spec.livenessProbe, httpProbe('/v1/health/live', 15, 3));
  const readiness = probe(spec.readinessProbe, httpProbe('/v1/health/ready', 15, 3));
  const startup = probe(spec.startupProbe, httpProbe('/v1/health/ready', 30, 120));
  if (liveness) container.livenessProbe = liveness;
  if (readiness) container.readinessProbe = readiness;
  if (startup) container.startupProbe = startup;
  const podSpec: Record<string, unknown> = {
    serviceAccountName: name,
    containers: [container],
    volumes,
    securityContext: { runAsUser: spec.userID ?? 1000, runAsGroup: spec.groupID ?? 2000, fsGroup: spec.groupID ?? 2000 },
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
  };
  if (spec.initContainers?.length) {
    podSpec.initContainers = spec.initContainers.map((c) => ({ name: c.name, image: `${c.image.repository}:${c.image.tag}`, command: c.command, args: c.args, env: c.env, workingDir: c.workingDir }));
  }
  if (spec.image?.pullSecrets?.length) podSpec.imagePullSecrets = spec.image.pullSecrets.map((s) => ({ name: s }));
  if (spec.nodeSelector) podSpec.nodeSelector = spec.nodeSelector;
  if (spec.tolerations) podSpec.tolerations = spec.tolerations;
  if (spec.affinity) podSpec.affinity = spec.affinity;
  if (spec.runtimeClassName) podSpec.runtimeClassName = spec.runtimeClassName;
  if (spec.priorityClassName) podSpec.priorityClassName = spec.priorityClassName;
  return {
    metadata: { labels: { ...standardLabels(nim), ...(spec.labels ?? {}), ...selectorLabels(nim) }, annotations: { ...(spec.annotations ?? {}), ...simHistory(nim) } },
    spec: podSpec,
  };
}

/** A fixture's "has been running for 3h" note travels from the NIMService to its pods (simulator only). */
function simHistory(nim: KubeObject): Record<string, string> {
  const value = nim.metadata.annotations?.[SIM_ANNOTATIONS.runningFor];
  return value ? { [SIM_ANNOTATIONS.runningFor]: value } : {};
}

export function desiredReplicas(spec: NimServiceSpec): number {
  if (spec.scale?.enabled) return spec.scale.hpa?.minReplicas ?? 1;
  return spec.replicas ?? 1;
}

export function renderDeployment(nim: KubeObject, nimCachePvc?: string): KubeObject {
  const spec = nimSpec(nim);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: nim.metadata.name, namespace: nim.metadata.namespace, labels: { ...standardLabels(nim), ...(spec.labels ?? {}) }, ownerReferences: [ownerReference(nim)] },
    spec: {
      replicas: desiredReplicas(spec),
      selector: { matchLabels: selectorLabels(nim) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      template: renderPodTemplate(nim, nimCachePvc),
    },
  };
}

export function renderService(nim: KubeObject): KubeObject {
  const spec = nimSpec(nim);
  const svc = spec.expose?.service ?? {};
  const ports: Array<Record<string, unknown>> = [{ name: 'api', port: servicePort(spec), targetPort: 'api', protocol: 'TCP' }];
  if (svc.grpcPort) ports.push({ name: 'grpc', port: svc.grpcPort, targetPort: 'grpc', protocol: 'TCP' });
  if (svc.metricsPort) ports.push({ name: 'metrics', port: svc.metricsPort, targetPort: 'metrics', protocol: 'TCP' });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: serviceName(nim),
      namespace: nim.metadata.namespace,
      labels: { ...standardLabels(nim), ...(svc.labels ?? {}) },
      ...(svc.annotations ? { annotations: svc.annotations } : {}),
      ownerReferences: [ownerReference(nim)],
    },
    spec: { type: svc.type ?? 'ClusterIP', selector: selectorLabels(nim), ports },
  };
}

/** The PVC the operator creates for `storage.pvc.create: true`, or undefined. */
export function renderPvc(nim: KubeObject): KubeObject | undefined {
  const pvc = nimSpec(nim).storage?.pvc;
  if (!pvc?.create) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: pvc.name || `${nim.metadata.name}-pvc`, namespace: nim.metadata.namespace, ...(pvc.annotations ? { annotations: pvc.annotations } : {}), ownerReferences: [ownerReference(nim)] },
    spec: {
      accessModes: [pvc.volumeAccessMode ?? 'ReadWriteOnce'],
      resources: { requests: { storage: pvc.size ?? '50Gi' } },
      ...(pvc.storageClass ? { storageClassName: pvc.storageClass } : {}),
      volumeMode: 'Filesystem',
    },
  };
}
