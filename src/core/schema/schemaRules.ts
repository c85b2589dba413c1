import type { Rule } from '../lint/rule.js';
import { apiVersionRule } from './apiVersionRule.js';
import { authSecretRule } from './authSecretRule.js';
import { schemaRule } from './schemaRule.js';

/** Rules generated from the operator's CRD schema. */
export const schemaRules: readonly Rule[] = [apiVersionRule, schemaRule, authSecretRule];
