// Fidelity tests: the oldest bundled kubectl (1.27) against the simulated API server over HTTPS with a generated CA.
// kubectl 1.27 fetches /openapi/v2 as protobuf before apply/create (client-side validation); no --validate=false needed.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { useKubectlLab } from './kubectl-lab.js';
import { KUBECTL_OLDEST, freePort, outputOf } from './sim-apiserver-harness.js';
import { nimServiceYaml } from './sim-apiserver-fixtures.js';

describe('kubectl 1.27 against the simulated API server over TLS', () => {
  const lab = useKubectlLab(KUBECTL_OLDEST, { dirPrefix: 'ies-sim-kubectl127-', tls: true });

  it('writes a kubeconfig that trusts the generated CA and uses bearer tokens', () => {
    assert.match(lab.sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(readFileSync(lab.sim.kubeconfigPath, 'utf8'));
    const cluster = config.clusters[0].cluster;
    assert.equal(cluster.server, lab.sim.url);
    assert.match(Buffer.from(cluster['certificate-authority-data'], 'base64').toString(), /BEGIN CERTIFICATE/);
    assert.equal(cluster['insecure-skip-tls-verify'], undefined);
    assert.equal(config.users.length, 2);
  });

  it('gets nodes, pods -A -o wide and NIMServices', async () => {
    const nodes = await lab.kubectl.run(['get', 'nodes']);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, /gpu-node-1\s+Ready\s+worker/);
    const pods = await lab.kubectl.run(['get', 'pods', '-A', '-o', 'wide']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, new RegExp(`default\\s+${lab.podName}\\s+1/1\\s+Running.*10\\.244\\.1\\.7\\s+gpu-node-1`));
    const nims = await lab.kubectl.run(['get', 'nimservices']);
    assert.equal(nims.code, 0, nims.stderr);
    assert.match(nims.stderr, /No resources found in default namespace/);
  });

  it('server-side applies, conflicts, forces and dry-runs', async () => {
    const path = join(lab.dir, 'nim.yaml');
    writeFileSync(path, nimServiceYaml('llama'));
    const applied = await lab.kubectl.run(['apply', '--server-side', '-f', path]);
    assert.equal(applied.code, 0, applied.stderr);
    writeFileSync(join(lab.dir, 'nim2.yaml'), nimServiceYaml('llama', { port: 9000 }));
    const conflict = await lab.kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', join(lab.dir, 'nim2.yaml')]);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.expose\.service\.port/);
    const forced = await lab.kubectl.run(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', join(lab.dir, 'nim2.yaml')]);
    assert.equal(forced.code, 0, forced.stderr);
    writeFileSync(join(lab.dir, 'dry.yaml'), nimServiceYaml('dry'));
    const dry = await lab.kubectl.run(['apply', '--dry-run=server', '-f', join(lab.dir, 'dry.yaml')]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'dry'), undefined);
  });

  it('waits for Ready and streams get -w', async () => {
    const child = lab.kubectl.spawn(['get', 'nimservices', '-w']);
    const output = outputOf(child);
    try {
      await output.wait(/llama/);
      const waiting = lab.kubectl.run(['wait', '--for=condition=Ready', 'nimservice/llama', '--timeout=15s']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const current = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama')!;
      lab.sim.store.update('nimservices.apps.nvidia.com', { ...current, status: { state: 'Ready', conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z' }] } });
      const r = await waiting;
      assert.equal(r.code, 0, r.stderr);
      await output.wait(/llama\s+Ready/);
    } finally {
      child.kill();
    }
  });

  it('follows logs and reads previous logs', async () => {
    lab.logs.setPrevious('default', lab.podName, 'nim', ['OSError: [Errno 28] No space left on device']);
    lab.logs.write('default', lab.podName, 'nim', 'INFO booting');
    const previous = await lab.kubectl.run(['logs', lab.podName, '--previous']);
    assert.equal(previous.stdout, 'OSError: [Errno 28] No space left on device\n');
    const child = lab.kubectl.spawn(['logs', '-f', lab.podName]);
    const output = outputOf(child);
    try {
      await output.wait(/INFO booting/);
      lab.logs.write('default', lab.podName, 'nim', 'INFO ready');
      await output.wait(/INFO ready/);
    } finally {
      child.kill();
    }
  });

  it('port-forwards over SPDY', async () => {
    const local = await freePort();
    const child = lab.kubectl.spawn(['port-forward', `pod/${lab.podName}`, `${local}:8000`]);
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
    const viewer = ['--context', lab.sim.viewerContext];
    const secrets = await lab.kubectl.run([...viewer, 'get', 'secret', 'ngc-api']);
    assert.match(secrets.stderr, /secrets "ngc-api" is forbidden: User "gpu-lab-viewer" cannot get resource "secrets" in API group "" in the namespace "default"/);
    const create = await lab.kubectl.run([...viewer, 'create', 'namespace', 'x']);
    assert.match(create.stderr, /namespaces is forbidden: User "gpu-lab-viewer" cannot create resource "namespaces" in API group "" at the cluster scope/);
    const del = await lab.kubectl.run(['delete', 'nimservice', 'llama']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama'), undefined);
  });
});
