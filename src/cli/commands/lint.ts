import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from '../../core/lint/linter.js';
import { nimCachesDeclaredIn, type NimCacheFacts } from '../../core/lint/crossDocument/nimCacheFacts.js';
import { loadClusterSnapshot } from '../../core/kube/clusterSnapshot.js';
import { nimCacheFactsFromCluster } from '../../core/lint/crossDocument/clusterNimCacheFacts.js';
import { clusterFailure } from './pools.js';
import { DEFAULT_OPERATOR_VERSION, knownOperatorVersionsText, resolveOperatorVersion, type ResolvedOperatorVersion } from '../../core/lint/options.js';
import { operatorRelease } from '../../core/schema/operatorReleases.js';
import { toPositioned, type PositionedDiagnostic } from '../../core/report/positions.js';
import type { CliIo } from '../io.js';
import { collectManifestFiles } from '../manifestFiles.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { formatLintText } from './lintTextFormat.js';

export const lintHelp = `Usage: ies lint [PATH…] [options]

Lints NIMService manifests and the model servers (vLLM, SGLang, TGI, NIM) in Deployments, StatefulSets, Jobs,
Pods, LeaderWorkerSets and KServe runtimes, in files and directories (searched for *.yaml, *.yml). A NIMService is
checked against the NIMCache it mounts when that NIMCache is in any of the files linted, or — with --cluster,
--kubeconfig or --context — in the cluster (its selected and cached profiles, status.profiles' tags, placement).

Options:
  --format text|json        output format (default text)
  --operator-version V      NIM Operator release the cluster runs: v1.0, v2.0, v3.0, v3.1 (any vX.Y.Z of those
                            lines uses that line's CRD), main, or latest (v3.1.2, the default)
  --verbose                 say which operator release's CRD was used
  --disable CODE            skip a rule code (repeatable)
  --quiet                   report errors only
  --cluster                 also read the NIMCaches of the cluster (current context) for the NIMCache checks
  --kubeconfig FILE         kubeconfig for --cluster (default KUBECONFIG / ~/.kube/config); implies --cluster
  --context NAME            kubeconfig context for --cluster; implies --cluster

Exit codes: 0 no errors, 1 errors found, 2 usage error, unreadable file, or (with --cluster) cluster unreachable.`;

export interface LintedFile {
  path: string;
  diagnostics: PositionedDiagnostic[];
}

/** The cluster's NIMCaches as the NIMCache lint reads them (a cache in a file of the run comes first). */
async function clusterNimCaches(kubeconfig: string | undefined, context: string | undefined, io: CliIo): Promise<NimCacheFacts[]> {
  const cache = await loadClusterSnapshot({ kubeconfig, context, env: io.env }).catch((e) => clusterFailure(e, context));
  try {
    return nimCacheFactsFromCluster(cache.nimCaches(), cache.context);
  } finally {
    cache.dispose();
  }
}

export async function runLint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'operator-version': { type: 'string' },
      disable: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      cluster: { type: 'boolean', default: false },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(lintHelp + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  const requested = values['operator-version'];
  const resolved: ResolvedOperatorVersion | undefined =
    requested === undefined ? { requested: 'latest', version: DEFAULT_OPERATOR_VERSION, line: operatorRelease(DEFAULT_OPERATOR_VERSION).line } : resolveOperatorVersion(requested);
  if (!resolved) throw new UsageError(`unknown --operator-version ${requested}: known releases are ${knownOperatorVersionsText()}`);
  const operatorVersion = resolved.version;
  const paths = positionals.length ? positionals : ['.'];
  const files = collectManifestFiles(paths, io.cwd);
  const texts = files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${relative(io.cwd, file) || file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  });
  // NIMCaches of every file, for NIMServices whose cache sits in another file (one in the same file comes first).
  const knownNimCaches = texts.flatMap(nimCachesDeclaredIn);
  if (values.cluster || values.kubeconfig || values.context) knownNimCaches.push(...(await clusterNimCaches(values.kubeconfig, values.context, io)));
  const linter = new Linter({ operatorVersion, disabledRules: values.disable, knownNimCaches });
  const results: LintedFile[] = files.map((file, i) => {
    const text = texts[i];
    const diagnostics = toPositioned(text, linter.lint(text)).filter((d) => !values.quiet || d.severity === 'error');
    return { path: relative(io.cwd, file) || file, diagnostics };
  });
  const release = operatorRelease(operatorVersion);
  const operator = { requested: resolved.requested, version: operatorVersion, line: release.line, commit: release.commit };
  if (values.format === 'json') io.out(JSON.stringify({ operator, files: results }, null, 2) + '\n');
  else {
    if (values.verbose) io.out(`${operatorVersionNote(resolved)}\n`);
    io.out(formatLintText(results, io.isTTY));
  }
  return results.some((f) => f.diagnostics.some((d) => d.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

/** "operator release: v1.0.1 requested → NIM Operator v1.0 line, CRD of v1.0.1 (k8s-nim-operator 5c3659b0c836)". */
export function operatorVersionNote(resolved: ResolvedOperatorVersion): string {
  const release = operatorRelease(resolved.version);
  const source = `k8s-nim-operator ${release.commit.slice(0, 12)}`;
  const crd = resolved.version === 'main' ? 'CRD of the main branch' : `CRD of ${resolved.version}, the release stored for the ${release.line} line`;
  return `operator release: ${resolved.requested} → ${crd} (${source})`;
}
