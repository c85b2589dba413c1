import { computeGpuPools, nodeGpuCapacity } from '../cluster/gpuPools.js';
import type { NodeLike, PodLike } from '../cluster/kubeTypes.js';
import { fitPreflightCheck } from '../fit/fitPreflight.js';
import { KubeApiError } from '../kube/kubeApiError.js';
import type { KubeTransport } from '../kube/kubeTransport.js';
import { desiredReplicas, gpusPerReplica, isImageEditEndpoint, type NimService } from '../kube/nimService.js';
import { corePath, endpointSelector, groupPath, namespacePath, NIM_GROUP } from '../kube/paths.js';
import type { PreflightCheck } from './preflightTypes.js';

export interface PreflightOptions {
  /** A pool whose total capacity is below 2 cannot host both an image-edit endpoint and the workflow calling it. */
  requirePoolCapacity2ForImageEdit?: boolean;
  signal?: AbortSignal;
}

interface SecretLike {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const CRD_NAME = `nimservices.${NIM_GROUP}`;

/**
 * The checks to run before applying a NIMService, in order. An unreachable cluster stops there; everything
 * else runs so the user sees every problem at once. Secret values are never read beyond their key names.
 */
export async function runPreflight(transport: KubeTransport, nim: NimService, namespace: string, options: PreflightOptions = {}): Promise<PreflightCheck[]> {
  const get = <T>(path: string, query?: Record<string, string>) => transport.getJson<T>(path, query, options.signal);
  const checks: PreflightCheck[] = [];
  try {
    const version = await get<{ gitVersion?: string }>('/version');
    checks.push({ id: 'cluster', title: 'Cluster reachable', status: 'pass', detail: `${transport.server.replace(/\/token\/[^/]+/, '')} (Kubernetes ${version?.gitVersion ?? 'unknown version'})` });
  } catch (error) {
    checks.push({ id: 'cluster', title: 'Cluster reachable', status: 'fail', detail: (error as Error).message });
    return checks;
  }
  checks.push(await checkCrd(get));
  const namespaceCheck = await checkNamespace(get, namespace);
  checks.push(namespaceCheck);
  const namespaceMissing = namespaceCheck.status === 'fail';
  const spec = nim.spec ?? {};
  const secrets = new Map<string, SecretLike | null | 'forbidden'>();
  const readSecret = async (name: string) => {
    if (!secrets.has(name)) secrets.set(name, namespaceMissing ? null : await readOrNull<SecretLike>(get, corePath(namespace, 'secrets', name)));
    return secrets.get(name)!;
  };
  if (spec.authSecret) {
    checks.push(secretCheck('auth-secret', `authSecret ${spec.authSecret}`, namespace, spec.authSecret, await readSecret(spec.authSecret), [{ key: 'NGC_API_KEY', optional: false }]));
  } else {
    checks.push({ id: 'auth-secret', title: 'authSecret', status: 'warn', detail: 'spec.authSecret is empty: NGC_API_KEY will not be injected (required by the CRD up to operator v3.1.2)' });
  }
  for (const [name, keys] of envSecretRefs(nim)) {
    checks.push(secretCheck(`env-secret:${name}`, `Secret ${name} (env)`, namespace, name, await readSecret(name), keys));
  }
  for (const name of spec.image?.pullSecrets ?? []) {
    checks.push(pullSecretCheck(namespace, name, await readSecret(name)));
  }
  const storageClass = spec.storage?.pvc?.storageClass;
  if (storageClass) checks.push(await checkStorageClass(get, storageClass));
  const pvc = spec.storage?.pvc;
  if (pvc && !pvc.create && pvc.name) checks.push(await checkPvc(get, namespace, pvc.name, namespaceMissing));
  if (spec.storage?.nimCache?.name) checks.push(await checkNimCache(get, namespace, spec.storage.nimCache.name, namespaceMissing));
  checks.push(...(await checkGpus(get, nim, namespace, options)));
  return checks;
}

type Get = <T>(path: string, query?: Record<string, string>) => Promise<T>;

async function readOrNull<T>(get: Get, path: string): Promise<T | null | 'forbidden'> {
  try {
    return await get<T>(path);
  } catch (error) {
    if (error instanceof KubeApiError && error.kind === 'notFound') return null;
    if (error instanceof KubeApiError && (error.kind === 'forbidden' || error.kind === 'unauthorized')) return 'forbidden';
    throw error;
  }
}

async function checkCrd(get: Get): Promise<PreflightCheck> {
  const title = 'NIM Operator CRD installed';
  const crd = await readOrNull<{ metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> }; spec?: { versions?: Array<{ name?: string; served?: boolean }> } }>(get, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
  if (crd === 'forbidden') {
    const served = await readOrNull(get, `/apis/${NIM_GROUP}/v1alpha1`);
    return served && served !== 'forbidden'
      ? { id: 'crd', title, status: 'pass', detail: `${NIM_GROUP}/v1alpha1 is served (cannot read CRDs to tell the version)` }
      : { id: 'crd', title, status: 'warn', detail: 'cannot read CustomResourceDefinitions with these credentials' };
  }
  if (!crd) return { id: 'crd', title, status: 'fail', detail: `${CRD_NAME} not found: the NIM Operator is not installed`, fix: { kind: 'install-operator', title: 'Install the NIM Operator (helm install gpu-operator/nim-operator)' } };
  const versions = (crd.spec?.versions ?? []).filter((v) => v.served !== false).map((v) => v.name).join(', ');
  const labels = crd.metadata?.labels ?? {};
  const release = labels['app.kubernetes.io/version'] ?? labels['helm.sh/chart'];
  const generator = crd.metadata?.annotations?.['controller-gen.kubebuilder.io/version'];
  const version = [release && `operator ${release}`, generator && `controller-gen ${generator}`].filter(Boolean).join(', ');
  return { id: 'crd', title, status: 'pass', detail: `${CRD_NAME} serves ${versions || 'no versions'}${version ? ` (${version})` : ''}` };
}

async function checkNamespace(get: Get, namespace: string): Promise<PreflightCheck> {
  const title = `Namespace ${namespace}`;
  const found = await readOrNull(get, namespacePath(namespace));
  if (found === 'forbidden') return { id: 'namespace', title, status: 'warn', detail: 'cannot read namespaces with these credentials' };
  if (!found) return { id: 'namespace', title, status: 'fail', detail: 'does not exist', fix: { kind: 'create-namespace', namespace, title: `Create namespace ${namespace}` } };
  return { id: 'namespace', title, status: 'pass', detail: 'exists' };
}

/** Secret name → keys referenced by `spec.env[].valueFrom.secretKeyRef`. */
export function envSecretRefs(nim: NimService): Map<string, Array<{ key: string; optional: boolean }>> {
  const refs = new Map<string, Array<{ key: string; optional: boolean }>>();
  for (const env of nim.spec?.env ?? []) {
    const ref = env.valueFrom?.secretKeyRef;
    if (!ref?.name || !ref.key) continue;
    const keys = refs.get(ref.name) ?? [];
    if (!keys.some((k) => k.key === ref.key)) keys.push({ key: ref.key, optional: Boolean(ref.optional) });
    refs.set(ref.name, keys);
  }
  return refs;
}

function secretCheck(id: string, title: string, namespace: string, name: string, secret: SecretLike | null | 'forbidden', keys: Array<{ key: string; optional: boolean }>): PreflightCheck {
  const required = keys.filter((k) => !k.optional).map((k) => k.key);
  if (secret === 'forbidden') return { id, title, status: 'warn', detail: 'cannot read Secrets with these credentials' };
  if (!secret) {
    return {
      id, title, status: required.length ? 'fail' : 'warn', detail: `not found in ${namespace}${required.length ? '' : ' (optional)'}`,
      fix: { kind: 'create-secret', namespace, name, keys: keys.map((k) => k.key), exists: false, title: `Create Secret ${name} with ${keys.map((k) => k.key).join(', ')}` },
    };
  }
  const present = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
  const missing = keys.filter((k) => !present.has(k.key));
  if (!missing.length) return { id, title, status: 'pass', detail: `has ${keys.map((k) => k.key).join(', ')}` };
  const missingRequired = missing.filter((k) => !k.optional);
  return {
    id, title, status: missingRequired.length ? 'fail' : 'warn',
    detail: `has no key ${missing.map((k) => k.key).join(', ')} (the pod would fail with CreateContainerConfigError: couldn't find key ${missing[0].key} in Secret ${namespace}/${name})`,
    fix: { kind: 'create-secret', namespace, name, keys: missing.map((k) => k.key), exists: true, title: `Add ${missing.map((k) => k.key).join(', ')} to Secret ${name}` },
  };
}

function pullSecretCheck(namespace: string, name: string, secret: SecretLike | null | 'forbidden'): PreflightCheck {
  const id = `pull-secret:${name}`;
  const title = `Image pull secret ${name}`;
  if (secret === 'forbidden') return { id, title, status: 'warn', detail: 'cannot read Secrets with these credentials' };
  if (!secret) return { id, title, status: 'fail', detail: `not found in ${namespace}: the image pull would fail with ImagePullBackOff`, fix: { kind: 'create-secret', namespace, name, keys: ['.dockerconfigjson'], exists: false, title: `Create docker-registry Secret ${name} for nvcr.io` } };
  return { id, title, status: 'pass', detail: 'exists' };
}

async function checkStorageClass(get: Get, name: string): Promise<PreflightCheck> {
  const title = `StorageClass ${name}`;
  const found = await readOrNull(get, `/apis/storage.k8s.io/v1/storageclasses/${encodeURIComponent(name)}`);
  if (found === 'forbidden') return { id: 'storage-class', title, status: 'warn', detail: 'cannot read StorageClasses with these credentials' };
  if (!found) return { id: 'storage-class', title, status: 'fail', detail: 'does not exist: the PVC would stay Pending' };
  return { id: 'storage-class', title, status: 'pass', detail: 'exists' };
}

async function checkPvc(get: Get, namespace: string, name: string, namespaceMissing: boolean): Promise<PreflightCheck> {
  const title = `PersistentVolumeClaim ${name}`;
  const found = namespaceMissing ? null : await readOrNull<{ status?: { phase?: string } }>(get, corePath(namespace, 'persistentvolumeclaims', name));
  if (found === 'forbidden') return { id: 'pvc', title, status: 'warn', detail: 'cannot read PVCs with these credentials' };
  if (!found) return { id: 'pvc', title, status: 'fail', detail: `not found in ${namespace} and spec.storage.pvc.create is false: create it or set create: true with size and volumeAccessMode` };
  return { id: 'pvc', title, status: 'pass', detail: `exists (${found.status?.phase ?? 'unknown phase'})` };
}

async function checkNimCache(get: Get, namespace: string, name: string, namespaceMissing: boolean): Promise<PreflightCheck> {
  const title = `NIMCache ${name}`;
  const found = namespaceMissing ? null : await readOrNull<{ status?: { state?: string } }>(get, groupPath(`${NIM_GROUP}/v1alpha1`, namespace, 'nimcaches', name));
  if (found === 'forbidden') return { id: 'nimcache', title, status: 'warn', detail: 'cannot read NIMCaches with these credentials' };
  if (!found) return { id: 'nimcache', title, status: 'fail', detail: `not found in ${namespace}: the NIMService would be Failed (NIMCacheNotFound)` };
  const state = found.status?.state ?? 'unknown';
  return { id: 'nimcache', title, status: state === 'Ready' ? 'pass' : 'warn', detail: `state ${state}` };
}

function matchesSelector(node: NodeLike, selector: Record<string, string> | undefined): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

async function checkGpus(get: Get, nim: NimService, namespace: string, options: PreflightOptions): Promise<PreflightCheck[]> {
  const replicas = desiredReplicas(nim);
  const perReplica = gpusPerReplica(nim);
  let nodes: NodeLike[];
  let pods: PodLike[];
  try {
    nodes = (await get<{ items: NodeLike[] }>('/api/v1/nodes')).items ?? [];
    pods = (await get<{ items: PodLike[] }>('/api/v1/pods')).items ?? [];
  } catch (error) {
    return [{ id: 'gpus', title: 'Free GPUs', status: 'warn', detail: `cannot list nodes and pods: ${(error as Error).message}` }];
  }
  // Pods of this very endpoint (a re-apply) hold GPUs the new spec will reuse.
  const name = nim.metadata?.name ?? '';
  const own = endpointSelector(name).split('=')[1];
  const others = pods.filter((p) => !(p.metadata?.namespace === namespace && p.metadata?.labels?.['app.kubernetes.io/name'] === own));
  const candidates = nodes.filter((n) => matchesSelector(n, nim.spec?.nodeSelector) && nodeGpuCapacity(n) > 0);
  const pools = computeGpuPools(candidates, others);
  const selectorText = Object.entries(nim.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const where = selectorText ? `nodes matching ${selectorText}` : 'GPU nodes';
  const checks: PreflightCheck[] = [];
  const needed = replicas * perReplica;
  if (perReplica === 0) {
    checks.push({ id: 'gpus', title: 'Free GPUs', status: 'warn', detail: 'spec.resources.limits["nvidia.com/gpu"] is not set: the pod gets no GPU' });
  } else {
    const perNodeFree = pools.flatMap((p) => p.nodeSummaries.map((s) => s.free)).sort((a, b) => b - a);
    let placed = 0;
    for (const free of perNodeFree) placed += Math.floor(free / perReplica);
    const freeTotal = perNodeFree.reduce((a, b) => a + b, 0);
    const capacity = pools.reduce((a, p) => a + p.capacity, 0);
    const detail = `needs ${replicas} × ${perReplica} = ${needed} GPU(s); ${freeTotal} free of ${capacity} on ${candidates.length} ${where}`;
    checks.push(placed >= replicas
      ? { id: 'gpus', title: 'Free GPUs', status: 'pass', detail }
      : { id: 'gpus', title: 'Free GPUs', status: 'fail', detail: `${detail}: pods would stay Pending (0/N nodes are available: Insufficient nvidia.com/gpu); free a GPU, grow the pool or lower replicas` });
  }
  checks.push(fitPreflightCheck(nim, nodes));
  if ((options.requirePoolCapacity2ForImageEdit ?? true) && isImageEditEndpoint(nim)) {
    const best = pools.reduce((max, p) => Math.max(max, p.capacity), 0);
    const poolNames = pools.map((p) => `${p.name} (${p.capacity})`).join(', ') || 'none';
    checks.push(best >= 2
      ? { id: 'pool-capacity', title: 'Pool total capacity ≥ 2 (image edit)', status: 'pass', detail: `pools: ${poolNames}` }
      : {
          id: 'pool-capacity', title: 'Pool total capacity ≥ 2 (image edit)', status: 'fail',
          detail: `pools: ${poolNames}: the endpoint would occupy the only GPU and the workflow calling it would queue forever; grow the pool or use an existing endpoint`,
          fix: { kind: 'disable-setting', setting: 'inferenceEndpointStudio.launch.requirePoolCapacity2ForImageEdit', title: 'Turn this check off (the endpoint does not share its pool)' },
        });
  }
  return checks;
}
