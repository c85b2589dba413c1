/** REST paths of the objects launch and operate touch. */
export const NIM_GROUP = 'apps.nvidia.com';
export const NIM_VERSION = 'v1alpha1';
export const FIELD_MANAGER = 'inference-endpoint-studio';

export function namespacePath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
}

export function corePath(namespace: string, plural: string, name?: string): string {
  return `${namespacePath(namespace)}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function groupPath(apiVersion: string, namespace: string | undefined, plural: string, name?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export function nimServicePath(namespace: string, name?: string): string {
  return groupPath(`${NIM_GROUP}/${NIM_VERSION}`, namespace, 'nimservices', name);
}

/** The label the operator puts on everything it creates for a NIMService (pods, Deployment, Service). */
export function endpointSelector(name: string): string {
  return `app.kubernetes.io/name=${name}`;
}
