import type { OperatorVersion } from '../lint/options.js';
import { DEFAULT_OPERATOR_VERSION } from '../lint/options.js';
import nimcacheMain from './generated/nimcache.main.json';
import nimcacheV101 from './generated/nimcache.v1.0.1.json';
import nimcacheV202 from './generated/nimcache.v2.0.2.json';
import nimcacheV302 from './generated/nimcache.v3.0.2.json';
import nimcacheV312 from './generated/nimcache.v3.1.2.json';
import nimserviceMain from './generated/nimservice.main.json';
import nimserviceV101 from './generated/nimservice.v1.0.1.json';
import nimserviceV202 from './generated/nimservice.v2.0.2.json';
import nimserviceV302 from './generated/nimservice.v3.0.2.json';
import nimserviceV312 from './generated/nimservice.v3.1.2.json';
import { OBJECT_META_SCHEMA } from './objectMeta.js';
import type { GeneratedSchema, SchemaNode } from './schemaNode.js';

export const NIM_API_VERSION = 'apps.nvidia.com/v1alpha1';
export const SCHEMA_KINDS = ['NIMService', 'NIMCache'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const g = (json: unknown) => json as GeneratedSchema;
/** One CRD per stored operator release (scripts/gen-schema.mjs VERSIONS; third_party/nim-operator/crd/<version>/). */
const GENERATED: Record<SchemaKind, Record<OperatorVersion, GeneratedSchema>> = {
  NIMService: { 'v1.0.1': g(nimserviceV101), 'v2.0.2': g(nimserviceV202), 'v3.0.2': g(nimserviceV302), 'v3.1.2': g(nimserviceV312), main: g(nimserviceMain) },
  NIMCache: { 'v1.0.1': g(nimcacheV101), 'v2.0.2': g(nimcacheV202), 'v3.0.2': g(nimcacheV302), 'v3.1.2': g(nimcacheV312), main: g(nimcacheMain) },
};

const withMeta = new Map<GeneratedSchema, SchemaNode>();

export function isSchemaKind(kind: unknown): kind is SchemaKind {
  return typeof kind === 'string' && (SCHEMA_KINDS as readonly string[]).includes(kind);
}

/** The root schema of a kind for an operator version, with ObjectMeta filled in. */
export function crdSchema(kind: SchemaKind, version: OperatorVersion = DEFAULT_OPERATOR_VERSION): SchemaNode {
  const generated = GENERATED[kind][version];
  let root = withMeta.get(generated);
  if (!root) {
    const properties = { ...generated.schema.properties, metadata: OBJECT_META_SCHEMA };
    root = { ...generated.schema, properties };
    withMeta.set(generated, root);
  }
  return root;
}
