// Manual entry for the simulator: npx tsx src/sim/main.ts [--port P] [--fixture demo|empty|large] [--speed X] [--kubeconfig FILE] [--tls]
// The CLI's `ies sim` calls startSimulator the same way.
import { startSimulator, type FixtureName } from './index.js';
import { clusterControllersPlugin, seedFixture } from './operator/index.js';

function parseArgs(argv: string[]): { port?: number; fixture?: FixtureName; speed?: number; kubeconfig?: string; tls: boolean } {
  const out: { port?: number; fixture?: FixtureName; speed?: number; kubeconfig?: string; tls: boolean } = { tls: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      out.port = Number(value());
      if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error(`--port must be 0-65535, got ${argv[i]}`);
    } else if (arg === '--fixture') {
      const f = value();
      if (f !== 'demo' && f !== 'empty' && f !== 'large') throw new Error(`--fixture must be demo, empty or large, got ${f}`);
      out.fixture = f;
    } else if (arg === '--speed') {
      out.speed = Number(value());
      if (!(out.speed > 0)) throw new Error(`--speed must be a positive number, got ${argv[i]}`);
    } else if (arg === '--kubeconfig') out.kubeconfig = value();
    else if (arg === '--tls') out.tls = true;
    else throw new Error(`unknown argument ${arg}; usage: [--port P] [--fixture demo|empty|large] [--speed X] [--kubeconfig FILE] [--tls]`);
  }
  return out;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exit(2);
  }
  const sim = await startSimulator({ port: args.port, speed: args.speed, kubeconfigPath: args.kubeconfig, tls: args.tls, fixture: args.fixture ?? 'demo', seed: seedFixture, controllers: [clusterControllersPlugin] });
  console.log(`API server: ${sim.url}`);
  console.log(`kubeconfig: ${sim.kubeconfigPath}`);
  console.log(`context:    ${sim.context} (read-only: ${sim.viewerContext})`);
  console.log(`try:        kubectl --kubeconfig ${sim.kubeconfigPath} get nodes`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
