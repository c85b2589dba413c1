import type { LintDiagnostic, QuickFix } from '../lint/diagnostic.js';
import type { Rule, RuleContext } from '../lint/rule.js';
import type { ManifestDocument, OffsetRange } from '../manifest/manifestDocument.js';
import { crdSchema, isSchemaKind } from './crdSchemas.js';
import { validateAgainst, type SchemaFinding } from './validate.js';
import { viewOfYaml } from './valueView.js';
import { moveFieldFix } from './moveFieldFix.js';

export const SCHEMA_CODES = [
  'schema-unknown-field',
  'schema-type',
  'schema-null',
  'schema-required',
  'schema-enum',
  'schema-pattern',
  'schema-range',
  'schema-format',
  'schema-quote-float',
  'schema-cel',
] as const;

/**
 * CEL rules that a semantic rule reports at the same place with a quick fix: the CEL finding is dropped
 * when that rule's finding is there too (see LintDiagnostic.duplicateOf).
 */
const CEL_MESSAGES_REPORTED_BY: ReadonlyMap<string, string> = new Map([
  ['spec.replicas cannot be set when spec.scale.enabled is true', 'replicas-with-autoscaling'],
]);

/** Structural validation of NIMService/NIMCache documents against the operator's CRD, with exact ranges. */
export const schemaRule: Rule = {
  id: 'schema',
  codes: SCHEMA_CODES,
  description: "Validates NIMService and NIMCache manifests against the NIM Operator's CRD schema and CEL rules.",
  appliesTo: (document) => isSchemaKind(document.kind),
  check(context: RuleContext) {
    const { document, options } = context;
    const kind = document.kind;
    if (!isSchemaKind(kind)) return;
    const findings = validateAgainst(viewOfYaml(document.root, document.source), crdSchema(kind, options.operatorVersion), {
      checkMetadata: true,
      // auth-secret-missing reports it, with a severity that depends on the operator version.
      skipRequired: kind === 'NIMService' ? ['spec.authSecret'] : [],
    });
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, document);
      const coveredBy = finding.code === 'schema-cel' ? CEL_MESSAGES_REPORTED_BY.get(finding.message) : undefined;
      context.report(coveredBy ? { ...diagnostic, duplicateOf: [coveredBy] } : diagnostic);
    }
  },
};

function toDiagnostic(finding: SchemaFinding, document: ManifestDocument): LintDiagnostic {
  const range = findingRange(finding, document);
  const fixes: QuickFix[] = [];
  if (finding.quoteSource !== undefined) {
    const valueRange = document.valueRange(finding.path);
    if (valueRange) fixes.push({ title: `Quote the value: "${finding.quoteSource}"`, edits: [{ ...valueRange, newText: quoteYaml(finding.quoteSource) }], isPreferred: true });
  }
  const rename = renameFix(finding, document);
  if (rename) fixes.push(rename);
  else if (finding.code === 'schema-unknown-field' && finding.suggestion && finding.suggestion.length > finding.path.length) {
    const move = moveFieldFix(document, finding.path, finding.suggestion);
    if (move) fixes.push(move);
  }
  return {
    code: finding.code,
    severity: finding.code === 'schema-null' ? 'warning' : 'error',
    message: finding.message,
    ...range,
    ...(fixes.length ? { fixes } : {}),
  };
}

function findingRange(finding: SchemaFinding, document: ManifestDocument): OffsetRange {
  const { path } = finding;
  if (finding.at === 'parent') {
    const parent = path.slice(0, -1);
    return parent.length ? (document.keyRange(parent) ?? document.bestRange(parent)) : document.headerRange();
  }
  if (path.length === 0) return document.headerRange();
  if (finding.at === 'value') return document.valueRange(path) ?? document.bestRange(path);
  return document.keyRange(path) ?? document.bestRange(path);
}

/** Renames a misspelt sibling in place. */
function renameFix(finding: SchemaFinding, document: ManifestDocument): QuickFix | undefined {
  const { suggestion, path } = finding;
  if (finding.code !== 'schema-unknown-field' || !suggestion || suggestion.length !== path.length) return undefined;
  const parent = path.slice(0, -1);
  if (!parent.every((segment, i) => segment === suggestion[i])) return undefined;
  if (document.pairAt(suggestion)) return undefined;
  const keyRange = document.keyRange(path);
  const newKey = String(suggestion[suggestion.length - 1]);
  if (!keyRange) return undefined;
  return { title: `Rename to \`${newKey}\``, edits: [{ ...keyRange, newText: newKey }], isPreferred: true };
}

function quoteYaml(source: string): string {
  return `"${source.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
