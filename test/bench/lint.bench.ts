// Relint after a one-line edit of a ~5,000-line multi-document manifest: our incremental Linter against
// yaml-language-server validating the same texts with the NIMService JSON Schema, both in this process.
// Goal (issue 3): ours ≤ 1/3 of the peer's time, our p95 under 16 ms.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getLanguageService, type LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { Linter } from '../../src/core/lint/linter.js';
import type { BenchResult } from './benchResult.js';
import { buildBenchManifest, oneLineEdits } from './lintBenchManifest.js';
import { ms, summarize, table } from './stats.js';

const ITERATIONS = 200;
/** The peer revalidates the whole file each time; stop it early rather than exceed the minute. */
const PEER_BUDGET_MS = 25_000;
const PEER_MIN_ITERATIONS = 20;
const REPO = resolve(__dirname, '../..');
const SCHEMA_FILE = join(REPO, 'schemas/nimservice.schema.json');

export default async function lintBench(): Promise<BenchResult> {
  const base = buildBenchManifest(5000);
  const edits = oneLineEdits(base, ITERATIONS);
  const lineCount = base.split('\n').length;
  const { schema, source } = loadSchema();
  console.log(`manifest: ${lineCount} lines, ${base.split(/^---$/m).length - 1} documents; ${ITERATIONS} one-line edits; peer schema: ${source}`);

  const linter = new Linter({});
  const coldOurs = time(() => linter.lint(base));
  const findings = linter.lint(base).length;
  const ours = edits.map((text) => time(() => linter.lint(text)));

  const service = peerService(schema);
  let version = 1;
  const validate = (text: string) => service.doValidation(TextDocument.create('file:///bench/endpoints.nimservice.yaml', 'yaml', version++, text), false);
  const coldStart = performance.now();
  const peerFindings = (await validate(base)).length;
  const coldPeer = performance.now() - coldStart;
  const theirs: number[] = [];
  const peerStart = performance.now();
  for (const text of edits) {
    if (theirs.length >= PEER_MIN_ITERATIONS && performance.now() - peerStart > PEER_BUDGET_MS) break;
    const start = performance.now();
    await validate(text);
    theirs.push(performance.now() - start);
  }

  const o = summarize(ours);
  const t = summarize(theirs);
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(3) : 'n/a');
  console.log(
    table(
      ['', 'runs', 'first lint', 'p50', 'p95', 'mean', 'findings'],
      [
        ['ours: Linter.lint (incremental)', String(o.count), ms(coldOurs), ms(o.p50), ms(o.p95), ms(o.mean), String(findings)],
        ['peer: yaml-language-server doValidation', String(t.count), ms(coldPeer), ms(t.p50), ms(t.p95), ms(t.mean), String(peerFindings)],
        ['ratio ours/peer', '', ratio(coldOurs, coldPeer), ratio(o.p50, t.p50), ratio(o.p95, t.p95), ratio(o.mean, t.mean), ''],
      ],
    ),
  );
  return {
    name: 'lint',
    goals: [
      { description: `relint mean ≤ 1/3 of yaml-language-server's (ratio ${ratio(o.mean, t.mean)})`, met: o.mean * 3 <= t.mean },
      { description: `relint p95 < 16 ms (${ms(o.p95)})`, met: o.p95 < 16 },
    ],
  };
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function peerService(schema: object): LanguageService {
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`benchmark peer fetches no schemas (${uri})`)),
    workspaceContext: { resolveRelativePath: (path) => path },
  });
  service.configure({
    validate: true,
    hover: false,
    completion: false,
    format: false,
    isKubernetes: false,
    schemas: [{ uri: 'file:///bench/nimservice.schema.json', fileMatch: ['*.nimservice.yaml'], schema }],
  });
  return service;
}

/** The generated schema the extension contributes; until it exists, one built from the CRD the same way. */
function loadSchema(): { schema: object; source: string } {
  if (existsSync(SCHEMA_FILE)) return { schema: JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), source: 'schemas/nimservice.schema.json' };
  const crdPath = join(REPO, 'third_party/nim-operator/crd/main/apps.nvidia.com_nimservices.yaml');
  const crd = parse(readFileSync(crdPath, 'utf8'));
  const openApi = crd.spec.versions.find((v: { storage?: boolean }) => v.storage).schema.openAPIV3Schema;
  return {
    schema: { type: 'object', if: { properties: { kind: { const: 'NIMService' } }, required: ['kind'] }, then: openApi },
    source: `in-memory from ${crdPath}`,
  };
}
