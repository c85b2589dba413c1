import { checkParameter, isParameterName, PARAMETER_INFO, type ParameterName, type ParameterValue, type ParameterValues } from './parameters.js';
import type { TemplateMetadata } from './templateMetadata.js';
import { ScaffoldError } from './scaffoldError.js';

export type ResolvedParameters = Partial<Record<ParameterName, ParameterValue>>;

/**
 * The template's parameters with `given` over the defaults, every value validated. Collects all problems
 * before throwing, so a user fixes them in one go. `undefined` in `given` means "use the default".
 */
export function resolveParameters(template: TemplateMetadata, given: Record<string, ParameterValue | undefined> = {}): ResolvedParameters {
  const declared = Object.keys(template.parameters) as ParameterName[];
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (given[key] === undefined) continue;
    if (!isParameterName(key) || !template.parameters[key]) {
      problems.push(`template "${template.id}" has no parameter "${key}"; it takes ${declared.join(', ') || 'none'}`);
    }
  }
  const resolved: ResolvedParameters = {};
  for (const name of declared) {
    const value = (given as ParameterValues)[name] ?? template.parameters[name]!.default;
    const check = checkParameter(name, value);
    if (check.ok) resolved[name] = check.value;
    else problems.push(check.message);
  }
  if (problems.length) throw new ScaffoldError(problems.length === 1 ? problems[0] : `invalid parameters: ${problems.join('; ')}`, problems);
  return resolved;
}

/** Default value of each declared parameter, as text for an input box. */
export function parameterDefaults(template: TemplateMetadata): Array<{ name: ParameterName; defaultText: string; label: string; prompt: string; optional: boolean }> {
  return (Object.keys(template.parameters) as ParameterName[]).map((name) => ({
    name,
    defaultText: String(template.parameters[name]!.default),
    ...PARAMETER_INFO[name],
  }));
}
