import { parseDocument } from 'yaml';
import type { OperatorVersion } from '../lint/options.js';
import type { OffsetRange } from '../manifest/manifestDocument.js';
import { splitDocuments } from '../manifest/splitDocuments.js';
import { isSchemaKind, NIM_API_VERSION, SCHEMA_KINDS, type SchemaKind } from './crdSchemas.js';
import { containerPath, siblingKeys } from './indentContext.js';
import { fieldMarkdown, schemaAtPath } from './lookup.js';
import { typeLabel, type SchemaNode } from './schemaNode.js';
import { fieldPath } from './validate.js';

export interface CompletionItem {
  label: string;
  /** Short type line, e.g. `string · required`. */
  detail: string;
  /** Markdown from the CRD. */
  documentation: string;
  insertText: string;
  kind: 'field' | 'value';
  /** Offsets of the partial word the item replaces. */
  range: OffsetRange;
}

export interface CompletionOptions {
  operatorVersion?: OperatorVersion;
}

const ROOT_FIELDS: Record<string, string> = {
  apiVersion: `API group and version: \`${NIM_API_VERSION}\` for NIMService and NIMCache.`,
  kind: 'Kind of object: `NIMService` or `NIMCache`.',
  metadata: 'Name, namespace, labels and annotations.',
  spec: 'Desired state of the object.',
};

/** Field names valid at the cursor (minus those already present) and enum values after `key: `. Pure. */
export function completeAt(text: string, offset: number, options: CompletionOptions = {}): CompletionItem[] {
  const at = Math.max(0, Math.min(offset, text.length));
  const chunk = splitDocuments(text).find((c) => at >= c.start && at <= c.start + c.text.length);
  if (!chunk) return [];
  const kind = kindOf(chunk.text);
  const lines = chunk.text.split(/\r?\n|\r/);
  const relative = at - chunk.start;
  const lineNo = chunk.text.slice(0, relative).split(/\r?\n|\r/).length - 1;
  const lineStart = relative - (chunk.text.slice(0, relative).split(/\r?\n|\r/).pop()?.length ?? 0);
  const prefix = chunk.text.slice(lineStart, relative);
  const wordEnd = relative + (/^[A-Za-z0-9_.\/-]*/.exec(chunk.text.slice(relative))?.[0].length ?? 0);

  const valueMatch = /^(\s*)(-\s+)?([A-Za-z0-9_.\/-]+|"[^"]*"|'[^']*'):\s+(["']?)([^\s"']*)$/.exec(prefix);
  if (valueMatch) {
    const column = valueMatch[1].length + (valueMatch[2]?.length ?? 0);
    const key = valueMatch[3].replace(/^["']|["']$/g, '');
    const partial = valueMatch[5];
    const range = { start: chunk.start + relative - partial.length, end: chunk.start + wordEnd };
    const parent = containerPath(lines, lineNo, column, !!valueMatch[2]);
    if (!parent) return [];
    return valueItems(kind, options.operatorVersion, [...parent, key], partial, range);
  }
  const fieldMatch = /^(\s*)(-\s+)?([A-Za-z0-9_-]*)$/.exec(prefix);
  if (!fieldMatch) return [];
  const column = fieldMatch[1].length + (fieldMatch[2]?.length ?? 0);
  const startsItem = !!fieldMatch[2];
  const partial = fieldMatch[3];
  const path = containerPath(lines, lineNo, column, startsItem);
  if (!path) return [];
  const present = siblingKeys(lines, lineNo, column, startsItem);
  const range = { start: chunk.start + relative - partial.length, end: chunk.start + wordEnd };
  return fieldItems(kind, options.operatorVersion, path, column, present, partial, range);
}

function kindOf(text: string): SchemaKind | undefined {
  try {
    const kind = parseDocument(text).get('kind');
    if (isSchemaKind(kind)) return kind;
  } catch {
    // fall through to the line scan
  }
  const match = /^kind:\s*["']?([A-Za-z]+)/m.exec(text);
  return match && isSchemaKind(match[1]) ? match[1] : undefined;
}

/** Case-insensitive subsequence match, as editors filter completion lists. */
function matches(label: string, partial: string): boolean {
  let i = 0;
  const l = label.toLowerCase();
  for (const c of partial.toLowerCase()) {
    i = l.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

function fieldItems(kind: SchemaKind | undefined, version: OperatorVersion | undefined, path: (string | number)[], column: number, present: Set<string>, partial: string, range: OffsetRange): CompletionItem[] {
  const fieldIndent = ' '.repeat(column + 2);
  if (!kind) {
    if (path.length) return [];
    return Object.entries(ROOT_FIELDS)
      .filter(([name]) => !present.has(name) && matches(name, partial))
      .map(([name, documentation]) => ({ label: name, detail: name === 'metadata' || name === 'spec' ? 'object' : 'string', documentation, insertText: name === 'metadata' || name === 'spec' ? `${name}:\n${fieldIndent}` : `${name}: `, kind: 'field' as const, range }));
  }
  const container = schemaAtPath(kind, version, path);
  if (!container?.properties) return [];
  const required = new Set(container.required ?? []);
  const items: CompletionItem[] = [];
  for (const [name, node] of Object.entries(container.properties)) {
    if (present.has(name) || (path.length === 0 && name === 'status') || !matches(name, partial)) continue;
    const fullPath = fieldPath([...path, name]);
    items.push({
      label: name,
      detail: `${typeLabel(node)}${required.has(name) ? ' · required' : ''}`,
      documentation: fieldMarkdown(fullPath, node, required.has(name)),
      insertText: insertTextFor(name, node, fieldIndent),
      kind: 'field',
      range,
    });
  }
  const rank = (label: string) => (label.toLowerCase().startsWith(partial.toLowerCase()) ? 0 : 2) + (required.has(label) ? 0 : 1);
  return items.sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
}

function insertTextFor(name: string, node: SchemaNode, childIndent: string): string {
  if (node.type === 'object' && !node.intOrString) return `${name}:\n${childIndent}`;
  if (node.type === 'array') return `${name}:\n${childIndent}- `;
  return `${name}: `;
}

function valueItems(kind: SchemaKind | undefined, version: OperatorVersion | undefined, path: (string | number)[], partial: string, range: OffsetRange): CompletionItem[] {
  const make = (values: unknown[], detail: string, documentation: string) =>
    values
      .map(String)
      .filter((v) => matches(v, partial))
      .map((v) => ({ label: v, detail, documentation, insertText: v, kind: 'value' as const, range }));
  if (path.length === 1 && path[0] === 'kind') return make([...SCHEMA_KINDS], 'kind', ROOT_FIELDS.kind);
  if (path.length === 1 && path[0] === 'apiVersion') return make([NIM_API_VERSION], 'apiVersion', ROOT_FIELDS.apiVersion);
  if (!kind) return [];
  const node = schemaAtPath(kind, version, path);
  if (!node) return [];
  const documentation = fieldMarkdown(fieldPath(path), node, false);
  if (node.enum) return make(node.enum, typeLabel(node), documentation);
  if (node.type === 'boolean') return make([true, false], 'boolean', documentation);
  return [];
}
