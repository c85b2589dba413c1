import type { PathSegment } from '../manifest/manifestDocument.js';
import { CelEvalError, evaluateCel, isTransitionRule } from './cel/celEval.js';
import { withDefaults } from './defaults.js';
import { suggestField } from './didYouMean.js';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from './objectMeta.js';
import { typeLabel, type SchemaNode } from './schemaNode.js';
import type { ValueView } from './valueView.js';

export type SchemaCode =
  | 'schema-unknown-field'
  | 'schema-type'
  | 'schema-null'
  | 'schema-required'
  | 'schema-enum'
  | 'schema-pattern'
  | 'schema-range'
  | 'schema-format'
  | 'schema-quote-float'
  | 'schema-cel';

/** The `reason` the API server gives for a field error (k8s.io/apimachinery field.ErrorType). */
export type ApiErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueTypeInvalid' | 'FieldValueForbidden';

export interface SchemaFinding {
  code: SchemaCode;
  apiType: ApiErrorType;
  /** The field concerned; for `schema-required` the missing field (its parent exists). */
  path: PathSegment[];
  /** Underline the entry's key (unknown field, CEL about a field) or its value (wrong type, enum, …). */
  at: 'key' | 'value' | 'parent';
  /** Lint message naming the fix. */
  message: string;
  /** What the API server says (without the field), for 422 responses. */
  apiMessage: string;
  /** Where the API server reports it when that differs from `path` (a CEL rule: the object it sits on). */
  apiPath?: PathSegment[];
  /** Unknown field: the full path it probably belongs at. */
  suggestion?: PathSegment[];
  /** A plain YAML scalar that would be the right string if quoted: its exact source text. */
  quoteSource?: string;
}

export interface ValidateOptions {
  /** Required fields not to report (handled by a dedicated rule), as dotted paths, e.g. `spec.authSecret`. */
  skipRequired?: readonly string[];
  /** Check metadata.name/namespace formats (the API server does it for ObjectMeta). */
  checkMetadata?: boolean;
}

/** `spec.draResources[0].name`, as the API server names fields. */
export function fieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out || '<root>';
}

const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
/** kubectl reads YAML 1.1, where these plain scalars are booleans. */
const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const INT32 = { min: -2147483648, max: 2147483647 };
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const show = (value: unknown) => (typeof value === 'string' ? `\`${value}\`` : `\`${JSON.stringify(value)}\``);
const quoted = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value));

function jsType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Validates a value against a schema node, collecting findings in `out`. Never throws on bad input. */
export function validateAgainst(view: ValueView, schema: SchemaNode, options: ValidateOptions = {}): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  new Walker(out, options).walk(view, schema, []);
  return out;
}

class Walker {
  constructor(
    private readonly out: SchemaFinding[],
    private readonly options: ValidateOptions,
  ) {}

  private report(finding: SchemaFinding): void {
    this.out.push(finding);
  }

  walk(view: ValueView, schema: SchemaNode, path: PathSegment[]): void {
    if (view.kind === 'opaque') return;
    if (schema.intOrString) return this.intOrString(view, schema, path);
    switch (schema.type) {
      case 'object':
        if (view.kind !== 'map') return this.typeMismatch(view, schema, path);
        return this.object(view, schema, path);
      case 'array':
        if (view.kind !== 'seq') return this.typeMismatch(view, schema, path);
        return this.array(view, schema, path);
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        if (view.kind !== 'scalar') return this.typeMismatch(view, schema, path);
        return this.scalar(view, schema, path);
      default:
        return;
    }
  }

