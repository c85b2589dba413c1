/**
 * Strategic-merge list keys for the built-in kinds the simulator serves (from the Kubernetes types' patchMergeKey tags).
 * Keyed by the list field's name; the same names mean the same thing everywhere in those kinds.
 */
export const listMergeKeys: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  tolerations: '',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  addresses: 'type',
  taints: 'key',
};

/** `ports` of a Service are keyed by `port`, not `containerPort`. */
export function mergeKeyFor(field: string, parentPath: string[]): string | undefined {
  if (field === 'ports' && parentPath[parentPath.length - 1] === 'spec' && parentPath.length === 1) return 'port';
  const key = listMergeKeys[field];
  return key || undefined;
}

/** Lists of scalars that merge as sets under strategic merge (finalizers). */
export const setLists = new Set(['finalizers']);
