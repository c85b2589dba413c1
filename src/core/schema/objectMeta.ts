import type { SchemaNode } from './schemaNode.js';

const stringMap = (description: string): SchemaNode => ({ type: 'object', description, additionalProperties: { type: 'string' } });

/**
 * The CRD says only `type: object` for metadata: the API server checks ObjectMeta itself. These are the
 * fields a manifest author writes; the rest (uid, ownerReferences, …) stays unchecked.
 */
export const OBJECT_META_SCHEMA: SchemaNode = {
  type: 'object',
  description: 'Standard object metadata: name, namespace, labels and annotations.',
  preserveUnknownFields: true,
  properties: {
    name: { type: 'string', description: 'Name of the resource, unique in its namespace. A DNS-1123 subdomain: lowercase letters, digits, `-` and `.`, at most 253 characters.' },
    generateName: { type: 'string', description: 'Prefix for a server-generated name, used when `name` is not set (create only).' },
    namespace: { type: 'string', description: 'Namespace of the resource (a DNS-1123 label). Defaults to the namespace of the kubectl context.' },
    labels: stringMap('Labels to organise and select objects. Values must be strings: quote numbers and booleans.'),
    annotations: stringMap('Annotations: arbitrary non-identifying metadata. Values must be strings: quote numbers and booleans.'),
  },
};

export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
