import type { Rule } from '../lint/rule.js';

/** Rules generated from the operator's CRD schema. */
export const schemaRules: readonly Rule[] = [];
