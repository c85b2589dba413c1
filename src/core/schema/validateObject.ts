import type { OperatorVersion } from '../lint/options.js';
import { DEFAULT_OPERATOR_VERSION } from '../lint/options.js';
import { crdSchema, isSchemaKind } from './crdSchemas.js';
import { fieldPath, validateAgainst, type ApiErrorType, type SchemaFinding } from './validate.js';
import { viewOfJS } from './valueView.js';

export interface ApiFieldError {
  /** `spec.image.tag`, `spec.draResources[0].claimCreationSpec` */
  field: string;
  type: ApiErrorType;
  /** The API server's detail, e.g. `Required value` or `Invalid value: "object": <CEL message>`. */
  message: string;
}

function findingsFor(object: unknown, version: OperatorVersion): SchemaFinding[] {
  const kind = (object as { kind?: unknown } | null)?.kind;
  if (typeof object !== 'object' || object === null || Array.isArray(object) || !isSchemaKind(kind)) return [];
  return validateAgainst(viewOfJS(object), crdSchema(kind, version), { checkMetadata: true });
}

/**
 * What the API server answers (422) for a NIMService/NIMCache object: structural schema checks and the CRD's
 * CEL rules, after pruning unknown fields and null values and applying defaults. Other kinds give [].
 */
export function validateObject(object: unknown, version: OperatorVersion = DEFAULT_OPERATOR_VERSION): ApiFieldError[] {
  return findingsFor(object, version)
    .filter((f) => f.code !== 'schema-unknown-field' && f.code !== 'schema-null')
    .map((f) => ({ field: fieldPath(f.apiPath ?? f.path), type: f.apiType, message: f.apiMessage }));
}

/** Fields the API server would silently drop (not in the CRD schema), as `spec.router`-style paths. */
export function prunedFields(object: unknown, version: OperatorVersion = DEFAULT_OPERATOR_VERSION): string[] {
  return findingsFor(object, version)
    .filter((f) => f.code === 'schema-unknown-field')
    .map((f) => fieldPath(f.path));
}

/** A copy of the object as the API server stores it: unknown fields removed. */
export function pruneUnknownFields<T>(object: T, version: OperatorVersion = DEFAULT_OPERATOR_VERSION): T {
  const findings = findingsFor(object, version).filter((f) => f.code === 'schema-unknown-field');
  if (!findings.length) return object;
  const copy = structuredClone(object) as unknown;
  for (const { path } of findings) {
    let parent = copy as Record<string | number, unknown>;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
    delete parent[path[path.length - 1]];
  }
  return copy as T;
}
