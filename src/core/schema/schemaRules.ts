import type { Rule } from '../lint/rule.js';
import { apiVersionRule } from './apiVersionRule.js';
import { authSecretRule } from './authSecretRule.js';
import { metricsServiceMonitorRule } from './metricsServiceMonitorRule.js';
import { schemaRule } from './schemaRule.js';

/** Rules generated from the operator's CRD schema, and those that follow the operator release (operatorReleases.ts). */
export const schemaRules: readonly Rule[] = [apiVersionRule, schemaRule, authSecretRule, metricsServiceMonitorRule];
