import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareResults } from '../../core/bench/compare.js';
import { formatCompareText } from '../../core/bench/formatText.js';
import { BenchFileError, readBenchResult } from '../../core/bench/schema.js';
import type { CliIo } from '../io.js';
import { EXIT_OK, UsageError } from '../usageError.js';

/** `ies bench compare A.json B.json`: per level B against A, and the merged histograms where both ran the level. */
export function runBenchCompare(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out('Usage: ies bench compare A.json B.json [--format text|json]\n\nPer level (matched on concurrency or rate): p50/p95 TTFT, TPOT and e2e, req/s and goodput of B against A,\nand percentiles of both runs merged from their histograms. Exit codes: 0 compared, 2 unreadable or invalid files.\n');
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError('compare takes two results files: ies bench compare A.json B.json');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  const [a, b] = positionals.map((file) => {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      return readBenchResult(text, file);
    } catch (error) {
      if (error instanceof BenchFileError) throw new UsageError(error.message);
      throw error;
    }
  });
  const comparison = compareResults(a, b);
  io.out(values.format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : formatCompareText(comparison, [positionals[0], positionals[1]]));
  return EXIT_OK;
}
