import { runCli } from './runCli.js';
import { processIo } from './io.js';

// `ies schema | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

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
