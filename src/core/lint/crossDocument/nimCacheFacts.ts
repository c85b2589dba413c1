import type { ManifestDocument, OffsetRange } from '../../manifest/manifestDocument.js';
import type { Toleration } from '../../cluster/nimProfiles.js';
import { parseChunk } from '../../manifest/parseManifest.js';
import { splitDocuments } from '../../manifest/splitDocuments.js';

/** What a NIMCache document tells a NIMService in the same file (or what the cluster tells, same shape). */
export interface NimCacheFacts {
  kind: 'nimcache';
  documentIndex: number;
  name?: string;
  namespace?: string;
  /** spec.source.ngc.model.profiles (names or ids); empty: the operator selects them. */
  profiles: string[];
  /** Profiles the cache holds (status.profiles: id and tags), known for a cache read from the cluster. */
  cachedProfiles?: Array<{ name: string; config?: Record<string, string> }>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** Where it was read when not in a file of the run, for messages: "in cluster gpu-lab". */
  source?: string;
}

/** A NIMService that mounts a NIMCache: where each fact sits in the file, for findings and fixes. */
export interface NimServiceCacheFacts {
  kind: 'nimservice-cache';
  documentIndex: number;
  name?: string;
  namespace?: string;
  cache: { name: string } & OffsetRange;
  /** spec.storage.nimCache.profile */
  profile?: { value: string } & OffsetRange;
  /** resources.limits["nvidia.com/gpu"] (else requests) */
  gpus?: { value: number } & OffsetRange;
  nodeSelector: Record<string, string>;
  nodeSelectorRange?: OffsetRange;
  tolerations: Toleration[];
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

function tolerations(value: unknown): Toleration[] {
  return Array.isArray(value) ? value.filter((t): t is Toleration => !!t && typeof t === 'object') : [];
}

export function collectNimCacheFacts(document: ManifestDocument): NimCacheFacts | NimServiceCacheFacts | undefined {
  if (document.isKind('apps.nvidia.com', 'NIMCache')) {
    const profiles = document.valueAt(['spec', 'source', 'ngc', 'model', 'profiles']);
    return {
      kind: 'nimcache',
      documentIndex: document.index,
      name: document.name,
      namespace: document.namespace,
      profiles: Array.isArray(profiles) ? profiles.filter((p): p is string => typeof p === 'string') : [],
      nodeSelector: stringMap(document.valueAt(['spec', 'nodeSelector'])),
      tolerations: tolerations(document.valueAt(['spec', 'tolerations'])),
    };
  }
  if (!document.isKind('apps.nvidia.com', 'NIMService')) return undefined;
  const cacheName = document.valueAt(['spec', 'storage', 'nimCache', 'name']);
  const cacheRange = document.valueRange(['spec', 'storage', 'nimCache', 'name']);
  if (typeof cacheName !== 'string' || !cacheName || !cacheRange) return undefined;
  const profile = document.valueAt(['spec', 'storage', 'nimCache', 'profile']);
  const profileRange = document.valueRange(['spec', 'storage', 'nimCache', 'profile']);
  const gpuPath = ['limits', 'requests'].map((k) => ['spec', 'resources', k, 'nvidia.com/gpu']).find((p) => document.valueAt(p) !== undefined);
  const gpuValue = gpuPath ? Number(document.valueAt(gpuPath)) : NaN;
  const gpuRange = gpuPath ? document.valueRange(gpuPath) : undefined;
  return {
    kind: 'nimservice-cache',
    documentIndex: document.index,
    name: document.name,
    namespace: document.namespace,
    cache: { name: cacheName, ...cacheRange },
    ...(typeof profile === 'string' && profile && profileRange ? { profile: { value: profile, ...profileRange } } : {}),
    ...(Number.isInteger(gpuValue) && gpuRange ? { gpus: { value: gpuValue, ...gpuRange } } : {}),
    nodeSelector: stringMap(document.valueAt(['spec', 'nodeSelector'])),
    nodeSelectorRange: document.keyRange(['spec', 'nodeSelector']),
    tolerations: tolerations(document.valueAt(['spec', 'tolerations'])),
  };
}

function shiftRange<T extends OffsetRange>(r: T, delta: number): T {
  return { ...r, start: r.start + delta, end: r.end + delta };
}

/** The facts moved with their document (its chunk moved by `delta`, its index by `indexDelta`). */
export function shiftNimCacheFacts<T extends NimCacheFacts | NimServiceCacheFacts>(facts: T, delta: number, indexDelta: number): T {
  if (delta === 0 && indexDelta === 0) return facts;
  if (facts.kind === 'nimcache') return { ...facts, documentIndex: facts.documentIndex + indexDelta };
  const f = facts as NimServiceCacheFacts;
  return {
    ...f,
    documentIndex: f.documentIndex + indexDelta,
    cache: shiftRange(f.cache, delta),
    ...(f.profile ? { profile: shiftRange(f.profile, delta) } : {}),
    ...(f.gpus ? { gpus: shiftRange(f.gpus, delta) } : {}),
    ...(f.nodeSelectorRange ? { nodeSelectorRange: shiftRange(f.nodeSelectorRange, delta) } : {}),
  } as T;
}

/**
 * The NIMCaches a manifest text declares, for the other files of a workspace or `ies lint` run (a NIMService in one
 * file, its NIMCache in another). Documents that do not parse are skipped.
 */
export function nimCachesDeclaredIn(text: string): NimCacheFacts[] {
  const out: NimCacheFacts[] = [];
  // Most files of a workspace hold no NIMCache: no parse for them.
  if (!text.includes('NIMCache')) return out;
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    const parsed = parseChunk(chunk, index);
    index += parsed.documents.length;
    for (const document of parsed.documents) {
      try {
        const facts = collectNimCacheFacts(document);
        if (facts?.kind === 'nimcache') out.push({ ...facts, documentIndex: -1 });
      } catch {
        // half-written YAML
      }
    }
  }
  return out;
}
