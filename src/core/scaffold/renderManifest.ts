import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { ParameterName } from './parameters.js';
import { resolveParameters, type ResolvedParameters } from './resolveParameters.js';
import type { ParameterTarget, ScaffoldTemplate } from './templateMetadata.js';
import { ScaffoldError } from './scaffoldError.js';
import type { ParameterValue } from './parameters.js';

export interface RenderedTemplate {
  text: string;
  /** Suggested file name (no directory). */
  fileName: string;
  /** The parameter values used, defaults filled in. */
  parameters: ResolvedParameters;
}

/**
 * Renders a template by editing its parsed YAML documents (setIn / deleteIn), never by text substitution:
 * comments, quoting and layout of everything not set stay as written, and a value can never break the YAML.
 */
export function renderScaffold(template: ScaffoldTemplate, given: Record<string, ParameterValue | undefined> = {}): RenderedTemplate {
  const parameters = resolveParameters(template, given);
  const documents = parseAllDocuments(template.source);
  if (!Array.isArray(documents)) throw new ScaffoldError(`template ${template.id} is not YAML`);
  for (const doc of documents) {
    if (doc.errors.length) throw new ScaffoldError(`template ${template.id} has a YAML error: ${doc.errors[0].message}`);
  }
  for (const name of Object.keys(parameters) as ParameterName[]) {
    const value = parameters[name]!;
    for (const target of template.parameters[name]!.targets) {
      const hits = documents.filter((doc) => target.kind === '*' ? doc.contents !== null : doc.get('kind') === target.kind);
      if (hits.length === 0) throw new ScaffoldError(`template ${template.id}: parameter ${name} targets kind ${target.kind}, which the manifest does not contain`);
      for (const doc of hits) applyTarget(doc, target, value, template.id, name);
    }
  }
  const text = documents.map((doc) => doc.toString({ lineWidth: 0, flowCollectionPadding: false })).join('');
  return { text, fileName: fileNameFor(template.fileName, parameters), parameters };
}

function applyTarget(doc: Document, target: ParameterTarget, value: ParameterValue, templateId: string, name: string): void {
  if ('argAfter' in target) {
    const args = doc.getIn(['spec', 'args'], true);
    const index = isSeq(args) ? args.items.findIndex((item) => isScalar(item) && item.value === target.argAfter) : -1;
    if (!isSeq(args) || index < 0 || index + 1 >= args.items.length) {
      throw new ScaffoldError(`template ${templateId}: parameter ${name} sets the value after ${target.argAfter} in spec.args, which has no such flag with a value`);
    }
    args.set(index + 1, String(value));
    return;
  }
  // An empty optional value (storageClass) means "not set": the key is left out, not written as "".
  if (value === '') {
    if (doc.hasIn(target.path)) doc.deleteIn(target.path);
    return;
  }
  const parent = doc.getIn(target.path.slice(0, -1), true);
  if (target.path.length > 1 && !isMap(parent)) {
    throw new ScaffoldError(`template ${templateId}: parameter ${name} targets ${target.path.join('.')}, whose parent is missing in a ${target.kind} document`);
  }
  doc.setIn(target.path, target.as === 'string' ? String(value) : value);
}

function fileNameFor(pattern: string, parameters: ResolvedParameters): string {
  return pattern.replace(/\{(name|namespace)\}/g, (_, key: 'name' | 'namespace') => String(parameters[key] ?? key));
}
