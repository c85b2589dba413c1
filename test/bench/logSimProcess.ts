// The simulated API server with one large container log, in its own process (so the benchmark's client and the
// server do not share an event loop, just as kubectl and a real API server do not). Prints the kubeconfig path.
import { startSimulator } from '../../src/sim/index.js';
import { TestLogSource } from '../integration/sim-apiserver-harness.js';

const [ns, pod, container, linesText] = process.argv.slice(2);
const lines = Number(linesText);

function logLine(i: number): string {
  if (i === lines - 50) return 'OSError: [Errno 28] No space left on device';
  if (i === lines - 40) return 'RuntimeError: Engine core initialization failed. See root cause above.';
  return i % 10 === 0
    ? `(APIServer pid=1) INFO ${i}: 10.0.2.12:49896 - "GET /health HTTP/1.1" 200 OK`
    : `Downloading shards: model-0000${i % 9}-of-00009.safetensors ${(i % 100).toString().padStart(2, ' ')}% | ${i * 37} bytes`;
}

async function main(): Promise<void> {
  const logs = new TestLogSource();
  const sim = await startSimulator({ logs });
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < lines; i++) logs.write(ns, pod, container, logLine(i), new Date(start + i));
  logs.end(ns, pod, container);
  sim.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  sim.store.create('pods', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: ns },
    spec: { containers: [{ name: container, image: 'vllm/vllm-omni:v0.20.0' }] },
    status: { phase: 'Failed', containerStatuses: [{ name: container, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] },
  });
  process.stdout.write(`${sim.kubeconfigPath}\n`);
  process.on('SIGTERM', () => void sim.stop().then(() => process.exit(0)));
}

void main();
