import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFindingsText } from '../../core/doctor/formatText.js';
import { feedLiveTarget } from '../../core/doctor/liveSource.js';
import { StreamingDoctor } from '../../core/doctor/streamingDoctor.js';
import type { NimService } from '../../core/kube/nimService.js';
import { runPreflight } from '../../core/launch/preflight.js';
import { formatPreflight, hasFailures } from '../../core/launch/preflightTypes.js';
import { formatEvent } from '../../core/kube/endpointSnapshot.js';
import { PHASE_TITLES } from '../../core/launch/readinessPhase.js';
import { describeConflicts, serverSideApply } from '../../core/launch/serverSideApply.js';
import { DEFAULT_WAIT_TIMEOUT_MS, waitForReady } from '../../core/launch/waitForReady.js';
import { parseManifestFile } from '../../core/manifest/parseManifest.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { openCliKube } from './clusterOptions.js';

export const applyHelp = `Usage: ies apply FILE [options]

Preflight-checks the NIMService in FILE against the cluster (operator CRD, namespace, Secrets and their keys,
pull secrets, storage class, PVC, free GPUs), then server-side applies it (field manager inference-endpoint-studio).

Options:
  --dry-run                 preflight and a server-side dry run (dryRun=All) only; nothing changes
  --wait                    wait for Ready, printing each phase and event; on failure the doctor runs
  --timeout D               wait timeout: 90s, 10m, 1h (default 60m)
  --force                   take over fields owned by another field manager
  --no-pool-capacity-check  skip the image-edit check that the GPU pool's total capacity is ≥ 2
  -n, --namespace NS        namespace when the manifest names none
  --kubeconfig FILE         kubeconfig (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context

Exit codes: 0 applied (and Ready with --wait), 1 a failed preflight check, conflict, failure or timeout, 2 usage error.`;

/** `90s`, `10m`, `1h`, `1h30m`, or plain seconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) throw new UsageError(`cannot read duration ${JSON.stringify(text)}: use e.g. 90s, 10m, 1h`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
}

export function readNimServiceFile(file: string, cwd: string): NimService {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const nims = parseManifestFile(text).documents.filter((d) => d.isKind('apps.nvidia.com', 'NIMService'));
  if (nims.length !== 1) throw new UsageError(`${file} holds ${nims.length} NIMService documents: ies apply takes exactly one`);
  return nims[0].toJS() as NimService;
}

export async function runApply(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      force: { type: 'boolean' },
      'no-pool-capacity-check': { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'poll-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(applyHelp + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one FILE (see ies apply --help)');
  const timeoutMs = values.timeout ? parseDuration(values.timeout) : DEFAULT_WAIT_TIMEOUT_MS;
  const nim = readNimServiceFile(positionals[0], io.cwd);
  const name = nim.metadata?.name;
  if (!name) throw new UsageError(`${positionals[0]}: the NIMService has no metadata.name`);
  const kube = openCliKube(values, io);
  const namespace = nim.metadata?.namespace ?? values.namespace ?? kube.defaultNamespace;
  try {
    io.out(`Preflight for NIMService ${namespace}/${name} (context ${kube.context}):\n`);
    const checks = await runPreflight(kube.transport, nim, namespace, { requirePoolCapacity2ForImageEdit: !values['no-pool-capacity-check'] });
    io.out(formatPreflight(checks));
    if (hasFailures(checks)) {
      io.out('Preflight failed: nothing applied.\n');
      return EXIT_FINDINGS;
    }
    const result = await serverSideApply(kube.transport, nim, namespace, { dryRun: values['dry-run'], force: values.force });
    if (!result.ok) {
      io.out(`Apply conflicts: ${describeConflicts(result.conflicts)}. Re-run with --force to take these fields over.\n`);
      return EXIT_FINDINGS;
    }
    io.out(`nimservice.apps.nvidia.com/${name} ${result.created ? 'created' : 'configured'} (server-side apply${values['dry-run'] ? ', dry run' : ''})\n`);
    if (values['dry-run'] || !values.wait) return EXIT_OK;
    const wait = await waitForReady(kube.transport, namespace, name, {
      timeoutMs,
      pollMs: values['poll-ms'] ? Number(values['poll-ms']) : undefined,
      onPhase: (s) => io.out(`[${PHASE_TITLES[s.phase]}] ${s.detail}\n`),
      onEvent: (e) => io.out(`  event ${formatEvent(e)}\n`),
    });
    if (wait.outcome === 'ready') {
      io.out(`NIMService ${namespace}/${name} is Ready after ${Math.round(wait.elapsedMs / 1000)} s\n`);
      return EXIT_OK;
    }
    io.out(wait.outcome === 'timeout' ? `Timed out after ${values.timeout ?? '60m'} in phase ${PHASE_TITLES[wait.state.phase]}\n` : `Launch failed: ${wait.state.detail}\n`);
    const doctor = new StreamingDoctor();
    await feedLiveTarget(doctor, kube.transport, { namespace, nimService: name });
    io.out(formatFindingsText(doctor.findings(), { color: io.isTTY, linesRead: doctor.linesSeen }));
    return EXIT_FINDINGS;
  } finally {
    kube.close();
  }
}
