import type { Rule, RuleContext } from '../lint/rule.js';
import { isSchemaKind, NIM_API_VERSION } from './crdSchemas.js';

/** NIMService/NIMCache exist only as apps.nvidia.com/v1alpha1: anything else is "no matches for kind". */
export const apiVersionRule: Rule = {
  id: 'schema-api-version',
  codes: ['schema-api-version'],
  description: 'NIMService and NIMCache must use apiVersion apps.nvidia.com/v1alpha1.',
  appliesTo: (document) => isSchemaKind(document.kind),
  check({ document, report }: RuleContext) {
    const apiVersion = document.valueAt(['apiVersion']);
    if (apiVersion === NIM_API_VERSION) return;
    const valueRange = document.valueRange(['apiVersion']);
    const kind = document.kind;
    if (apiVersion === undefined || apiVersion === null || !valueRange) {
      report({ code: 'schema-api-version', severity: 'error', message: `Missing \`apiVersion\`: a ${kind} needs \`apiVersion: ${NIM_API_VERSION}\`.`, ...document.headerRange() });
      return;
    }
    if (typeof apiVersion === 'object') {
      // A mapping or list where a string belongs: usually lines indented under apiVersion by mistake. Replacing the
      // whole value would delete them; say what is wrong and let the user move them.
      const shape = Array.isArray(apiVersion) ? 'a list' : 'a mapping';
      report({
        code: 'schema-api-version',
        severity: 'error',
        message: `\`apiVersion\` holds ${shape}, not a string: are the lines after it indented under it by mistake? A ${kind} needs \`apiVersion: ${NIM_API_VERSION}\`.`,
        ...(document.keyRange(['apiVersion']) ?? valueRange),
      });
      return;
    }
    report({
      code: 'schema-api-version',
      severity: 'error',
      message: `\`apiVersion: ${String(apiVersion)}\` is not served for ${kind}: the NIM Operator registers only \`${NIM_API_VERSION}\`, so kubectl fails with "no matches for kind".`,
      ...valueRange,
      fixes: [{ title: `Use ${NIM_API_VERSION}`, edits: [{ ...valueRange, newText: NIM_API_VERSION }], isPreferred: true }],
    });
  },
};
