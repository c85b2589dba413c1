// The repository stands alone: nothing that runs (scripts, tests, sources, CI) reads a developer folder beside the
// checkout. Third-party data the tests and the schema generator need lives in third_party/ (see its README).
// The needles are built from pieces so that this file does not find itself.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/thirdParty.js';

const SCANNED = ['scripts', 'test', 'src', '.ci'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', 'artifacts']);
const SHARED = 'sha' + 'red';
/** Always outside the repository: the reference and seed folders, an absolute path to them, or path pieces reaching up to them. */
const FORBIDDEN: RegExp[] = [
  new RegExp(`${SHARED}[/\\\\](?:reference|seeds)\\b`),
  new RegExp(`/work/${SHARED}\\b`),
  new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${SHARED}['"]`),
];
/** `../` (any depth) then the folder name: fine only when it resolves, from the file's folder, to such a folder inside the repo (src/). */
const RELATIVE = new RegExp(`((?:\\.\\.[/\\\\])+)${SHARED}\\b`, 'g');

interface Finding {
  file: string;
  line: number;
  text: string;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

/** What in `text` (the file `file`, relative to `root`) points outside the repository. */
function outsideReferences(root: string, file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split('\n');
  lines.forEach((lineText, index) => {
    let bad = FORBIDDEN.some((re) => re.test(lineText));
    for (const match of lineText.matchAll(RELATIVE)) {
      const target = resolve(root, dirname(file), match[1], SHARED);
      if (!inside(root, target) || !existsSync(target) || !statSync(target).isDirectory()) bad = true;
    }
    if (bad) findings.push({ file, line: index + 1, text: lineText.trim() });
  });
  return findings;
}

function textFiles(root: string, folder: string, out: string[] = []): string[] {
  const path = join(root, folder);
  if (!existsSync(path)) return out;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) textFiles(root, child, out);
    } else if (entry.isFile()) {
      out.push(child);
    }
  }
  return out;
}

function scanRepository(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of SCANNED.flatMap((folder) => textFiles(root, folder))) {
    const bytes = readFileSync(join(root, file));
    if (bytes.includes(0)) continue; // binary
    findings.push(...outsideReferences(root, file, bytes.toString('utf8')));
  }
  return findings;
}

describe('the repository stands alone', () => {
  it('no script, test, source or CI file refers to a folder outside the repository', () => {
    const files = SCANNED.flatMap((folder) => textFiles(repoRoot, folder));
    assert.ok(files.length > 100, `scanned ${files.length} files`);
    const findings = scanRepository(repoRoot);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}: ${f.text}`),
      [],
      'these refer to a folder beside the checkout, which a clone does not have: bring the data into third_party/ instead',
    );
  });

  it('the scan finds each way of reaching outside, and leaves imports inside the repository alone', () => {
    const up = '../';
    const bad = [
      `const samples = new URL('${up}${up}${up}${SHARED}/reference/samples/', import.meta.url);`,
      `const crdDir = join(repo, '..', '${SHARED}', 'reference', 'crd');`,
      `const crdDir = join(repo, "..", "${SHARED}");`,
      `const SAMPLES = '/work/${SHARED}/reference/samples';`,
      `// notes in ${SHARED}/seeds/003`,
      `const crd = resolve(REPO, '${up}${SHARED}/reference/crd/x.yaml');`,
      `import { x } from '${up}${up}${up}${SHARED}/x.js';`,
    ];
    for (const text of bad) assert.equal(outsideReferences(repoRoot, 'test/unit/example.test.ts', text).length, 1, text);
    assert.equal(outsideReferences(repoRoot, 'test/bench/example.bench.ts', `resolve(REPO, '${up}${SHARED}/x.yaml')`).length, 1, 'test/shared does not exist');
    const good = `import { parseMessage } from '${up}${up}messages/playgroundMessages.js';`;
    assert.deepEqual(outsideReferences(repoRoot, 'src/extension/playground/registerPlayground.ts', good), []);
    assert.deepEqual(outsideReferences(repoRoot, 'test/unit/example.test.ts', `import { nimOperatorSamplesDir } from '../support/thirdParty.js';`), []);
  });
});
