/** Public API of the scaffolder: templates in `templates/`, rendered through the YAML document model. */
export { listTemplates, findTemplate, renderTemplate, secretTemplatesFor } from './catalog.js';
export { renderScaffold, type RenderedTemplate } from './renderManifest.js';
export { loadTemplates, defaultTemplatesDir, templatesDirIn } from './templateFiles.js';
export { resolveParameters, parameterDefaults, type ResolvedParameters } from './resolveParameters.js';
export {
  PARAMETER_NAMES,
  PARAMETER_INFO,
  checkParameter,
  validateParameterInput,
  isParameterName,
  type ParameterName,
  type ParameterValue,
  type ParameterValues,
  type ParameterInfo,
} from './parameters.js';
export type { ScaffoldTemplate, TemplateMetadata, ParameterTarget } from './templateMetadata.js';
export { ScaffoldError } from './scaffoldError.js';
