/** The compact form of a CRD `openAPIV3Schema` node that scripts/gen-schema.mjs writes to generated/. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  /** x-kubernetes-int-or-string */
  intOrString?: true;
  /** x-kubernetes-preserve-unknown-fields: any field is kept, none is checked. */
  preserveUnknownFields?: true;
  nullable?: true;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  /** x-kubernetes-validations: CEL rules with the operator's messages. */
  validations?: Array<{ rule: string; message: string }>;
}

export interface GeneratedSchema {
  kind: string;
  apiVersion: string;
  operatorVersion: string;
  /** CRD file the schema was derived from. */
  source: string;
  schema: SchemaNode;
}

/** Human-readable type of a node, e.g. `string`, `integer | string`, `[]object`, `map[string]string`. */
export function typeLabel(node: SchemaNode): string {
  if (node.intOrString) return 'integer | string';
  if (node.type === 'array') return `[]${node.items ? typeLabel(node.items) : 'any'}`;
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object') return `map[string]${typeLabel(node.additionalProperties)}`;
  return node.type ?? 'any';
}
