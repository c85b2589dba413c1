// The layering as a checked rule: src/core is pure (no `vscode`, nothing from src/extension, src/cli or src/sim),
// src/sim and src/cli never import the editor, the webview and the shared message schemas import no Node module,
// and activation's own bundle (src/extension/main.ts and what it imports) stays free of the heavy parts it loads lazily.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const repo = resolve(__dirname, '..', '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|mts|cts)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports or re-exports (static, dynamic, type-only and require). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

const resolveLocal = (from: string, spec: string) => resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
const inside = (path: string, folder: string) => !relative(join(repo, folder), path).startsWith('..');

function violations(folder: string, forbidden: (spec: string, resolved: string | undefined) => string | undefined): string[] {
  const out: string[] = [];
  for (const file of files(join(repo, folder))) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const resolved = spec.startsWith('.') ? resolveLocal(file, spec) : undefined;
      const why = forbidden(spec, resolved);
      if (why) out.push(`${relative(repo, file)} imports ${spec}: ${why}`);
    }
  }
  return out;
}

test('the specifier reader sees every import form (so the rules below can fail)', () => {
  assert.deepEqual(specifiers(`import * as vscode from 'vscode';\nimport type { A } from "../extension/a.js";\nexport { b } from './b.js';\nimport './side.js';\nconst m = await import('node:fs');\nrequire('node:path');`).sort(),
    ['../extension/a.js', './b.js', './side.js', 'node:fs', 'node:path', 'vscode'].sort());
});

test('src/core imports neither vscode nor src/extension, src/cli or src/sim', () => {
  assert.deepEqual(violations('src/core', (spec, resolved) => {
    if (spec === 'vscode') return 'core is pure TypeScript, testable without VS Code';
    if (resolved && ['src/extension', 'src/cli', 'src/sim'].some((f) => inside(resolved, f))) return 'core depends on nothing above it';
    return undefined;
  }), []);
});

test('src/sim and src/cli never import vscode or src/extension', () => {
  for (const folder of ['src/sim', 'src/cli']) {
    assert.deepEqual(violations(folder, (spec, resolved) => (spec === 'vscode' || (resolved && inside(resolved, 'src/extension')) ? 'runs outside VS Code' : undefined)), []);
  }
});

test('webview/ and src/messages import no Node module and nothing of the extension host', () => {
  for (const folder of ['webview', 'src/messages']) {
    assert.deepEqual(violations(folder, (spec, resolved) => {
      if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto'].includes(spec)) return 'runs in the browser';
      if (spec === 'vscode' || spec === 'undici' || spec.startsWith('@kubernetes/')) return 'belongs to the extension host';
      if (resolved && (inside(resolved, 'src/extension') || inside(resolved, 'src/core') || inside(resolved, 'src/sim'))) return 'the webview shares only src/messages';
      return undefined;
    }), []);
  }
});

test('what activation loads reaches none of the lazily loaded parts', () => {
  const lazy = ['src/extension/manifestEditor.ts', 'src/extension/clusterFeatures.ts', 'src/extension/scaffoldCommands.ts'].map((f) => join(repo, f));
  const seen = new Set<string>();
  const heavy: string[] = [];
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8').replace(/^import type .*$/gm, ''))) {
      if (['zod', 'yaml', 'undici', '@kubernetes/client-node'].includes(spec)) heavy.push(`${[...chain, relative(repo, file)].join(' → ')} → ${spec}`);
      if (!spec.startsWith('.')) continue;
      const next = resolveLocal(file, spec);
      if (lazy.includes(next)) heavy.push(`${[...chain, relative(repo, file)].join(' → ')} → ${relative(repo, next)} (loaded lazily)`);
      else if (existsSync(next)) visit(next, [...chain, relative(repo, file)]);
    }
  };
  visit(join(repo, 'src/extension/main.ts'), []);
  assert.deepEqual(heavy, [], 'activation must stay light');
  assert.ok(seen.size > 5, `the walk followed the imports (${seen.size} files)`);
});
