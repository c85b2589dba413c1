import { createReadStream, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StreamingDoctor } from '../../core/doctor/streamingDoctor.js';
import { LineBlockSplitter } from '../../core/logs/lineBlockSplitter.js';
import { formatFindingsText } from '../../core/doctor/formatText.js';
import type { Finding } from '../../core/doctor/types.js';
import { feedLiveTarget } from '../../core/doctor/liveSource.js';
import type { CliIo } from '../io.js';
import { clusterOptionSpecs, openCliKube, parseCliTarget } from './clusterOptions.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';

export const doctorHelp = `Usage: ies doctor (TARGET | --log-file FILE…) [options]

Diagnoses a failing inference endpoint: matches logs (and, for a live TARGET, container statuses and events)
against known failure signatures and prints cause, evidence line and fix, root cause first.

TARGET is a NIMService (NAME, nimservice/NAME, NAMESPACE/NAME) or pod/NAME: every container's previous and current
log, container statuses (OOMKilled, exit code 137, CrashLoopBackOff), Evicted and Warning events.

Options:
  --log-file FILE           a saved log (CI artifact, kubectl logs --previous output); repeatable, read in order
  --format text|json        output format (default text)
  -n, --namespace NS        namespace of TARGET
  --kubeconfig FILE         kubeconfig for TARGET (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context for TARGET

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable file.`;

/** Something the doctor reads: a saved log now, a live pod/NIMService (logs, statuses, events) later. */
export interface DoctorInputSource {
  label: string;
  feed(doctor: StreamingDoctor): Promise<void>;
  close?(): void;
}

export interface DoctorJsonFinding {
  signature: string;
  cause: string;
  evidence: string;
  fix: string;
  line: number;
  source: string;
  severity: string;
  title: string;
  count: number;
  manifestFix?: Finding['manifestFix'];
  wraps?: string;
  wrapper?: { source: string; line: number; text: string };
  /** unrecognized-failure: the innermost traceback frame, the lines around the evidence, what to search for. */
  root?: { source: string; line: number; text: string };
  context?: Finding['context'];
  search?: string;
}

export async function runDoctor(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'log-file': { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      ...clusterOptionSpecs,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(doctorHelp + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  const sources = inputSources(positionals, values['log-file'] ?? [], io, values);

  const doctor = new StreamingDoctor();
  try {
    for (const source of sources) await source.feed(doctor);
  } finally {
    for (const source of sources) source.close?.();
  }
  const findings = doctor.findings();
  io.out(values.format === 'json' ? JSON.stringify({ findings: findings.map(toJson) }, null, 2) + '\n' : formatFindingsText(findings, { color: io.isTTY, linesRead: doctor.linesSeen }));
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function inputSources(targets: string[], logFiles: string[], io: CliIo, cluster: { namespace?: string; kubeconfig?: string; context?: string }): DoctorInputSource[] {
  if (targets.length > 1) throw new UsageError(`give one TARGET, not ${targets.length}`);
  const live = targets.length ? [liveSource(targets[0], io, cluster)] : [];
  if (live.length) return [...logFiles.map((file) => logFileSource(file, io)), ...live];
  if (logFiles.length === 0) throw new UsageError('nothing to diagnose: give a TARGET or --log-file FILE (see ies doctor --help)');
  return logFiles.map((file) => logFileSource(file, io));
}

/** A live NIMService or pod: logs (previous first), statuses and events, read once. */
export function liveSource(targetText: string, io: CliIo, cluster: { namespace?: string; kubeconfig?: string; context?: string }): DoctorInputSource {
  const kube = openCliKube(cluster, io);
  const target = parseCliTarget(targetText, cluster.namespace, kube.defaultNamespace);
  return {
    label: `${target.kind}/${target.namespace}/${target.name}`,
    async feed(doctor) {
      try {
        await feedLiveTarget(doctor, kube.transport, target.kind === 'pod' ? { namespace: target.namespace, pod: target.name } : { namespace: target.namespace, nimService: target.name });
      } catch (error) {
        throw new UsageError(`cannot diagnose ${targetText}: ${(error as Error).message}`);
      }
    },
    close: () => kube.close(),
  };
}

/** Streams the file in 1 MB chunks, so a multi-gigabyte log never sits in memory. */
export function logFileSource(file: string, io: CliIo): DoctorInputSource {
  const path = resolve(io.cwd, file);
  const inside = relative(io.cwd, path);
  const label = inside && !inside.startsWith('..') ? inside : file;
  try {
    if (!statSync(path).isFile()) throw new UsageError(`cannot read ${label}: not a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return {
    label,
    async feed(doctor) {
      try {
        const splitter = new LineBlockSplitter((text, from, to) => doctor.feedBlock(text, label, from, to));
        for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) splitter.push(chunk as Buffer);
        splitter.end();
      } catch (error) {
        throw new UsageError(`cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    },
  };
}

function toJson(f: Finding): DoctorJsonFinding {
  const out: DoctorJsonFinding = {
    signature: f.signature,
    cause: f.cause,
    evidence: f.evidence.text,
    fix: f.fix,
    line: f.evidence.line,
    source: f.evidence.source,
    severity: f.severity,
    title: f.title,
    count: f.count,
  };
  if (f.manifestFix) out.manifestFix = f.manifestFix;
  if (f.wraps !== undefined) out.wraps = f.wraps;
  if (f.wrapperEvidence) out.wrapper = f.wrapperEvidence;
  if (f.rootFrame) out.root = f.rootFrame;
  if (f.context) out.context = f.context;
  if (f.search !== undefined) out.search = f.search;
  return out;
}
