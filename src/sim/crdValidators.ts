import type { OperatorVersion } from '../core/lint/options.js';
import { validateObject } from '../core/schema/validateObject.js';
import type { ObjectValidator } from './apiserver/validation.js';

/**
 * The API server's 422 for NIM Operator objects, from the same CRD-derived schema and CEL rules the linter
 * uses, so a manifest the linter passes is one the simulator accepts (and the other way round).
 */
export function nimOperatorValidators(version: OperatorVersion = 'main'): Record<string, ObjectValidator> {
  const validate: ObjectValidator = (object) => validateObject(object, version);
  return {
    'nimservices.apps.nvidia.com': validate,
    'nimcaches.apps.nvidia.com': validate,
  };
}
