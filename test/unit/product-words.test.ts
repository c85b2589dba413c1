// Product words: what users read (README, CHANGELOG, package.json, templates, the demo, media notes, sources with
// their messages and comments, the webview, the CLI's help) names things by what they are — the image-edit recipe,
// the on-prem model-engine notes, the Omega VLM server, the Nunchaku Qwen-Image-Edit API, nv-ingest — never by the
// numbers of the internal documents the product was built from, which users have never seen.
// A random seed (`--seed N`, FUZZ_SEED) is fine. The patterns are built from pieces so that this file does not
// match a repository-wide search for the words it forbids.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const S = 'se' + 'ed';
const NOTES = ['fi' + 'eld', 'notes'].join(' ');
const INTERNAL: readonly RegExp[] = [
  new RegExp(`\\b${S}s?[ -]?0\\d\\d\\b`, 'i'),
  new RegExp(`\\b${S} ?00\\d`, 'i'),
  new RegExp(`\\bthe ${S}s\\b|\\b${S}s'|${NOTES}`, 'i'),
];
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
/** Folders scanned whole, and media/ for its Markdown only. */
const TREES: ReadonlyArray<[string, (name: string) => boolean]> = [
  ['templates', () => true],
  ['demo', () => true],
  ['media', (name) => name.endsWith('.md')],
  ['src', () => true],
  ['webview', () => true],
];

interface Finding {
  file: string;
  line: number;
  text: string;
}

function internalWords(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    if (INTERNAL.some((re) => re.test(line))) findings.push({ file, line: index + 1, text: line.trim() });
  });
  return findings;
}

function filesUnder(root: string, folder: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  const path = join(root, folder);
  if (!existsSync(path)) return out;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) filesUnder(root, child, keep, out);
    } else if (entry.isFile() && keep(entry.name)) {
      out.push(child);
    }
  }
  return out;
}

function userFacingFiles(root: string): string[] {
  const top = ['README.md', 'CHANGELOG.md', 'package.json', ...readdirSync(root).filter((n) => /^package\.nls(\..+)?\.json$/.test(n))];
  return [...top.filter((f) => existsSync(join(root, f))), ...TREES.flatMap(([folder, keep]) => filesUnder(root, folder, keep))];
}

function scan(root: string): { files: number; findings: Finding[] } {
  const files = userFacingFiles(root);
  const findings: Finding[] = [];
  for (const file of files) {
    const bytes = readFileSync(join(root, file));
    if (bytes.includes(0)) continue; // binary (demo/images)
    findings.push(...internalWords(file, bytes.toString('utf8')));
  }
  return { files: files.length, findings };
}

const show = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.text}`);

/** The built CLI when there is one (npm test builds first); otherwise the same entry point from source. */
const builtCli = join(repoRoot, 'dist', 'cli.js');
const cliArgs = existsSync(builtCli) ? [builtCli] : ['--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts')];

function ies(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...cliArgs, ...args], { cwd: repoRoot, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('user-facing text uses product words', () => {
  it('README, CHANGELOG, package.json, templates, demo, media notes, src and webview name no internal document', () => {
    const { files, findings } = scan(repoRoot);
    assert.ok(files > 300, `scanned ${files} files`);
    assert.deepEqual(show(findings), [], 'say what the thing is (e.g. "the image-edit recipe", "the Omega VLM server", "nv-ingest"), not which internal document it came from');
  });

  it('the CLI help (ies --help, every command\'s --help, scaffold --list) names no internal document', async () => {
    const main = await ies(['--help']);
    assert.equal(main.code, 0, main.output);
    const commands = [...main.output.slice(main.output.indexOf('Commands:')).matchAll(/^ {2}([a-z][\w-]*) {2,}\S/gm)].map((m) => m[1]);
    assert.ok(commands.length >= 12 && commands.includes('caption') && commands.includes('health'), `commands found in the help: ${commands.join(', ')}`);
    const runs = await Promise.all([...commands.map((c) => [c, '--help']), ['scaffold', '--list']].map(async (args) => ({ args, ...(await ies(args)) })));
    const findings = internalWords('ies --help', main.output);
    for (const run of runs) {
      assert.equal(run.code, 0, `ies ${run.args.join(' ')}: exit ${run.code}\n${run.output}`);
      assert.ok(run.output.trim().length > 20, `ies ${run.args.join(' ')} printed ${JSON.stringify(run.output)}`);
      findings.push(...internalWords(`ies ${run.args.join(' ')}`, run.output));
    }
    assert.deepEqual(show(findings), [], `from ${cliArgs.join(' ')} (run npm run build if dist/ is stale)`);
  });

  it('the check finds each way of citing an internal document, and leaves random seeds alone', () => {
    const bad = [
      `Checks an endpoint the way ${S} 000's gate does`,
      `(${S} 004 / Omega dialects)`,
      `Serve it through a NIMService with a PVC (${S}s 000/001).`,
      `Validates like the ${S}-003 pydantic model`,
      `const dir = 'ies-${S}000-';`,
      `${S.toUpperCase()} 002's Omega VLM server`,
      `a kubelet that plays the ${S}s' failures`,
      `rules from the ${NOTES}`,
      `built from the ${S}s, each a recipe`,
    ];
    for (const text of bad) assert.equal(internalWords('x', text).length, 1, text);
    const good = [
      '--seed N                the same seed reproduces the same image',
      'FUZZ_SEED=1234 replays a run; CHAOS_SEED=7 too',
      'HTTP 200 · 12 ms · seed 1234',
      'Every mode ends with the seed-keyed tint, so two seeds never collapse onto the same output.',
      'seededRandom(42); seed: 0',
    ];
    for (const text of good) assert.deepEqual(internalWords('x', text), [], text);
  });

  it('a file in a scanned folder that cites an internal document fails the scan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-product-words-'));
    try {
      writeFileSync(join(dir, 'README.md'), '# Fine\nNothing to see.\n');
      assert.deepEqual(scan(dir).findings, []);
      writeFileSync(join(dir, 'package.nls.json'), `{ "x": "Wait as ${S} 000 does." }\n`);
      assert.deepEqual(show(scan(dir).findings), [`package.nls.json:1: { "x": "Wait as ${S} 000 does." }`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