  private object(view: Extract<ValueView, { kind: 'map' }>, schema: SchemaNode, path: PathSegment[]): void {
    const present = new Set<string>();
    const before = this.out.length;
    for (const { key, value } of view.entries) {
      const childPath = [...path, key];
      const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!child) {
        if (!schema.preserveUnknownFields && schema.additionalProperties !== true) this.unknownField(key, schema, childPath);
        continue;
      }
      if (value.kind === 'scalar' && value.value === null && !child.nullable) {
        this.nullValue(child, childPath, (schema.required?.includes(key) ?? false) && child.default === undefined);
        continue;
      }
      present.add(key);
      this.walk(value, child, childPath);
    }
    for (const name of schema.required ?? []) {
      // The API server fills defaults in before it checks required fields.
      if (schema.properties?.[name]?.default !== undefined) continue;
      if (present.has(name) || view.entries.some((e) => e.key === name && e.value.kind === 'scalar' && e.value.value === null)) continue;
      const childPath = [...path, name];
      if (this.options.skipRequired?.includes(fieldPath(childPath))) continue;
      this.report({
        code: 'schema-required',
        apiType: 'FieldValueRequired',
        path: childPath,
        at: 'parent',
        message: `Missing required field \`${fieldPath(childPath)}\`${schema.properties?.[name] ? ` (${typeLabel(schema.properties[name])})` : ''}: the API server rejects the object without it.`,
        apiMessage: 'Required value',
      });
    }
    if (this.options.checkMetadata && path.length === 1 && path[0] === 'metadata') this.metadata(view, path);
    if (schema.validations) this.cel(view, schema, path, this.out.length > before);
  }

  private array(view: Extract<ValueView, { kind: 'seq' }>, schema: SchemaNode, path: PathSegment[]): void {
    const count = view.items.length;
    if (schema.minItems !== undefined && count < schema.minItems) this.range(path, `\`${fieldPath(path)}\` needs at least ${schema.minItems} item(s); it has ${count}.`, `Invalid value: ${count}: ${fieldPath(path)} in body should have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && count > schema.maxItems) this.range(path, `\`${fieldPath(path)}\` allows at most ${schema.maxItems} item(s); it has ${count}.`, `Too many: ${count}: must have at most ${schema.maxItems} items`);
    if (schema.items) view.items.forEach((item, i) => this.walk(item, schema.items!, [...path, i]));
    if (schema.validations) this.cel(view, schema, path, false);
  }

  private scalar(view: Extract<ValueView, { kind: 'scalar' }>, schema: SchemaNode, path: PathSegment[]): void {
    const value = view.value;
    const type = schema.type!;
    const ok =
      type === 'string' ? typeof value === 'string' : type === 'boolean' ? typeof value === 'boolean' || (view.plainSource !== undefined && YAML11_BOOLEAN.test(view.plainSource)) : type === 'integer' ? Number.isInteger(value) : typeof value === 'number';
    if (!ok) return this.typeMismatch(view, schema, path);
    if (type === 'string' && view.plainSource !== undefined && YAML11_BOOLEAN.test(view.plainSource)) {
      this.report({
        code: 'schema-quote-float',
        apiType: 'FieldValueTypeInvalid',
        path,
        at: 'value',
        message: `\`${fieldPath(path)}: ${view.plainSource}\` is read as a boolean by kubectl (YAML 1.1), but a string is expected. Quote it: \`"${view.plainSource}"\`.`,
        apiMessage: `Invalid value: "boolean": ${fieldPath(path)} in body must be of type string: "boolean"`,
        quoteSource: view.plainSource,
      });
      return;
    }
    this.constraints(value, schema, path);
  }

  private intOrString(view: ValueView, schema: SchemaNode, path: PathSegment[]): void {
    if (view.kind !== 'scalar' || !(typeof view.value === 'string' || Number.isInteger(view.value))) return this.typeMismatch(view, schema, path);
    if (typeof view.value === 'string') this.constraints(view.value, schema, path);
  }

  private constraints(value: unknown, schema: SchemaNode, path: PathSegment[]): void {
    const field = fieldPath(path);
    if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
      const allowed = schema.enum.map((v) => show(v)).join(', ');
      this.report({
        code: 'schema-enum',
        apiType: 'FieldValueNotSupported',
        path,
        at: 'value',
        message: `\`${field}\` must be one of ${allowed}; got ${show(value)}.`,
        apiMessage: `Unsupported value: ${quoted(value)}: supported values: ${schema.enum.map((v) => quoted(v)).join(', ')}`,
      });
    }
    if (typeof value === 'string') {
      if (schema.pattern && !safeTest(schema.pattern, value)) {
        const hint = schema.pattern === QUANTITY_PATTERN ? ' It must be a Kubernetes quantity such as `16Gi`, `512Mi` or `1024`.' : ` It must match \`${schema.pattern}\`.`;
        this.report({ code: 'schema-pattern', apiType: 'FieldValueInvalid', path, at: 'value', message: `\`${field}\` value ${show(value)} has the wrong format.${hint}`, apiMessage: `Invalid value: ${quoted(value)}: ${field} in body should match '${schema.pattern}'` });
      }
      const length = [...value].length;
      if (schema.minLength !== undefined && length < schema.minLength) this.range(path, `\`${field}\` must be at least ${schema.minLength} character(s) long${length === 0 ? ' (it is empty)' : ''}.`, `Invalid value: ${quoted(value)}: ${field} in body should be at least ${schema.minLength} chars long`);
      if (schema.maxLength !== undefined && length > schema.maxLength) this.range(path, `\`${field}\` must be at most ${schema.maxLength} characters long; it has ${length}.`, `Too long: may not be more than ${schema.maxLength} bytes`);
      if (schema.format === 'date-time' && !DATE_TIME.test(value)) this.format(path, `\`${field}\` must be an RFC 3339 date-time such as \`2025-01-31T12:00:00Z\`.`, `Invalid value: ${quoted(value)}: ${field} in body must be of type date-time: ${quoted(value)}`);
      if (schema.format === 'byte' && !BASE64.test(value)) this.format(path, `\`${field}\` must be base64-encoded.`, `Invalid value: ${quoted(value)}: ${field} in body must be of type byte: ${quoted(value)}`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) this.range(path, `\`${field}\` must be ≥ ${schema.minimum}; got ${value}.`, `Invalid value: ${value}: ${field} in body should be greater than or equal to ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) this.range(path, `\`${field}\` must be ≤ ${schema.maximum}; got ${value}.`, `Invalid value: ${value}: ${field} in body should be less than or equal to ${schema.maximum}`);
      if (schema.format === 'int32' && (value < INT32.min || value > INT32.max)) this.format(path, `\`${field}\` must fit in a 32-bit integer; got ${value}.`, `Invalid value: ${value}: ${field} in body must be of type int32: "${value}"`);
    }
  }

  private range(path: PathSegment[], message: string, apiMessage: string): void {
    this.report({ code: 'schema-range', apiType: 'FieldValueInvalid', path, at: 'value', message, apiMessage });
  }

  private format(path: PathSegment[], message: string, apiMessage: string): void {
    this.report({ code: 'schema-format', apiType: 'FieldValueInvalid', path, at: 'value', message, apiMessage });
  }

  private typeMismatch(view: ValueView, schema: SchemaNode, path: PathSegment[]): void {
    const actual = view.kind === 'map' ? 'object' : view.kind === 'seq' ? 'array' : jsType(view.kind === 'scalar' ? view.value : undefined);
    const expected = typeLabel(schema);
    const field = fieldPath(path);
    const apiMessage = `Invalid value: "${actual}": ${field} in body must be of type ${schema.intOrString ? 'integer,string' : schema.type}: "${actual}"`;
    const source = view.kind === 'scalar' ? view.plainSource : undefined;
    const wantsString = schema.type === 'string' || schema.intOrString;
    if (wantsString && source !== undefined && (actual === 'number' || actual === 'integer' || actual === 'boolean')) {
      const reading = actual === 'boolean' ? 'a boolean' : `a number (${String((view as { value: unknown }).value)})`;
      this.report({
        code: 'schema-quote-float',
        apiType: 'FieldValueTypeInvalid',
        path,
        at: 'value',
        message: `\`${field}: ${source}\` is ${reading} in YAML, but ${field} must be a string. Quote it: \`"${source}"\`.`,
        apiMessage,
        quoteSource: source,
      });
      return;
    }
    const shown = view.kind === 'scalar' ? ` (${show(view.value)})` : '';
    this.report({ code: 'schema-type', apiType: 'FieldValueTypeInvalid', path, at: 'value', message: `\`${field}\` must be ${article(expected)}, not ${article(actual)}${shown}.`, apiMessage });
  }

  private nullValue(schema: SchemaNode, path: PathSegment[], required: boolean): void {
    const field = fieldPath(path);
    if (required) {
      this.report({ code: 'schema-required', apiType: 'FieldValueRequired', path, at: 'key', message: `\`${field}\` is required but has no value (YAML null): give it ${article(typeLabel(schema))} value.`, apiMessage: 'Required value' });
      return;
    }
    this.report({ code: 'schema-null', apiType: 'FieldValueInvalid', path, at: 'key', message: `\`${field}\` has no value (YAML null), so the API server drops it: give it ${article(typeLabel(schema))} value or remove the key.`, apiMessage: `Invalid value: "null": ${field} in body must be of type ${schema.type ?? 'object'}: "null"` });
  }

  private unknownField(key: string, parent: SchemaNode, path: PathSegment[]): void {
    const field = fieldPath(path);
    const relative = suggestField(key, parent);
    const suggestion = relative ? [...path.slice(0, -1), ...relative] : undefined;
    const known = Object.keys(parent.properties ?? {});
    const hint = suggestion ? ` Did you mean \`${fieldPath(suggestion)}\`?` : known.length && known.length <= 12 ? ` Fields here: ${known.map((k) => `\`${k}\``).join(', ')}.` : ' Remove it or fix its name.';
    this.report({ code: 'schema-unknown-field', apiType: 'FieldValueInvalid', path, at: 'key', message: `Unknown field \`${field}\`: the API server silently drops it.${hint}`, apiMessage: `unknown field "${field}"`, suggestion });
  }

  private metadata(view: Extract<ValueView, { kind: 'map' }>, path: PathSegment[]): void {
    const get = (key: string) => view.entries.find((e) => e.key === key)?.value;
    const name = get('name');
    if (!name && !get('generateName')) {
      this.report({ code: 'schema-required', apiType: 'FieldValueRequired', path: [...path, 'name'], at: 'parent', message: 'Missing required field `metadata.name`: every object needs a name.', apiMessage: 'Required value: name or generateName is required' });
    }
    if (name?.kind === 'scalar' && typeof name.value === 'string' && (name.value.length > 253 || !DNS1123_SUBDOMAIN.test(name.value))) {
      this.report({ code: 'schema-pattern', apiType: 'FieldValueInvalid', path: [...path, 'name'], at: 'value', message: `\`metadata.name\` ${show(name.value)} is not a valid name: use lowercase letters, digits, \`-\` and \`.\`, starting and ending with a letter or digit (at most 253 characters), e.g. ${show(suggestName(name.value))}.`, apiMessage: `Invalid value: ${quoted(name.value)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
    }
    const ns = get('namespace');
    if (ns?.kind === 'scalar' && typeof ns.value === 'string' && (ns.value.length > 63 || !DNS1123_LABEL.test(ns.value))) {
      this.report({ code: 'schema-pattern', apiType: 'FieldValueInvalid', path: [...path, 'namespace'], at: 'value', message: `\`metadata.namespace\` ${show(ns.value)} is not a valid namespace: use lowercase letters, digits and \`-\`, starting and ending with a letter or digit (at most 63 characters).`, apiMessage: `Invalid value: ${quoted(ns.value)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character` });
    }
  }

  private cel(view: ValueView, schema: SchemaNode, path: PathSegment[], hadErrors: boolean): void {
    const raw = view.toJS();
    if (raw === undefined) return;
    const self = withDefaults(raw, schema);
    for (const { rule, message } of schema.validations ?? []) {
      if (isTransitionRule(rule)) continue;
      let result: unknown;
      try {
        result = evaluateCel(rule, { self });
      } catch (error) {
        // A rule that cannot run on an ill-typed object only repeats the type error already reported.
        if (hadErrors || !(error instanceof CelEvalError)) continue;
        this.report({ code: 'schema-cel', apiType: 'FieldValueInvalid', path, at: 'key', message: `${message} (the rule could not be evaluated: ${error.message})`, apiMessage: `Invalid value: "object": ${message}` });
        continue;
      }
      if (result === true) continue;
      this.report({ code: 'schema-cel', apiType: 'FieldValueInvalid', path: celTarget(rule, message, raw, path), apiPath: path, at: 'key', message, apiMessage: `Invalid value: "object": ${message}` });
    }
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return true;
    }
  }
}

function suggestName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned.slice(0, 253) || 'my-nimservice';
}

/**
 * The field a failed rule is about: of the `self.x.y` paths in the rule that exist in the object, the one the
 * message names first (so "spec.replicas cannot be set when …" points at `replicas`); else the object itself.
 */
function celTarget(rule: string, message: string, self: unknown, path: PathSegment[]): PathSegment[] {
  const candidates = [...new Set([...rule.matchAll(/\bself((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1)))];
  let best: { fields: string[]; position: number } | undefined;
  for (const candidate of candidates) {
    const fields = candidate.split('.');
    if (!existsIn(self, fields)) continue;
    const last = fields[fields.length - 1];
    const match = new RegExp(`(^|[^A-Za-z0-9_])${last}([^A-Za-z0-9_]|$)`).exec(message);
    if (!match) continue;
    const position = match.index;
    if (!best || position < best.position || (position === best.position && fields.length > best.fields.length)) best = { fields, position };
  }
  return best ? [...path, ...best.fields] : path;
}

function existsIn(value: unknown, fields: string[]): boolean {
  let current = value;
  for (const field of fields) {
    if (typeof current !== 'object' || current === null || !(field in current)) return false;
    current = (current as Record<string, unknown>)[field];
  }
  return true;
}
