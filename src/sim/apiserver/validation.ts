import type { KubeObject } from '../store/types.js';
import { ApiError } from './status.js';

export type FieldErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTypeInvalid';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  message: string;
}

/** Checks an object against its schema; plugged in per kind through the server options (the schema engineer's validator). */
export type ObjectValidator = (obj: KubeObject) => FieldError[];

const typeWords: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The apiserver's 422: `NIMService.apps.nvidia.com "x" is invalid: spec.image: Required value`. */
export function invalidError(kind: string, group: string, name: string, fieldErrors: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const describe = (e: FieldError) => {
    const word = typeWords[e.type];
    if (!e.message || e.message === word) return `${e.field}: ${word}`;
    return e.message.startsWith(word) ? `${e.field}: ${e.message}` : `${e.field}: ${word}: ${e.message}`;
  };
  const texts = fieldErrors.map(describe);
  const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: fieldErrors.map((e) => ({ reason: e.type, type: e.type, message: describe(e).slice(e.field.length + 2), field: e.field })),
  });
}

type Schema = {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  additionalProperties?: Schema | boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
};

function typeOk(value: unknown, schema: Schema): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'number' || typeof value === 'string';
  switch (schema.type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/**
 * A small structural validator from a CRD's openAPIV3Schema: `required`, `type` and `enum` only. The real one comes
 * from src/core/schema; this keeps the simulator honest until then and in tests.
 */
export function basicSchemaValidator(schema: Record<string, unknown>): ObjectValidator {
  return (obj) => {
    const out: FieldError[] = [];
    const walk = (value: unknown, s: Schema, path: string) => {
      if (value === undefined || value === null) return;
      if (!typeOk(value, s)) {
        out.push({ field: path, type: 'FieldValueTypeInvalid', message: `Invalid value: "${typeof value}": ${path} in body must be of type ${s.type}: "${Array.isArray(value) ? 'array' : typeof value}"` });
        return;
      }
      if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        out.push({ field: path, type: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
      }
      if (s.type === 'object' && value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        for (const key of s.required ?? []) if (record[key] === undefined) out.push({ field: path ? `${path}.${key}` : key, type: 'FieldValueRequired', message: 'Required value' });
        for (const [key, child] of Object.entries(record)) {
          const childSchema = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
          if (childSchema && !(path === '' && key === 'metadata')) walk(child, childSchema, path ? `${path}.${key}` : key);
        }
      }
      if (s.type === 'array' && Array.isArray(value) && s.items) value.forEach((item, i) => walk(item, s.items!, `${path}[${i}]`));
    };
    walk(obj, schema as Schema, '');
    return out;
  };
}
