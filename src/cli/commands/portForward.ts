import { parseArgs } from 'node:util';
import { describeKubeError } from '../../core/kube/clusterSnapshot.js';
import { KubeApiError } from '../../core/kube/kubeApiError.js';
import { endpointForwarder } from '../../core/portforward/endpointForwarder.js';
import type { ForwardEvent } from '../../core/portforward/podForwarder.js';
import { parseLocalPort, PortInUseError } from '../../core/portforward/portInUse.js';
import { openAiBaseUrlExport } from '../../core/portforward/snippets.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { clusterOptionSpecs, openCliKube, parseCliTarget } from './clusterOptions.js';

export const portForwardHelp = `Usage: ies port-forward TARGET [LOCAL:]REMOTE [options]

Like kubectl port-forward, but to the endpoint: TARGET is a NIMService (NAME, NAMESPACE/NAME or nimservice/NAME),
forwarded to its newest ready pod and looked up again when that pod is replaced, so the local port keeps working
through restarts and reschedules. pod/NAME forwards to that one pod. Runs until Ctrl-C.

  REMOTE                    the port in the pod, e.g. 8000 (local port the same)
  LOCAL:REMOTE              9000:8000 listens on 127.0.0.1:9000; :8000 on any free port

Options:
  -n, --namespace NS        namespace for TARGET (default: the context's, else default)
  --kubeconfig FILE         kubeconfig (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context

Prints the local URL and an OPENAI_BASE_URL line to paste into a shell.
Exit codes: 0 stopped with Ctrl-C, 1 no ready pod to forward to, 2 usage error, local port in use or cluster unreachable.`;

/** `[LOCAL:]REMOTE` as kubectl reads it: `8000` is 8000:8000, `:8000` any free local port. */
export function parsePortMapping(text: string): { local: number; remote: number } {
  const match = /^(?:(\d*):)?(\d+)$/.exec(text.trim());
  const remote = match ? parseLocalPort(match[2]) : undefined;
  const local = match?.[1] === undefined ? remote : match[1] === '' ? 0 : parseLocalPort(match[1]);
  if (!match || remote === undefined || local === undefined) throw new UsageError(`cannot read port ${JSON.stringify(text)}: use REMOTE, LOCAL:REMOTE or :REMOTE with ports 1–65535, e.g. 8000 or 9000:8000`);
  return { local, remote };
}

export async function runPortForward(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...clusterOptionSpecs, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(portForwardHelp + '\n');
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError('give TARGET and [LOCAL:]REMOTE, e.g. ies port-forward my-nim 8000 (see ies port-forward --help)');
  const ports = parsePortMapping(positionals[1]);
  const kube = openCliKube(values, io);
  const target = parseCliTarget(positionals[0], values.namespace, kube.defaultNamespace);
  const label = `${target.kind === 'pod' ? 'pod/' : ''}${target.namespace}/${target.name}`;
  const onEvent = (e: ForwardEvent) => {
    if (e.type === 'dropped') io.err(`ies port-forward: tunnel to pod/${e.pod} dropped (${e.reason}); looking for a ready pod\n`);
    if (e.type === 'reconnected') io.err(`ies port-forward: forwarding to pod/${e.pod}\n`);
  };
  const forwarder = endpointForwarder(kube, { namespace: target.namespace, name: target.name, pod: target.kind === 'pod', remotePort: ports.remote, localPort: ports.local, onEvent });
  let url: string;
  try {
    url = await forwarder.start();
  } catch (error) {
    kube.close();
    if (error instanceof PortInUseError) throw new UsageError(error.message);
    if (error instanceof KubeApiError) throw new UsageError(describeKubeError(error, kube.context));
    io.err(`ies port-forward: ${label}: ${(error as Error).message}\n`);
    return EXIT_FINDINGS;
  }
  io.out(`Forwarding ${label} (pod/${forwarder.currentPod}:${ports.remote}) on ${url}\n${openAiBaseUrlExport(url)}\nPress Ctrl-C to stop.\n`);
  let stop = () => {};
  await new Promise<void>((resolve) => {
    stop = resolve;
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  signal?.removeEventListener('abort', stop);
  await forwarder.close();
  kube.close();
  return EXIT_OK;
}
