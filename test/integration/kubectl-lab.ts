// One real kubectl against a simulated API server with the fixture cluster (a GPU node, a Running pod whose port can
// be forwarded, its logs): the setup the kubectl fidelity suites share. Fields are set in `before`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { seedCluster } from './sim-apiserver-fixtures.js';
import { TestLogSource, kubectlRunner, portResolver, startPodServer } from './sim-apiserver-harness.js';

export interface KubectlLab {
  sim: Simulator;
  kubectl: ReturnType<typeof kubectlRunner>;
  /** The seeded Running pod (namespace default), whose port-forwards reach a local HTTP server. */
  podName: string;
  /** A fresh folder for this suite's files; the kubeconfig is in it. */
  dir: string;
  logs: TestLogSource;
  /** Writes `text` into `dir` and returns the path. */
  file(name: string, text: string): string;
}

export function useKubectlLab(binary: string, options: Pick<SimulatorOptions, 'tls' | 'crdPaths'> & { dirPrefix: string }): KubectlLab {
  const forwardable = new Set<string>();
  let podServer: Awaited<ReturnType<typeof startPodServer>> | undefined;
  const lab = {
    logs: new TestLogSource(),
    file(name: string, text: string) {
      const path = join(lab.dir, name);
      writeFileSync(path, text);
      return path;
    },
  } as KubectlLab;
  before(async () => {
    lab.dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
    const server = (podServer = await startPodServer());
    lab.sim = await startSimulator({
      tls: options.tls,
      kubeconfigPath: join(lab.dir, 'kubeconfig'),
      ...(options.crdPaths ? { crdPaths: options.crdPaths } : {}),
      logs: lab.logs,
      ports: portResolver(forwardable, () => server.port),
    });
    lab.podName = seedCluster(lab.sim.store).pod.metadata.name;
    forwardable.add(`default/${lab.podName}`);
    lab.kubectl = kubectlRunner(binary, lab.sim.kubeconfigPath);
  });
  after(async () => {
    await lab.sim?.stop();
    await podServer?.close();
  });
  return lab;
}
