import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, ResourceType } from '../store/types.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** What the server learns from one served version of a CustomResourceDefinition. */
export interface CrdVersionInfo {
  type: ResourceType;
  printerColumns: PrinterColumn[];
  schema?: Record<string, unknown>;
  categories: string[];
}

/** Parses CRD YAML text (one or more documents) into CustomResourceDefinition objects. */
export function parseCrdYaml(text: string, source: string): KubeObject[] {
  const docs = parseAllDocuments(text);
  const out: KubeObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${source}: invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS() as KubeObject | null;
    if (!value) continue;
    if (value.kind !== 'CustomResourceDefinition') throw new Error(`${source}: expected kind CustomResourceDefinition, got ${String(value.kind)}`);
    out.push(value);
  }
  return out;
}

export function readCrdFile(path: string): KubeObject[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read CRD file ${path}: ${(error as Error).message}`);
  }
  return parseCrdYaml(text, path);
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { plural: string; singular?: string; kind: string; shortNames?: string[]; categories?: string[] };
  versions: Array<{
    name: string;
    served?: boolean;
    storage?: boolean;
    additionalPrinterColumns?: PrinterColumn[];
    schema?: { openAPIV3Schema?: Record<string, unknown> };
    subresources?: { status?: unknown; scale?: unknown };
  }>;
}

/** The served versions of a CRD as resource types (the storage version first). */
export function crdVersions(crd: KubeObject): CrdVersionInfo[] {
  const spec = crd.spec as CrdSpec | undefined;
  if (!spec?.group || !spec.names?.plural || !spec.names.kind || !Array.isArray(spec.versions)) return [];
  const versions = [...spec.versions].filter((v) => v.served !== false).sort((a, b) => Number(!!b.storage) - Number(!!a.storage));
  return versions.map((version) => {
    const subresources = [...(version.subresources?.status ? ['status'] : []), ...(version.subresources?.scale ? ['scale'] : [])];
    return {
      type: {
        group: spec.group,
        version: version.name,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        kind: spec.names.kind,
        namespaced: spec.scope !== 'Cluster',
        shortNames: spec.names.shortNames,
        subresources,
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      },
      printerColumns: version.additionalPrinterColumns ?? [],
      schema: version.schema?.openAPIV3Schema,
      categories: spec.names.categories ?? [],
    };
  });
}

/** Fills in what the apiserver adds to a stored CRD: `status.acceptedNames` and the Established condition. */
export function withCrdStatus(crd: KubeObject, now: string): KubeObject {
  const spec = crd.spec as CrdSpec;
  return {
    ...crd,
    status: {
      acceptedNames: spec.names,
      storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
      ],
    },
  };
}
