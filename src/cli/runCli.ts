import packageJson from '../../package.json';
import type { CliIo } from './io.js';
import { runDoctor } from './commands/doctor.js';
import { runApply } from './commands/apply.js';
import { runLogs } from './commands/logs.js';
import { runLint } from './commands/lint.js';
import { runScaffold } from './commands/scaffold.js';
import { runSchema } from './commands/schema.js';
import { runSim } from './commands/sim.js';
import { runHealth } from './commands/health.js';
import { runCaptionCommand } from './commands/caption.js';
import { runEditCommand } from './commands/edit.js';
import { runPools } from './commands/pools.js';
import { runEndpoints } from './commands/endpoints.js';
import { runCaches } from './commands/caches.js';
import { runFit } from './commands/fit.js';
import { runBenchCommand } from './commands/bench.js';
import { runPortForward } from './commands/portForward.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usageError.js';

type Command = { summary: string; run: (args: string[], io: CliIo) => number | Promise<number> };

const commands: Record<string, Command> = {
  lint: { summary: 'lint NIMService manifests (text or JSON, CI exit codes)', run: runLint },
  health: { summary: 'check an endpoint: Ready, restarts, served model, health route, API key, metrics (exit 1 unhealthy)', run: runHealth },
  sim: { summary: 'start a simulated GPU cluster (Kubernetes API, NIM Operator, inference servers)', run: runSim },
  schema: { summary: 'print the JSON Schema generated from the NIM Operator CRD', run: runSchema },
  scaffold: { summary: 'render a manifest template (NIMService, Secrets)', run: runScaffold },
  pools: { summary: 'GPU pools: capacity, allocated, free GPUs and MIG slices per pool (exit 2 unreachable)', run: runPools },
  endpoints: { summary: 'NIMServices and unmanaged GPU workloads: state, model, replicas (exit 2 unreachable)', run: runEndpoints },
  caches: { summary: 'NIMCaches: state, PVC and size, profiles, caching pod, the NIMServices using each (exit 2 unreachable)', run: runCaches },
  doctor: { summary: 'diagnose a failing endpoint from its logs: cause, evidence line, fix', run: runDoctor },
  fit: { summary: 'will the model fit the GPU? weights, KV cache and overhead per GPU, the longest max-model-len that fits (exit 1 does not fit)', run: runFit },
  apply: { summary: 'preflight, server-side apply and (--wait) wait for a NIMService to be Ready', run: runApply },
  logs: { summary: 'stream an endpoint\'s or pod\'s logs: follow, previous, tail, all containers, reconnecting', run: (args, io) => runLogs(args, io) },
  'port-forward': { summary: 'forward a local port to an endpoint\'s ready pod, following pod replacements; prints OPENAI_BASE_URL (exit 2 unreachable)', run: (args, io) => runPortForward(args, io) },
  caption: { summary: 'caption an image as nv-ingest does (OpenAI image_url or Omega image dialect, pre-scale to 180,000 base64 chars)', run: runCaptionCommand },
  edit: { summary: 'edit an image over vLLM-omni multipart, chat diffusion or Nunchaku JSON; writes the result', run: runEditCommand },
  bench: { summary: 'load-test an endpoint: concurrency or rate sweep, TTFT/TPOT/e2e percentiles, goodput against an SLO, the knee (exit 1 SLO missed)', run: (args, io) => runBenchCommand(args, io) },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return `ies ${packageJson.version} — Inference Endpoint Studio, headless

Usage: ies <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`ies <command> --help\` for a command's options. Exit codes: 0 ok, 1 findings / unhealthy, 2 usage error.
`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${packageJson.version}\n`);
    return EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    io.err(`ies: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}. See ies --help.\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`ies ${name}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
