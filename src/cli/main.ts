import { runCli } from './runCli.js';
import { processIo } from './io.js';

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    // Long-running commands (sim) resolve only when they are stopped; the rest exit with their code.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ies: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
