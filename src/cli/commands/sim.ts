import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startGpuLab } from '../../sim/gpuLab.js';
import type { FixtureName } from '../../sim/index.js';
import type { CliIo } from '../io.js';
import { EXIT_OK, UsageError } from '../usageError.js';

export const simHelp = `Usage: ies sim [--port P] [--fixture demo|empty|large] [--speed X] [--kubeconfig FILE] [--tls]

Starts a simulated GPU cluster on 127.0.0.1: a Kubernetes API server that kubectl and the extension accept,
the NIM Operator's behaviour, and simulated inference servers. Prints the kubeconfig to use; Ctrl-C stops it.

Options:
  --port P          API server port (default: a free one)
  --fixture NAME    demo (default: GPU pools, Ready and failing endpoints), empty, or large (benchmarks)
  --speed X         simulated time runs X times faster than real time (default 1)
  --kubeconfig FILE write the kubeconfig here (default: a temp file removed on exit)
  --tls             serve HTTPS with a generated CA (in the kubeconfig)`;

const FIXTURES: readonly FixtureName[] = ['demo', 'empty', 'large'];

export async function runSim(args: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      fixture: { type: 'string', default: 'demo' },
      speed: { type: 'string', default: '1' },
      kubeconfig: { type: 'string' },
      tls: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(simHelp + '\n');
    return EXIT_OK;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got ${values.port}`);
  const speed = Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed must be a positive number, got ${values.speed}`);
  if (!FIXTURES.includes(values.fixture as FixtureName)) throw new UsageError(`--fixture must be one of ${FIXTURES.join(', ')}, got ${values.fixture}`);

  const sim = await startGpuLab({
    port,
    speed,
    fixture: values.fixture as FixtureName,
    tls: values.tls,
    kubeconfigPath: values.kubeconfig ? resolve(io.cwd, values.kubeconfig) : undefined,
  });
  io.out(`Simulated GPU cluster "${sim.context}" (${values.fixture} fixture, ${speed}× time) at ${sim.url.replace(/\/token\/[^/]+/, '')}\n`);
  io.out(`kubeconfig: ${sim.kubeconfigPath}\n`);
  io.out(`context:    ${sim.context} (read-only: ${sim.viewerContext})\n`);
  io.out(`try:        kubectl --kubeconfig ${sim.kubeconfigPath} get nodes\n`);
  io.out('Ctrl-C stops it.\n');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  io.err('stopping the simulator…\n');
  await sim.stop();
  return EXIT_OK;
}
