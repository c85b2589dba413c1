import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { templateMetadataSchema, type ScaffoldTemplate } from './templateMetadata.js';
import { ScaffoldError } from './scaffoldError.js';

/** The only module of the scaffolder that touches the file system. */

const METADATA_SUFFIX = '.template.json';

/** Reads every `*.template.json` in `templatesDir` with the manifest it names, sorted endpoints first, then by title. */
export function loadTemplates(templatesDir: string): ScaffoldTemplate[] {
  let names: string[];
  try {
    names = readdirSync(templatesDir).filter((n) => n.endsWith(METADATA_SUFFIX));
  } catch (error) {
    throw new ScaffoldError(`cannot read the templates folder ${templatesDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const templates = names.map((name) => loadTemplate(templatesDir, name));
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.id)) throw new ScaffoldError(`two templates in ${templatesDir} have the id "${t.id}"`);
    ids.add(t.id);
  }
  return templates.sort((a, b) => (a.category === b.category ? a.title.localeCompare(b.title) : a.category === 'endpoint' ? -1 : 1));
}

function loadTemplate(templatesDir: string, metadataName: string): ScaffoldTemplate {
  const metadataPath = join(templatesDir, metadataName);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(metadataPath, 'utf8'));
  } catch (error) {
    throw new ScaffoldError(`template metadata ${metadataPath} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = templateMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ScaffoldError(`template metadata ${metadataPath} is invalid: ${problems}`);
  }
  const manifestPath = join(templatesDir, parsed.data.manifest);
  let source: string;
  try {
    source = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new ScaffoldError(`template ${parsed.data.id}: cannot read ${manifestPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { ...parsed.data, source };
}

/** `templates/` of an installed extension or package root. */
export function templatesDirIn(root: string): string {
  return join(root, 'templates');
}

/**
 * The shipped templates folder, found upwards from this code: `<root>/templates` beside `dist/` in the
 * bundled extension and CLI, and three levels up from `src/core/scaffold` when running from source.
 */
export function defaultTemplatesDir(): string {
  const start = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = templatesDirIn(dir);
    if (existsSync(candidate) && readdirSync(candidate).some((n) => n.endsWith(METADATA_SUFFIX))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new ScaffoldError(`no templates folder found above ${start}; pass the folder explicitly`);
}
