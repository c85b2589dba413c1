import type { ParameterValue } from './parameters.js';
import { renderScaffold, type RenderedTemplate } from './renderManifest.js';
import { ScaffoldError } from './scaffoldError.js';
import { defaultTemplatesDir, loadTemplates } from './templateFiles.js';
import type { ScaffoldTemplate } from './templateMetadata.js';

const loaded = new Map<string, ScaffoldTemplate[]>();

/** The templates in `templatesDir` (default: the shipped folder), read once per folder. */
export function listTemplates(templatesDir: string = defaultTemplatesDir()): ScaffoldTemplate[] {
  let templates = loaded.get(templatesDir);
  if (!templates) {
    templates = loadTemplates(templatesDir);
    loaded.set(templatesDir, templates);
  }
  return templates;
}

export function findTemplate(id: string, templatesDir?: string): ScaffoldTemplate {
  const templates = listTemplates(templatesDir);
  const template = templates.find((t) => t.id === id);
  if (!template) throw new ScaffoldError(`unknown template "${id}"; templates: ${templates.map((t) => t.id).join(', ')}`);
  return template;
}

/** Renders template `id` with `params` over its defaults; throws ScaffoldError with every problem found. */
export function renderTemplate(id: string, params: Record<string, ParameterValue | undefined> = {}, templatesDir?: string): RenderedTemplate {
  return renderScaffold(findTemplate(id, templatesDir), params);
}

/** The Secret templates whose Secrets template `id` references (to offer scaffolding them too). */
export function secretTemplatesFor(id: string, templatesDir?: string): ScaffoldTemplate[] {
  return findTemplate(id, templatesDir).secrets.map((secretId) => findTemplate(secretId, templatesDir));
}
