// Fidelity tests: the oldest bundled kubectl (1.27) against the simulated API server over HTTPS with a generated CA.
// kubectl 1.27 fetches /openapi/v2 as protobuf before apply/create (client-side validation); no --validate=false needed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { KUBECTL_OLDEST, TestLogSource, freePort, kubectlRunner, outputOf, portResolver, startPodServer } from './sim-apiserver-harness.js';
import { nimServiceYaml, seedCluster } from './sim-apiserver-fixtures.js';

describe('kubectl 1.27 against the simulated API server over TLS', () => {
  let sim: Simulator;
  let kubectl: ReturnType<typeof kubectlRunner>;
  let dir: string;
  let podName: string;
  const logs = new TestLogSource();
  let podServer: Awaited<ReturnType<typeof startPodServer>>;
  const forwardable = new Set<string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ies-sim-kubectl127-'));
    podServer = await startPodServer();
    sim = await startSimulator({ tls: true, kubeconfigPath: join(dir, 'kubeconfig'), logs, ports: portResolver(forwardable, () => podServer.port) });
    podName = seedCluster(sim.store).pod.metadata.name;
    forwardable.add(`default/${podName}`);
    kubectl = kubectlRunner(KUBECTL_OLDEST, sim.kubeconfigPath);
  });

  after(async () => {
    await sim?.stop();
    await podServer?.close();
  });

  it('writes a kubeconfig that trusts the generated CA and uses bearer tokens', () => {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
    const cluster = config.clusters[0].cluster;
    assert.equal(cluster.server, sim.url);
    assert.match(Buffer.from(cluster['certificate-authority-data'], 'base64').toString(), /BEGIN CERTIFICATE/);
    assert.equal(cluster['insecure-skip-tls-verify'], undefined);
    assert.equal(config.users.length, 2);
  });

  it('gets nodes, pods -A -o wide and NIMServices', async () => {
    const nodes = await kubectl.run(['get', 'nodes']);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, /gpu-node-1\s+Ready\s+worker/);
    const pods = await kubectl.run(['get', 'pods', '-A', '-o', 'wide']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, new RegExp(`default\\s+${podName}\\s+1/1\\s+Running.*10\\.244\\.1\\.7\\s+gpu-node-1`));
    const nims = await kubectl.run(['get', 'nimservices']);
    assert.equal(nims.code, 0, nims.stderr);
    assert.match(nims.stderr, /No resources found in default namespace/);
  });

  it('server-side applies, conflicts, forces and dry-runs', async () => {
    const path = join(dir, 'nim.yaml');
    writeFileSync(path, nimServiceYaml('llama'));
    const applied = await kubectl.run(['apply', '--server-side', '-f', path]);
    assert.equal(applied.code, 0, applied.stderr);
    writeFileSync(join(dir, 'nim2.yaml'), nimServiceYaml('llama', { port: 9000 }));
    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', join(dir, 'nim2.yaml')]);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.expose\.service\.port/);
    const forced = await kubectl.run(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', join(dir, 'nim2.yaml')]);
    assert.equal(forced.code, 0, forced.stderr);
    writeFileSync(join(dir, 'dry.yaml'), nimServiceYaml('dry'));
    const dry = await kubectl.run(['apply', '--dry-run=server', '-f', join(dir, 'dry.yaml')]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(sim.store.get('nimservices.apps.nvidia.com', 'default', 'dry'), undefined);
  });

  it('waits for Ready and streams get -w', async () => {
    const child = kubectl.spawn(['get', 'nimservices', '-w']);
    const output = outputOf(child);
    try {
      await output.wait(/llama/);
      const waiting = kubectl.run(['wait', '--for=condition=Ready', 'nimservice/llama', '--timeout=15s']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const current = sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama')!;
      sim.store.update('nimservices.apps.nvidia.com', { ...current, status: { state: 'Ready', conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z' }] } });
      const r = await waiting;
      assert.equal(r.code, 0, r.stderr);
      await output.wait(/llama\s+Ready/);
    } finally {
      child.kill();
    }
  });

  it('follows logs and reads previous logs', async () => {
    logs.setPrevious('default', podName, 'nim', ['OSError: [Errno 28] No space left on device']);
    logs.write('default', podName, 'nim', 'INFO booting');
    const previous = await kubectl.run(['logs', podName, '--previous']);
    assert.equal(previous.stdout, 'OSError: [Errno 28] No space left on device\n');
    const child = kubectl.spawn(['logs', '-f', podName]);
    const output = outputOf(child);
    try {
      await output.wait(/INFO booting/);
      logs.write('default', podName, 'nim', 'INFO ready');
      await output.wait(/INFO ready/);
    } finally {
      child.kill();
    }
  });

  it('port-forwards over SPDY', async () => {
    const local = await freePort();
    const child = kubectl.spawn(['port-forward', `pod/${podName}`, `${local}:8000`]);
    const output = outputOf(child);
    try {
      await output.wait(/Forwarding from 127\.0\.0\.1/);
      const response = await fetch(`http://127.0.0.1:${local}/v1/models`);
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { data: Array<{ id: string }> }).data[0].id, 'nvidia/test-model');
    } finally {
      child.kill();
    }
  });

  it('forbids the read-only user to write or read secrets, and deletes as admin', async () => {
    const viewer = ['--context', sim.viewerContext];
    const secrets = await kubectl.run([...viewer, 'get', 'secret', 'ngc-api']);
    assert.match(secrets.stderr, /secrets "ngc-api" is forbidden: User "gpu-lab-viewer" cannot get resource "secrets" in API group "" in the namespace "default"/);
    const create = await kubectl.run([...viewer, 'create', 'namespace', 'x']);
    assert.match(create.stderr, /namespaces is forbidden: User "gpu-lab-viewer" cannot create resource "namespaces" in API group "" at the cluster scope/);
    const del = await kubectl.run(['delete', 'nimservice', 'llama']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama'), undefined);
  });
});
