import type { KubeObject, ObjectStore } from '../store/types.js';
import { KEYS } from '../operator/storeKeys.js';
import type { ContainerSpec } from './runtimeProfile.js';

type EnvFrom = Array<{ secretRef?: { name: string; optional?: boolean }; configMapRef?: { name: string; optional?: boolean } }>;

function secretValue(secret: KubeObject, key: string): string | undefined {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData?.[key] !== undefined) return stringData[key];
  const data = secret.data as Record<string, string> | undefined;
  if (data?.[key] === undefined) return undefined;
  return Buffer.from(data[key], 'base64').toString('utf8');
}

/**
 * The kubelet's error when it builds the container's environment: a missing Secret / ConfigMap or key gives
 * CreateContainerConfigError with exactly these messages. Undefined when the environment resolves.
 */
export function containerConfigError(store: ObjectStore, namespace: string, container: ContainerSpec & { envFrom?: EnvFrom }): string | undefined {
  for (const source of container.envFrom ?? []) {
    if (source.secretRef && !source.secretRef.optional && !store.get(KEYS.secrets, namespace, source.secretRef.name)) return `secret "${source.secretRef.name}" not found`;
    if (source.configMapRef && !source.configMapRef.optional && !store.get('configmaps', namespace, source.configMapRef.name)) return `configmap "${source.configMapRef.name}" not found`;
  }
  for (const env of container.env ?? []) {
    const secretRef = env.valueFrom?.secretKeyRef;
    if (secretRef && !secretRef.optional) {
      const secret = store.get(KEYS.secrets, namespace, secretRef.name);
      if (!secret) return `secret "${secretRef.name}" not found`;
      if (secretValue(secret, secretRef.key) === undefined) return `couldn't find key ${secretRef.key} in Secret ${namespace}/${secretRef.name}`;
    }
    const configRef = (env.valueFrom as { configMapKeyRef?: { name: string; key: string; optional?: boolean } } | undefined)?.configMapKeyRef;
    if (configRef && !configRef.optional) {
      const cm = store.get('configmaps', namespace, configRef.name);
      if (!cm) return `configmap "${configRef.name}" not found`;
      if ((cm.data as Record<string, string> | undefined)?.[configRef.key] === undefined) return `couldn't find key ${configRef.key} in ConfigMap ${namespace}/${configRef.name}`;
    }
  }
  return undefined;
}

/** The container's environment as the process sees it (values from Secrets resolved). */
export function resolvedEnv(store: ObjectStore, namespace: string, container: ContainerSpec & { envFrom?: EnvFrom }): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const secret = source.secretRef ? store.get(KEYS.secrets, namespace, source.secretRef.name) : undefined;
    for (const key of Object.keys({ ...((secret?.data as object) ?? {}), ...((secret?.stringData as object) ?? {}) })) out.set(key, secretValue(secret!, key) ?? '');
  }
  for (const env of container.env ?? []) {
    if (env.value !== undefined) out.set(env.name, env.value);
    const ref = env.valueFrom?.secretKeyRef;
    if (ref) {
      const secret = store.get(KEYS.secrets, namespace, ref.name);
      const value = secret ? secretValue(secret, ref.key) : undefined;
      if (value !== undefined) out.set(env.name, value);
    }
  }
  return out;
}
