import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/runCli.js';
import type { CliIo } from '../../src/cli/io.js';

// The doctor on the real-world corpus (test/fixtures/logs/corpus/<folder>/, see its READMEs): every log through
// `ies doctor --log-file FILE --format json`, the first finding against the cause its public thread established
// (`expected` in provenance.json; null for a healthy start-up, which must give no finding at all).
const CORPUS = join(__dirname, '../fixtures/logs/corpus');

interface Entry {
  file: string;
  expected?: string | null;
}

const folders = existsSync(CORPUS)
  ? readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory() && existsSync(join(CORPUS, name, 'provenance.json'))).sort()
  : [];

async function doctorLogFile(folder: string, file: string): Promise<string[]> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), isTTY: false, cwd: join(CORPUS, folder), env: {} };
  const code = await runCli(['doctor', '--log-file', file, '--format', 'json'], io);
  const findings = (JSON.parse(out.join('')) as { findings: Array<{ signature: string }> }).findings.map((f) => f.signature);
  assert.equal(code, findings.length ? 1 : 0, 'exit code 1 exactly when there are findings');
  return findings;
}

const tally = new Map<string, { right: number; total: number; healthy: number; healthySilent: number }>();

for (const folder of folders) {
  const entries = JSON.parse(readFileSync(join(CORPUS, folder, 'provenance.json'), 'utf8')) as Entry[];
  const counts = { right: 0, total: 0, healthy: 0, healthySilent: 0 };
  tally.set(folder, counts);
  for (const entry of entries) {
    const expected = entry.expected ?? null;
    test(`${folder}/${entry.file}: ${expected === null ? 'healthy, no finding' : `${expected} first`}`, async () => {
      counts.total++;
      if (expected === null) counts.healthy++;
      const findings = await doctorLogFile(folder, entry.file);
      if (expected === null) {
        assert.deepEqual(findings, [], 'a healthy start-up gives no finding');
        counts.healthySilent++;
      } else {
        assert.equal(findings[0], expected, `got ${findings.join(', ') || 'nothing'}`);
      }
      counts.right++;
    });
  }
}

after(() => {
  const all = { right: 0, total: 0, healthy: 0, healthySilent: 0 };
  for (const [folder, c] of tally) {
    console.log(`doctor corpus ${folder}: ${c.right}/${c.total} right (${c.total - c.healthy} failures, ${c.healthySilent}/${c.healthy} healthy silent)`);
    for (const key of Object.keys(all) as Array<keyof typeof all>) all[key] += c[key];
  }
  console.log(`doctor corpus total: ${all.right}/${all.total} right; ${all.right - all.healthySilent}/${all.total - all.healthy} failures diagnosed right, ${all.healthySilent}/${all.healthy} healthy logs silent`);
});
