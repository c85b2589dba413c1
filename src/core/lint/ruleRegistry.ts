import type { Rule } from './rule.js';
import { schemaRules } from '../schema/schemaRules.js';
import { semanticRules } from './rules/index.js';

/** Every rule, schema checks first (they decide whether a value is even of the right shape). */
export const allRules: readonly Rule[] = [...schemaRules, ...semanticRules];
