// A simulated vLLM chat server in its own process (the load generators and the server must not share an event loop,
// just as a benchmarking client and a real engine do not). Arguments: fixed latency before each answer (ms).
// Prints its URL; answers the parent's 'log' message with [X-Request-Id, server-side handling ms] of every chat request
// since the last 'log', so the parent can subtract the server's time from what its client measured.
import { startVllmVlmServer } from '../../src/sim/servers/index.js';

const latencyMs = Number(process.argv[2] ?? 0);
let log: Array<[string, number]> = [];

async function main(): Promise<void> {
  const server = await startVllmVlmServer({
    timing: { firstTokenMs: 0, perTokenMs: 0 },
    faults: { latencyMs },
    onRequestDone: (done) => {
      if (done.path === '/v1/chat/completions' && done.requestId) log.push([done.requestId, done.handledMs]);
    },
  });
  process.on('message', (message) => {
    if (message === 'log') {
      process.send!(log);
      log = [];
    }
  });
  process.send!({ url: server.url });
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

void main();
