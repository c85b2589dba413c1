// Runs every test/bench/*.bench.ts in turn (name order). Each exports `default async () => BenchResult`,
// prints its own table, and measures its peer in the same run. `npm run bench -- lint` runs only
// benchmarks whose file name contains "lint"; `--strict` exits 1 when a goal is missed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './benchResult.js';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const filters = args.filter((a) => !a.startsWith('--'));
const folder = __dirname;
const files = readdirSync(folder)
  .filter((n) => n.endsWith('.bench.ts') && (filters.length === 0 || filters.some((f) => n.includes(f))))
  .sort();

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const file of files) {
    console.log(`\n== ${file} ==`);
    const module = (await import(pathToFileURL(join(folder, file)).href)) as { default: unknown };
    // tsx loads the file as CommonJS, so `export default` may arrive wrapped once more.
    const exported = module.default as { default?: unknown };
    const run = (typeof exported === 'function' ? exported : exported.default) as () => Promise<BenchResult>;
    results.push(await run());
  }
  console.log('\n== goals ==');
  for (const result of results) for (const goal of result.goals) console.log(`${goal.met ? 'met   ' : 'MISSED'}  ${result.name}: ${goal.description}`);
  if (files.length === 0) console.log(`no benchmark matches ${filters.join(', ')}`);
  if (strict && results.some((r) => r.goals.some((g) => !g.met))) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
