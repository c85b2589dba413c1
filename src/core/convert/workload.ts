import { isMap, isSeq } from 'yaml';
import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';
import { effectiveCommandLine, type CommandToken } from '../nimservice/commandLine.js';
import { parseImageString, type ImageRef } from '../nimservice/image.js';
import { detectRuntime, implicitEntrypoint, type Runtime } from '../nimservice/runtime.js';
import { parseVllmInvocation, type VllmInvocation } from '../nimservice/vllmInvocation.js';

export const POD_SPEC: YamlPath = ['spec', 'template', 'spec'];

/** A container of an apps/v1 Deployment or StatefulSet, read the way NimServiceView reads a NIMService. */
export interface WorkloadContainer {
  path: YamlPath;
  image?: ImageRef;
  tokens: CommandToken[];
  invocation?: VllmInvocation;
  runtime: Runtime;
  /** Names of the volumes mounted into this container. */
  mounts: string[];
}

export function isPodWorkload(document: ManifestDocument): boolean {
  return document.isKind('apps', 'Deployment') || document.isKind('apps', 'StatefulSet');
}

export function workloadContainers(document: ManifestDocument): WorkloadContainer[] {
  const containers = document.nodeAt([...POD_SPEC, 'containers']);
  if (!isSeq(containers)) return [];
  const out: WorkloadContainer[] = [];
  containers.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const path = [...POD_SPEC, 'containers', index];
    const imageText = document.valueAt([...path, 'image']);
    const image = typeof imageText === 'string' ? parseImageString(imageText) : undefined;
    const tokens = effectiveCommandLine(document, { command: [...path, 'command'], args: [...path, 'args'] }, implicitEntrypoint(image?.repository));
    const invocation = parseVllmInvocation(tokens);
    const mountsValue = document.valueAt([...path, 'volumeMounts']);
    const mounts = Array.isArray(mountsValue) ? mountsValue.map((m) => (m as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string') : [];
    out.push({ path, image, tokens, invocation, runtime: detectRuntime(image?.repository, tokens, invocation), mounts });
  });
  return out;
}

/** Volumes backed by a PersistentVolumeClaim (pod volumes, and a StatefulSet's volumeClaimTemplates). */
export function persistentVolumeNames(document: ManifestDocument): Set<string> {
  const names = new Set<string>();
  const volumes = document.valueAt([...POD_SPEC, 'volumes']);
  if (Array.isArray(volumes)) {
    for (const v of volumes) {
      const volume = v as { name?: unknown; persistentVolumeClaim?: unknown };
      if (typeof volume?.name === 'string' && volume.persistentVolumeClaim) names.add(volume.name);
    }
  }
  const templates = document.valueAt(['spec', 'volumeClaimTemplates']);
  if (Array.isArray(templates)) {
    for (const t of templates) {
      const name = (t as { metadata?: { name?: unknown } })?.metadata?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}
