import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './usageError.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

/** Expands the paths given on the command line: files as they are, directories searched for *.yaml / *.yml. */
export function collectManifestFiles(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file or directory`);
    }
    if (stats.isDirectory()) walk(absolute, files);
    else files.push(absolute);
  }
  return [...new Set(files)];
}

function walk(directory: string, files: string[]): void {
  for (const name of readdirSync(directory).sort()) {
    if (SKIPPED_DIRECTORIES.has(name)) continue;
    const path = join(directory, name);
    const stats = statSync(path);
    if (stats.isDirectory()) walk(path, files);
    else if (/\.ya?ml$/i.test(name)) files.push(path);
  }
}
