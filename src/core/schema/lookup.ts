import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { OperatorVersion } from '../lint/options.js';
import type { ManifestDocument, OffsetRange, PathSegment } from '../manifest/manifestDocument.js';
import { crdSchema, isSchemaKind, type SchemaKind } from './crdSchemas.js';
import { typeLabel, type SchemaNode } from './schemaNode.js';
import { fieldPath } from './validate.js';

/** The schema node at a path (numbers step into list items, other keys into map values). */
export function schemaAtPath(kind: SchemaKind, version: OperatorVersion | undefined, path: readonly PathSegment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = crdSchema(kind, version);
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'array') node = typeof segment === 'number' ? node.items : undefined;
    else if (typeof segment === 'string') node = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    else node = undefined;
  }
  return node;
}

export interface FieldDescription {
  /** Dotted field path, e.g. `spec.image.tag`. */
  path: string;
  /** One line: `spec.image.tag: string`. */
  title: string;
  markdown: string;
  /** The key (or list item) hovered, in file offsets. */
  range?: OffsetRange;
}

/** Markdown for a field: type, required, description, allowed values, default, constraints. */
export function fieldMarkdown(path: string, node: SchemaNode, required: boolean): string {
  const lines = [`**\`${path}\`** · \`${typeLabel(node)}\`${required ? ' · required' : ''}`];
  if (node.description) lines.push('', node.description);
  const facts: string[] = [];
  if (node.enum) facts.push(`Allowed values: ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (node.default !== undefined) facts.push(`Default: \`${JSON.stringify(node.default)}\``);
  const limits = (['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'format'] as const).filter((k) => node[k] !== undefined).map((k) => `${k} ${node[k]}`);
  if (limits.length) facts.push(`Constraints: ${limits.join(', ')}`);
  if (node.pattern) facts.push(`Pattern: \`${node.pattern}\``);
  if (node.preserveUnknownFields) facts.push('Free-form: any fields are kept.');
  if (node.validations?.length) facts.push(...node.validations.filter((v) => !/\boldSelf\b/.test(v.rule)).map((v) => `Rule: ${v.message}`));
  if (facts.length) lines.push('', facts.join('  \n'));
  return lines.join('\n');
}

/** Hover: the CRD's word on the field under the cursor, or undefined outside NIMService/NIMCache fields. */
export function describeAt(document: ManifestDocument, offset: number, version?: OperatorVersion): FieldDescription | undefined {
  const kind = document.kind;
  if (!isSchemaKind(kind)) return undefined;
  const hit = pathAtOffset(document.root, offset - document.base);
  if (!hit || hit.path.length === 0) return undefined;
  const node = schemaAtPath(kind, version, hit.path);
  if (!node) return undefined;
  const last = hit.path[hit.path.length - 1];
  const parent = schemaAtPath(kind, version, hit.path.slice(0, -1));
  const required = typeof last === 'string' && (parent?.required?.includes(last) ?? false);
  const path = fieldPath(hit.path);
  return {
    path,
    title: `${path}: ${typeLabel(node)}`,
    markdown: fieldMarkdown(path, node, required),
    range: { start: hit.range[0] + document.base, end: hit.range[1] + document.base },
  };
}

/** The path of the key or scalar value at a document-relative offset. */
function pathAtOffset(node: unknown, offset: number, path: PathSegment[] = []): { path: PathSegment[]; range: [number, number] } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const keyName = isScalar(key) ? String(key.value) : undefined;
      if (keyName === undefined) continue;
      const keyRange = key?.range;
      if (keyRange && offset >= keyRange[0] && offset <= keyRange[1]) return { path: [...path, keyName], range: [keyRange[0], keyRange[1]] };
      const value = pair.value as Node | null;
      const valueRange = value?.range;
      if (!valueRange || offset < valueRange[0] || offset > valueRange[1]) continue;
      if (isMap(value) || isSeq(value)) return pathAtOffset(value, offset, [...path, keyName]);
      return { path: [...path, keyName], range: [keyRange?.[0] ?? valueRange[0], valueRange[1]] };
    }
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      const range = item?.range;
      if (!range || offset < range[0] || offset > range[1]) continue;
      if (isMap(item) || isSeq(item)) return pathAtOffset(item, offset, [...path, i]);
      return { path: [...path, i], range: [range[0], range[1]] };
    }
  }
  return undefined;
}
