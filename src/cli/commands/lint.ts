import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from '../../core/lint/linter.js';
import { parseOperatorVersion, OPERATOR_VERSIONS } from '../../core/lint/options.js';
import { toPositioned, type PositionedDiagnostic } from '../../core/report/positions.js';
import type { CliIo } from '../io.js';
import { collectManifestFiles } from '../manifestFiles.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { formatLintText } from './lintTextFormat.js';

export const lintHelp = `Usage: ies lint [PATH…] [options]

Lints NIMService manifests (and vLLM Deployments) in files and directories (searched for *.yaml, *.yml).

Options:
  --format text|json        output format (default text)
  --operator-version V      NIM Operator release the cluster runs: v3.1.2 (latest release, default), main, or any vX.Y.Z
  --disable CODE            skip a rule code (repeatable)
  --quiet                   report errors only

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable file.`;

export interface LintedFile {
  path: string;
  diagnostics: PositionedDiagnostic[];
}

export function runLint(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'operator-version': { type: 'string' },
      disable: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(lintHelp + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  const operatorVersion = values['operator-version'] === undefined ? undefined : parseOperatorVersion(values['operator-version']);
  if (values['operator-version'] !== undefined && !operatorVersion) {
    throw new UsageError(`unknown --operator-version ${values['operator-version']}: use ${OPERATOR_VERSIONS.join(', ')}, latest, or a release like v3.1.2`);
  }
  const paths = positionals.length ? positionals : ['.'];
  const files = collectManifestFiles(paths, io.cwd);
  const linter = new Linter({ operatorVersion, disabledRules: values.disable });
  const results: LintedFile[] = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${relative(io.cwd, file) || file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const diagnostics = toPositioned(text, linter.lint(text)).filter((d) => !values.quiet || d.severity === 'error');
    return { path: relative(io.cwd, file) || file, diagnostics };
  });
  io.out(values.format === 'json' ? JSON.stringify({ files: results }, null, 2) + '\n' : formatLintText(results, io.isTTY));
  return results.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}
