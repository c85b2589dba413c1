/** An API resource the explorer lists and watches. */
export interface ResourceKind {
  /** Store key, e.g. `pods`, `deployments.apps`, `nimservices.apps.nvidia.com`. */
  key: string;
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

function kind(kindName: string, group: string, version: string, plural: string, namespaced: boolean): ResourceKind {
  return { key: group ? `${plural}.${group}` : plural, kind: kindName, group, version, plural, namespaced };
}

export const NODES = kind('Node', '', 'v1', 'nodes', false);
export const PODS = kind('Pod', '', 'v1', 'pods', true);
export const NIM_SERVICES = kind('NIMService', 'apps.nvidia.com', 'v1alpha1', 'nimservices', true);
export const NIM_CACHES = kind('NIMCache', 'apps.nvidia.com', 'v1alpha1', 'nimcaches', true);
export const DEPLOYMENTS = kind('Deployment', 'apps', 'v1', 'deployments', true);
export const STATEFUL_SETS = kind('StatefulSet', 'apps', 'v1', 'statefulsets', true);
export const EVENTS = kind('Event', '', 'v1', 'events', true);

/** The collection path, cluster-wide unless a namespace is given; with a name, the object's path. */
export function resourcePath(resource: ResourceKind, namespace?: string, name?: string): string {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${resource.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** `namespace/name` for namespaced objects, `name` otherwise: the cache key. */
export function objectKey(object: { metadata?: { namespace?: string; name?: string } }): string {
  const meta = object.metadata ?? {};
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name ?? '';
}
