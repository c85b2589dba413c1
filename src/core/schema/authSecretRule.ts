import { isMap, isScalar, type Node } from 'yaml';
import type { QuickFix } from '../lint/diagnostic.js';
import type { Rule, RuleContext } from '../lint/rule.js';
import type { ManifestDocument } from '../manifest/manifestDocument.js';
import { operatorRelease } from './operatorReleases.js';

export const DEFAULT_AUTH_SECRET = 'ngc-api-secret';
/** The operator webhook's warning (nimservice_webhook_validation_helper.go). */
export const AUTH_SECRET_WEBHOOK_WARNING =
  'spec.authSecret is empty: NGC_API_KEY will not be injected. Omit this only for air-gapped deployments with a pre-populated local model cache';

/**
 * NIM Operator ≤ v3.1.2 lists authSecret in the CRD's spec.required (v1.0.1: `required: [authSecret]`, v2.0.2 to
 * v3.1.2: `[authSecret, image]`), so the API server rejects a NIMService without it; main (upstream 767135c) made it
 * optional and only warns from the webhook. Per release: OperatorRelease.authSecretRequired (operatorReleases.ts).
 */
export const authSecretRule: Rule = {
  id: 'auth-secret-missing',
  codes: ['auth-secret-missing'],
  description: 'NIMService without spec.authSecret: an error for NIM Operator ≤ v3.1.2, a warning after.',
  appliesTo: (document) => document.kind === 'NIMService',
  check({ document, options, report }: RuleContext) {
    const spec = document.nodeAt(['spec']);
    if (spec !== undefined && !isMap(spec)) return;
    if (!document.pairAt(['spec'])) return;
    const pair = document.pairAt(['spec', 'authSecret']);
    const value = pair?.value;
    const specKey = document.keyRange(['spec']) ?? document.headerRange();
    if (!pair) {
      const fix = insertFix(document);
      const release = operatorRelease(options.operatorVersion);
      const strict = release.authSecretRequired;
      report({
        code: 'auth-secret-missing',
        severity: strict ? 'error' : 'warning',
        message: strict
          ? `spec.authSecret is required by NIM Operator ≤ v3.1.2 (the ${release.line} CRD, ${release.version}, lists it in spec.required), so the API server rejects this NIMService. Set it to the Secret holding NGC_API_KEY, e.g. \`authSecret: ${DEFAULT_AUTH_SECRET}\`.`
          : `${AUTH_SECRET_WEBHOOK_WARNING}.`,
        ...specKey,
        ...(fix ? { fixes: [fix] } : {}),
      });
      return;
    }
    const empty = value === null || value === undefined || (isScalar(value) && (value.value === null || value.value === ''));
    if (!empty) return;
    const range = document.rangeOf(value as Node | null) ?? document.keyRange(['spec', 'authSecret'])!;
    const valueRange = value && document.rangeOf(value as Node);
    report({
      code: 'auth-secret-missing',
      severity: 'warning',
      message: `${AUTH_SECRET_WEBHOOK_WARNING}.`,
      ...range,
      ...(valueRange && valueRange.end > valueRange.start ? { fixes: [{ title: `Set authSecret: ${DEFAULT_AUTH_SECRET}`, edits: [{ ...valueRange, newText: DEFAULT_AUTH_SECRET }] }] } : {}),
    });
  },
};

/** A new `authSecret:` line right after the `spec:` line, indented like spec's other fields; comments untouched. */
function insertFix(document: ManifestDocument): QuickFix | undefined {
  const specPair = document.pairAt(['spec']);
  const keyRange = document.keyRange(['spec']);
  if (!specPair || !keyRange) return undefined;
  const spec = specPair.value;
  const source = document.source;
  const keyStart = keyRange.start - document.base;
  const keyColumn = keyStart - (source.lastIndexOf('\n', keyStart - 1) + 1);
  let indent: number;
  if (isMap(spec)) {
    if (spec.flow) return undefined;
    const first = spec.items[0]?.key as Node | undefined;
    const start = first?.range?.[0];
    if (start === undefined) return undefined;
    indent = start - (source.lastIndexOf('\n', start - 1) + 1);
  } else if (spec === null || (isScalar(spec) && spec.value === null)) {
    indent = keyColumn + 2;
  } else return undefined;
  const lineEnd = source.indexOf('\n', keyStart);
  const line = `${' '.repeat(indent)}authSecret: ${DEFAULT_AUTH_SECRET}`;
  const edit = lineEnd === -1 ? { start: document.base + source.length, end: document.base + source.length, newText: `\n${line}` } : { start: document.base + lineEnd + 1, end: document.base + lineEnd + 1, newText: `${line}\n` };
  return { title: `Add authSecret: ${DEFAULT_AUTH_SECRET}`, edits: [edit], isPreferred: true };
}
