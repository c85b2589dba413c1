import { parseArgs } from 'node:util';
import { endpointSelector } from '../../core/kube/paths.js';
import { streamLogs } from '../../core/logs/endpointLogs.js';
import { parseLogFilter } from '../../core/logs/logFilter.js';
import type { CliIo } from '../io.js';
import { EXIT_OK, UsageError } from '../usageError.js';
import { parseDuration } from './apply.js';
import { clusterOptionSpecs, openCliKube, parseCliTarget } from './clusterOptions.js';

export const logsHelp = `Usage: ies logs TARGET [options]

TARGET is pod/NAME, or a NIMService (NAME, nimservice/NAME or NAMESPACE/NAME): all its pods, interleaved, each
line prefixed [pod/container]. A followed stream that drops reconnects with sinceTime and loses or repeats no line.

Options:
  -f, --follow              keep streaming (new pods of a NIMService join)
  --previous                the last terminated (crashed) container instance
  --tail N                  start with the last N lines
  --since D                 only lines newer than D (90s, 10m, 1h)
  --timestamps              RFC3339 timestamp in front of each line
  -c, --container NAME      one container (default the first)
  --all-containers          every container (init containers first)
  --filter TEXT|/RE/        only lines containing TEXT (case-insensitive) or matching /RE/
  -n, --namespace NS
  --kubeconfig FILE
  --context NAME`;

export async function runLogs(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      follow: { type: 'boolean', short: 'f' },
      previous: { type: 'boolean' },
      tail: { type: 'string' },
      since: { type: 'string' },
      timestamps: { type: 'boolean' },
      container: { type: 'string', short: 'c' },
      'all-containers': { type: 'boolean' },
      filter: { type: 'string' },
      ...clusterOptionSpecs,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(logsHelp + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one TARGET (see ies logs --help)');
  const tail = values.tail === undefined ? undefined : Number(values.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new UsageError(`--tail must be a non-negative integer, not ${values.tail}`);
  let filter;
  try {
    filter = parseLogFilter(values.filter);
  } catch (error) {
    throw new UsageError(`--filter: ${(error as Error).message}`);
  }
  const kube = openCliKube(values, io);
  const target = parseCliTarget(positionals[0], values.namespace, kube.defaultNamespace);
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  process.once('SIGINT', abort);
  try {
    await streamLogs(kube.transport, {
      namespace: target.namespace,
      ...(target.kind === 'pod' ? { pod: target.name } : { selector: endpointSelector(target.name) }),
      container: values.container,
      allContainers: values['all-containers'],
    }, {
      follow: values.follow, previous: values.previous, tailLines: tail, timestamps: values.timestamps, filter,
      sinceSeconds: values.since ? Math.max(1, Math.round(parseDuration(values.since) / 1000)) : undefined,
      onReconnect: (r) => io.err(`ies logs: ${r.pod}/${r.container} stream dropped (${r.reason}); reconnecting${r.since ? ` from ${r.since}` : ''}\n`),
    }, (text) => io.out(text + '\n'), controller.signal);
    return EXIT_OK;
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    process.off('SIGINT', abort);
    signal?.removeEventListener('abort', abort);
    kube.close();
  }
}
