import { isMap, isScalar, isSeq } from 'yaml';
import { findPair, type ManifestDocument, type YamlPath } from '../manifest/manifestDocument.js';

/** One `env` entry (corev1.EnvVar) as written. */
export interface EnvEntry {
  name: string;
  /** Path of the entry (the list item). */
  path: YamlPath;
  /** `value`, when set (any scalar type). */
  value?: unknown;
  hasValueFrom: boolean;
}

export function readEnv(document: ManifestDocument, envPath: YamlPath): EnvEntry[] {
  const node = document.nodeAt(envPath);
  if (!isSeq(node)) return [];
  const out: EnvEntry[] = [];
  node.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const name = findPair(item, 'name')?.value;
    if (!isScalar(name) || typeof name.value !== 'string') return;
    const value = findPair(item, 'value')?.value;
    out.push({
      name: name.value,
      path: [...envPath, index],
      value: isScalar(value) ? value.value : undefined,
      hasValueFrom: findPair(item, 'valueFrom')?.value != null,
    });
  });
  return out;
}

export function findEnv(entries: readonly EnvEntry[], name: string): EnvEntry | undefined {
  // The last definition wins in Kubernetes.
  return [...entries].reverse().find((e) => e.name === name);
}
