import type { OperatorVersion } from '../lint/options.js';
import { DEFAULT_OPERATOR_VERSION } from '../lint/options.js';
import nimcacheMain from './generated/nimcache.main.json';
import nimcacheV312 from './generated/nimcache.v3.1.2.json';
import nimserviceMain from './generated/nimservice.main.json';
import nimserviceV312 from './generated/nimservice.v3.1.2.json';
import { OBJECT_META_SCHEMA } from './objectMeta.js';
import type { GeneratedSchema, SchemaNode } from './schemaNode.js';

export const NIM_API_VERSION = 'apps.nvidia.com/v1alpha1';
export const SCHEMA_KINDS = ['NIMService', 'NIMCache'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const GENERATED: Record<SchemaKind, Record<OperatorVersion, GeneratedSchema>> = {
  NIMService: { main: nimserviceMain as unknown as GeneratedSchema, 'v3.1.2': nimserviceV312 as unknown as GeneratedSchema },
  NIMCache: { main: nimcacheMain as unknown as GeneratedSchema, 'v3.1.2': nimcacheV312 as unknown as GeneratedSchema },
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
