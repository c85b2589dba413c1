import { stringify } from 'yaml';
import type { ManifestDocument } from '../manifest/manifestDocument.js';
import { HF_HOME_ON_PVC, huggingFaceModelId } from '../nimservice/huggingFace.js';
import { isNvcrImage } from '../nimservice/image.js';
import { VLLM_PROBES } from '../nimservice/probes.js';
import { formatBytes, parseQuantity } from '../nimservice/quantity.js';
import { findFlag } from '../nimservice/vllmInvocation.js';
import type { ServingContainer } from '../workload/servingContainer.js';

const DEFAULT_SHM = '32Gi';
/** Names the image-edit recipe and the Secret templates use. */
const AUTH_SECRET = 'ngc-api-secret';
const HF_TOKEN_SECRET = { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } };
const NVCR_PULL_SECRET = 'nvcr-pull-secret';

type Json = Record<string, unknown>;

/**
 * A NIMService that runs the same container as a vLLM workload (Deployment, StatefulSet, Job, Pod…), with what the hand-rolled
 * workload lacked: a PVC for the weights (HF_HOME on it), /dev/shm, /health probes, --port = service port.
 */
export function deploymentToNimService(document: ManifestDocument, container: ServingContainer): { suggestedName: string; content: string } {
  const name = document.name ?? 'vllm-endpoint';
  const raw = (document.valueAt(container.paths.container) ?? {}) as Json;
  const podSpec = (document.valueAt(container.template?.podSpec ?? ['spec']) ?? {}) as Json;
  const image = container.image ?? { repository: 'vllm/vllm-openai' };
  const repository = image.digest ? `${image.repository}@${image.digest.split(':')[0]}` : image.repository;
  const tag = image.digest ? image.digest.split(':').slice(1).join(':') : image.tag ?? 'latest';

  const command = stringList(raw.command);
  const args = stringList(raw.args);
  const portFlag = findFlag(container.invocation, 'port');
  const port = Number(portFlag?.value) || firstContainerPort(raw.ports) || 8000;
  if (container.runtime === 'vllm-omni' && command.length && !findFlag(container.invocation, 'omni')) args.push('--omni');
  if (!portFlag) args.push('--port', String(port));

  const shm = shmSize(document, container) ?? DEFAULT_SHM;
  const spec: Json = {
    image: {
      repository,
      tag,
      pullPolicy: typeof raw.imagePullPolicy === 'string' ? raw.imagePullPolicy : 'IfNotPresent',
      ...pullSecrets(podSpec.imagePullSecrets, repository),
    },
    ...(command.length ? { command } : {}),
    ...(args.length ? { args } : {}),
    authSecret: AUTH_SECRET,
    storage: { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' }, sharedMemorySizeLimit: shm },
    env: env(raw.env, huggingFaceModelId(container.invocation?.model?.id) !== undefined),
    replicas: typeof document.valueAt(['spec', 'replicas']) === 'number' ? document.valueAt(['spec', 'replicas']) : 1,
    resources: resources(raw.resources, shm),
    expose: { service: { type: 'ClusterIP', port } },
    ...VLLM_PROBES,
  };
  for (const key of ['nodeSelector', 'tolerations'] as const) if (podSpec[key] !== undefined && podSpec[key] !== null) spec[key] = podSpec[key];

  const metadata: Json = { name, ...(document.namespace ? { namespace: document.namespace } : {}) };
  const body = stringify({ apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata, spec }, { lineWidth: 0, aliasDuplicateObjects: false });
  const header = [
    `# Converted from ${document.kind ?? 'Deployment'} ${name}: the NIM Operator now owns the PVC (weights persist`,
    '# at /model-store), /dev/shm, the /health probes and the Service. Needs the Secrets ngc-api-secret',
    '# (key NGC_API_KEY) and hf-token-secret (key HF_TOKEN). Delete the old workload once this is Ready;',
    '# volumes other than the model cache and /dev/shm were not carried over.',
  ].join('\n');
  return { suggestedName: `${name}-nimservice.yaml`, content: `${header}\n${body}` };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String) : [];
}

function firstContainerPort(ports: unknown): number | undefined {
  const port = Array.isArray(ports) ? (ports[0] as { containerPort?: unknown })?.containerPort : undefined;
  return typeof port === 'number' ? port : undefined;
}

function pullSecrets(imagePullSecrets: unknown, repository: string): Json {
  const names = Array.isArray(imagePullSecrets) ? imagePullSecrets.map((s) => (s as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string') : [];
  if (names.length) return { pullSecrets: names };
  return isNvcrImage(repository) ? { pullSecrets: [NVCR_PULL_SECRET] } : {};
}

/** The container's env with HF_HOME moved onto the PVC and HF_TOKEN read from a Secret (a literal token is dropped). */
function env(value: unknown, huggingFace: boolean): Json[] {
  const entries = (Array.isArray(value) ? value : []).filter((e): e is Json => !!e && typeof e === 'object' && typeof (e as Json).name === 'string');
  const out = entries.map((e) => {
    if (e.name === 'HF_HOME') return { name: 'HF_HOME', value: HF_HOME_ON_PVC };
    if ((e.name === 'HF_TOKEN' || e.name === 'HUGGING_FACE_HUB_TOKEN') && !e.valueFrom) return { name: e.name, valueFrom: HF_TOKEN_SECRET };
    return e;
  });
  if (!out.some((e) => e.name === 'HF_HOME')) out.unshift({ name: 'HF_HOME', value: HF_HOME_ON_PVC });
  if (huggingFace && !out.some((e) => e.name === 'HF_TOKEN' || e.name === 'HUGGING_FACE_HUB_TOKEN')) out.push({ name: 'HF_TOKEN', valueFrom: HF_TOKEN_SECRET });
  return out;
}

/** Limits with a GPU and room for /dev/shm, which counts against the memory limit. */
function resources(value: unknown, shm: string): Json {
  const source = value && typeof value === 'object' ? (value as Json) : {};
  const limits: Json = { ...((source.limits as Json) ?? {}) };
  const requests = source.requests as Json | undefined;
  if (!Object.keys(limits).some((k) => k === 'nvidia.com/gpu' || k.startsWith('nvidia.com/mig-'))) limits['nvidia.com/gpu'] = requests?.['nvidia.com/gpu'] ?? 1;
  const memory = parseQuantity(limits.memory);
  const shmBytes = parseQuantity(shm) ?? 0;
  if (memory !== undefined && memory <= shmBytes) limits.memory = formatBytes(2 * shmBytes);
  return { ...(requests ? { requests } : {}), limits };
}

/** sizeLimit of a memory-backed emptyDir the container mounts at /dev/shm. */
function shmSize(document: ManifestDocument, container: ServingContainer): string | undefined {
  const mounts = document.valueAt([...container.paths.container, 'volumeMounts']);
  const shmMount = Array.isArray(mounts) ? mounts.find((m) => (m as Json)?.mountPath === '/dev/shm') : undefined;
  const volumes = document.valueAt([...(container.template?.podSpec ?? ['spec']), 'volumes']);
  const volume = Array.isArray(volumes) ? volumes.find((v) => (v as Json)?.name === (shmMount as Json | undefined)?.name) : undefined;
  const sizeLimit = ((volume as Json | undefined)?.emptyDir as Json | undefined)?.sizeLimit;
  return typeof sizeLimit === 'string' && parseQuantity(sizeLimit) ? sizeLimit : undefined;
}
