import type { KubeObject } from '../store/types.js';
import { errors } from './status.js';

type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type Selector = (object: KubeObject) => boolean;

const matchAll: Selector = () => true;

/** Splits on commas that are not inside `in (a,b)` parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter(Boolean);
}

function parseLabelTerm(term: string): Requirement {
  let m = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
  m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(term);
  if (m) return { key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', value: m[3] };
  m = /^!\s*([^\s!=()]+)$/.exec(term);
  if (m) return { key: m[1], op: 'notexists' };
  m = /^([^\s!=()]+)$/.exec(term);
  if (m) return { key: m[1], op: 'exists' };
  throw errors.badRequest(`unable to parse requirement: found '${term}', expected: key, key=value, key!=value, key in (a,b), key notin (a,b), !key`);
}

function matches(requirement: Requirement, value: string | undefined): boolean {
  switch (requirement.op) {
    case 'eq':
      return value === requirement.value;
    case 'neq':
      return value !== requirement.value;
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
      return value === undefined || !requirement.values.includes(value);
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
  }
}

export function parseLabelSelector(text: string | null | undefined): Selector {
  if (!text) return matchAll;
  const requirements = splitTerms(text).map(parseLabelTerm);
  return (object) => requirements.every((r) => matches(r, object.metadata.labels?.[r.key]));
}

/** Field selectors each kind supports (metadata.name / metadata.namespace are always supported). */
const supportedFields: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  StatefulSet: ['status.successful'],
};

function fieldValue(object: KubeObject, path: string): string {
  if (object.kind === 'Event' && path === 'source') return String((object as { source?: { component?: string } }).source?.component ?? '');
  let value: unknown = object;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return String(value);
}

export function parseFieldSelector(text: string | null | undefined, kind: string): Selector {
  if (!text) return matchAll;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(supportedFields[kind] ?? [])]);
  const requirements = splitTerms(text).map((term) => {
    const m = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    if (!allowed.has(m[1])) throw errors.badRequest(`field label not supported: ${m[1]}`);
    return { path: m[1], negate: m[2] === '!=', value: m[3] };
  });
  return (object) => requirements.every((r) => (fieldValue(object, r.path) === r.value) !== r.negate);
}
