import type { TextEdit } from '../lint/diagnostic.js';
import type { ManifestDocument, YamlPath } from '../manifest/manifestDocument.js';
import { parseManifestFile } from '../manifest/parseManifest.js';
import { NIM_PATHS } from '../nimservice/nimServiceView.js';
import { PROBE_KEYS, VLLM_PROBES } from '../nimservice/probes.js';
import { parseQuantity } from '../nimservice/quantity.js';
import { appendToSequence, insertIntoMap, replaceScalar } from '../yaml/edits.js';
import type { ManifestFix } from './types.js';

/** The NIMService document a fix applies to: the one named, else the only NIMService in the file. */
export function findNimServiceDocument(text: string, name?: string): ManifestDocument | undefined {
  const nims = parseManifestFile(text).documents.filter((d) => d.isKind('apps.nvidia.com', 'NIMService'));
  return nims.find((d) => d.name === name) ?? (nims.length === 1 ? nims[0] : undefined);
}

function set(document: ManifestDocument, path: YamlPath, value: unknown): TextEdit[] | undefined {
  const existing = document.valueAt(path);
  if (existing !== undefined && typeof value !== 'object') return replaceScalar(document, path, value as string | number | boolean);
  return insertIntoMap(document, path.slice(0, -1), { [String(path[path.length - 1])]: value });
}

/** `flag value` in spec.args: the flag's value replaced where it is (`--flag v`, `--flag=v`), else both appended. */
function setArg(document: ManifestDocument, flag: string, value: string): TextEdit[] | undefined {
  const args = document.valueAt(NIM_PATHS.args);
  if (args === undefined) return appendToSequence(document, NIM_PATHS.args, [flag, value]);
  if (!Array.isArray(args)) return undefined;
  const index = args.findIndex((a) => a === flag || (typeof a === 'string' && a.startsWith(`${flag}=`)));
  if (index < 0) return appendToSequence(document, NIM_PATHS.args, [flag, value]);
  if (args[index] !== flag) return args[index] === `${flag}=${value}` ? [] : replaceScalar(document, [...NIM_PATHS.args, index], `${flag}=${value}`);
  if (index + 1 >= args.length) return appendToSequence(document, NIM_PATHS.args, [value]);
  return String(args[index + 1]) === value ? [] : replaceScalar(document, [...NIM_PATHS.args, index + 1], value);
}

/** Doubles the memory limit, and keeps it above /dev/shm plus 8 GiB. */
function raisedMemoryLimit(document: ManifestDocument): string {
  const current = parseQuantity(document.valueAt([...NIM_PATHS.limits, 'memory'])) ?? 0;
  const shm = parseQuantity(document.valueAt(NIM_PATHS.shm)) ?? 0;
  const gib = 2 ** 30;
  const target = Math.max(current * 2, shm + 8 * gib, 16 * gib);
  return `${Math.ceil(target / gib)}Gi`;
}

/**
 * A doctor ManifestFix as minimal edits to the user's manifest (comments and layout kept). Undefined when the
 * document's shape does not allow it; an empty list when the manifest already says it.
 */
export function manifestFixEdits(document: ManifestDocument, fix: ManifestFix): TextEdit[] | undefined {
  switch (fix.kind) {
    case 'set':
      return set(document, fix.path, fix.value);
    case 'ensure':
      return document.valueAt(fix.path) === undefined ? set(document, fix.path, fix.value) : [];
    case 'set-arg':
      return setArg(document, fix.flag, fix.value);
    case 'tensor-parallel': {
      const args = setArg(document, '--tensor-parallel-size', String(fix.size));
      const gpus = set(document, [...NIM_PATHS.limits, 'nvidia.com/gpu'], fix.size);
      return args && gpus ? [...args, ...gpus] : undefined;
    }
    case 'probes-to-health': {
      const edits: TextEdit[] = [];
      const missing = Object.fromEntries(PROBE_KEYS.filter((k) => document.valueAt(['spec', k]) === undefined).map((k) => [k, VLLM_PROBES[k]]));
      for (const key of PROBE_KEYS) {
        if (document.valueAt(['spec', key]) === undefined) continue;
        const path = document.valueAt(['spec', key, 'probe', 'httpGet', 'path']);
        if (path !== undefined && path !== fix.path) edits.push(...(replaceScalar(document, ['spec', key, 'probe', 'httpGet', 'path'], fix.path) ?? []));
      }
      if (Object.keys(missing).length) {
        const inserted = insertIntoMap(document, ['spec'], missing);
        if (!inserted) return undefined;
        edits.push(...inserted);
      }
      return edits;
    }
    case 'add-env': {
      const env = (document.valueAt(NIM_PATHS.env) as Array<{ name?: string }> | undefined) ?? [];
      if (Array.isArray(env) && env.some((e) => e?.name === fix.name)) return [];
      const item = fix.secretKeyRef ? { name: fix.name, valueFrom: { secretKeyRef: fix.secretKeyRef } } : { name: fix.name, value: fix.value ?? '' };
      return appendToSequence(document, NIM_PATHS.env, [item]);
    }
    case 'add-arg': {
      const args = document.valueAt(NIM_PATHS.args);
      if (Array.isArray(args) && args.includes(fix.arg)) return [];
      return appendToSequence(document, NIM_PATHS.args, [fix.arg]);
    }
    case 'add-pull-secret': {
      const secrets = document.valueAt(NIM_PATHS.pullSecrets);
      if (Array.isArray(secrets) && secrets.includes(fix.name)) return [];
      return appendToSequence(document, NIM_PATHS.pullSecrets, [fix.name]);
    }
    case 'raise-memory-limit':
      return set(document, [...NIM_PATHS.limits, 'memory'], raisedMemoryLimit(document));
    case 'raise-startup-probe-budget': {
      const period = Number(document.valueAt(['spec', 'startupProbe', 'probe', 'periodSeconds']) ?? 10) || 10;
      const threshold = Math.ceil(fix.minSeconds / period);
      if (document.valueAt(['spec', 'startupProbe', 'probe']) === undefined) {
        const probe = { ...VLLM_PROBES.startupProbe, probe: { ...VLLM_PROBES.startupProbe.probe, failureThreshold: Math.ceil(fix.minSeconds / 10) } };
        return set(document, ['spec', 'startupProbe'], probe);
      }
      return set(document, ['spec', 'startupProbe', 'probe', 'failureThreshold'], threshold);
    }
    case 'use-pvc': {
      const edits: TextEdit[] = [];
      if (document.valueAt([...NIM_PATHS.storage, 'pvc']) === undefined) {
        const pvc = insertIntoMap(document, NIM_PATHS.storage, { pvc: { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' } });
        if (!pvc) return undefined;
        edits.push(...pvc);
      }
      const env = (document.valueAt(NIM_PATHS.env) as Array<{ name?: string }> | undefined) ?? [];
      if (!(Array.isArray(env) && env.some((e) => e?.name === 'HF_HOME'))) edits.push(...(appendToSequence(document, NIM_PATHS.env, [{ name: 'HF_HOME', value: fix.hfHome }]) ?? []));
      return edits;
    }
  }
}

