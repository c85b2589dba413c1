// Fidelity tests: the newest bundled kubectl (1.33) against the simulated API server. Real kubectl is the judge.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/sim/store/types.js';
import { useKubectlLab } from './kubectl-lab.js';
import { KUBECTL_NEWEST, freePort, outputOf } from './sim-apiserver-harness.js';
import { nimServiceYaml } from './sim-apiserver-fixtures.js';
import { nimOperatorMainCrdDir as crdDir } from '../support/thirdParty.js';

describe('kubectl 1.33 against the simulated API server', () => {
  const lab = useKubectlLab(KUBECTL_NEWEST, { dirPrefix: 'ies-sim-kubectl-', crdPaths: [join(crdDir, 'apps.nvidia.com_nimservices.yaml'), join(crdDir, 'apps.nvidia.com_nimcaches.yaml')] });

  it('gets nodes with the server-side Table columns', async () => {
    const r = await lab.kubectl.run(['get', 'nodes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    assert.match(r.stdout, /gpu-node-1\s+Ready\s+worker\s+\d+s\s+v1\.33\.1/);
  });

  it('gets pods across namespaces, wide and as JSON', async () => {
    const wide = await lab.kubectl.run(['get', 'pods', '-A', '-o', 'wide']);
    assert.equal(wide.code, 0, wide.stderr);
    assert.match(wide.stdout, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    assert.match(wide.stdout, new RegExp(`default\\s+${lab.podName}\\s+1/1\\s+Running\\s+1 \\(\\S+ ago\\)\\s+\\S+\\s+10\\.244\\.1\\.7\\s+gpu-node-1`));
    const json = await lab.kubectl.run(['get', 'pods', '-A', '-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const list = JSON.parse(json.stdout) as { kind: string; items: KubeObject[] };
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((p) => p.metadata.name), [lab.podName]);
    assert.equal(list.items[0].kind, 'Pod');
  });

  it('filters pods by label and field selectors', async () => {
    const byLabel = await lab.kubectl.run(['get', 'pods', '-l', 'app=llm', '-o', 'name']);
    assert.equal(byLabel.stdout.trim(), `pod/${lab.podName}`);
    const none = await lab.kubectl.run(['get', 'pods', '-l', 'app notin (llm)', '-o', 'name']);
    assert.equal(none.stdout.trim(), '');
    const byNode = await lab.kubectl.run(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=gpu-node-1,status.phase=Running', '-o', 'name']);
    assert.equal(byNode.stdout.trim(), `pod/${lab.podName}`);
    const bad = await lab.kubectl.run(['get', 'pods', '--field-selector', 'spec.image=x']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /field label not supported: spec\.image/);
  });

  it('pages lists with --chunk-size (limit / continue)', async () => {
    for (let i = 0; i < 5; i++) lab.sim.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, namespace: 'default' }, data: { i: String(i) } });
    const r = await lab.kubectl.run(['get', 'configmaps', '--chunk-size=2', '-o', 'name', '-v=6']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [0, 1, 2, 3, 4].map((i) => `configmap/page-${i}`));
    assert.ok((r.stderr.match(/continue=/g) ?? []).length >= 2, 'kubectl should have followed continue tokens');
  });

  it('gets events and describes a pod with its events', async () => {
    const events = await lab.kubectl.run(['get', 'events']);
    assert.equal(events.code, 0, events.stderr);
    assert.match(events.stdout, /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(events.stdout, new RegExp(`Normal\\s+Started\\s+pod/${lab.podName}\\s+Started container nim`));
    const describe = await lab.kubectl.run(['describe', 'pod', lab.podName]);
    assert.equal(describe.code, 0, describe.stderr);
    assert.match(describe.stdout, /Status:\s+Running/);
    assert.match(describe.stdout, /Last State:\s+Terminated\n\s+Reason:\s+OOMKilled/);
    assert.match(describe.stdout, /Normal\s+Started\s+\S+\s+kubelet\s+Started container nim/);
  });

  it('server-side applies a NIMService, reports a conflict as the apiserver does, then forces it', async () => {
    const first = await lab.kubectl.run(['apply', '--server-side', '-f', lab.file('nim-a.yaml', nimServiceYaml('llama'))]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /nimservice\.apps\.nvidia\.com\/llama serverside-applied/);
    const table = await lab.kubectl.run(['get', 'nimservices']);
    assert.match(table.stdout, /^NAME\s+STATUS\s+AGE\nllama\s+\d+s/);
    const conflict = await lab.kubectl.run(['apply', '--server-side', '--field-manager=platform-team', '-f', lab.file('nim-b.yaml', nimServiceYaml('llama', { replicas: 2 }))]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
    const forced = await lab.kubectl.run(['apply', '--server-side', '--field-manager=platform-team', '--force-conflicts', '-f', join(lab.dir, 'nim-b.yaml')]);
    assert.equal(forced.code, 0, forced.stderr);
    const stored = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama') as KubeObject & { spec: { replicas: number } };
    assert.equal(stored.spec.replicas, 2);
    const managers = (stored.metadata.managedFields as Array<{ manager: string; fieldsV1: Record<string, any> }>).map((m) => m.manager).sort();
    assert.deepEqual(managers, ['kubectl', 'platform-team']);
    const owner = (stored.metadata.managedFields as Array<{ manager: string; fieldsV1: Record<string, any> }>).find((m) => m.manager === 'platform-team')!;
    assert.ok(owner.fieldsV1['f:spec']['f:replicas'], 'platform-team owns .spec.replicas after forcing');
    assert.equal(stored.metadata.generation, 2);
  });

  it('dry-runs on the server without storing anything', async () => {
    const r = await lab.kubectl.run(['apply', '--dry-run=server', '-f', lab.file('nim-dry.yaml', nimServiceYaml('dry'))]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nimservice\.apps\.nvidia\.com\/dry created \(server dry run\)/);
    assert.equal(lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'dry'), undefined);
    const ssa = await lab.kubectl.run(['apply', '--server-side', '--dry-run=server', '-f', join(lab.dir, 'nim-dry.yaml')]);
    assert.equal(ssa.code, 0, ssa.stderr);
    assert.equal(lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'dry'), undefined);
  });

  it('rejects an invalid NIMService with the apiserver 422 from the CRD schema', async () => {
    const invalid = nimServiceYaml('broken').replace('  replicas: 1\n', '  replicas: "many"\n').replace(/  image:\n.*\n.*\n/, '');
    const r = await lab.kubectl.run(['apply', '--server-side', '-f', lab.file('nim-bad.yaml', invalid)]);
    assert.equal(r.code, 1);
    // kubectl renders the 422's details.causes as a bullet list.
    assert.match(r.stderr, /The NIMService "broken" is invalid: \n\* spec\.image: Required value\n/);
    assert.match(r.stderr, /\* spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/);
    assert.equal(lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'broken'), undefined);
  });

  it('diffs a changed manifest against the live object', async () => {
    const r = await lab.kubectl.run(['diff', '-f', lab.file('nim-diff.yaml', nimServiceYaml('llama', { replicas: 2, port: 9000 }))]);
    assert.equal(r.code, 1, `kubectl diff exits 1 when there are differences: ${r.stderr}`);
    assert.match(r.stdout, /-\s+port: 8000\n\+\s+port: 9000/);
    assert.doesNotMatch(r.stdout, /replicas/);
  });

  it('waits for condition=Ready once the status subresource says so', async () => {
    const waiting = lab.kubectl.run(['wait', '--for=condition=Ready', 'nimservice/llama', '--timeout=15s']);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const current = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama')!;
    lab.sim.store.update('nimservices.apps.nvidia.com', {
      ...current,
      status: { state: 'Ready', conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'deployment successfully rolled out', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
    });
    const r = await waiting;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nimservice\.apps\.nvidia\.com\/llama condition met/);
    const table = await lab.kubectl.run(['get', 'nimservice', 'llama']);
    assert.match(table.stdout, /llama\s+Ready\s+\d+s/);
  });

  it('patches the status subresource without touching spec', async () => {
    const r = await lab.kubectl.run(['patch', 'nimservice', 'llama', '--subresource=status', '--type=merge', '-p', '{"status":{"state":"NotReady"},"spec":{"replicas":7}}']);
    assert.equal(r.code, 0, r.stderr);
    const stored = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama') as KubeObject & { spec: { replicas: number }; status: { state: string } };
    assert.equal(stored.status.state, 'NotReady');
    assert.equal(stored.spec.replicas, 2);
  });

  it('streams updates with get -w', async () => {
    const child = lab.kubectl.spawn(['get', 'nimservices', '-w']);
    const output = outputOf(child);
    try {
      await output.wait(/llama\s+NotReady/);
      const current = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama')!;
      lab.sim.store.update('nimservices.apps.nvidia.com', { ...current, status: { ...(current.status as object), state: 'Failed' } });
      const out = await output.wait(/llama\s+Failed/);
      assert.equal((out.match(/^NAME\s+STATUS/gm) ?? []).length, 1, `one header only:\n${out}`);
    } finally {
      child.kill();
    }
  });

  it('prints logs, previous logs and follows new lines', async () => {
    lab.logs.write('default', lab.podName, 'nim', 'INFO starting server', new Date(Date.UTC(2025, 0, 1, 0, 0, 1)));
    lab.logs.write('default', lab.podName, 'nim', 'INFO Uvicorn running on http://0.0.0.0:8000', new Date(Date.UTC(2025, 0, 1, 0, 0, 2)));
    lab.logs.setPrevious('default', lab.podName, 'nim', ['loading weights', 'torch.OutOfMemoryError: CUDA out of memory']);
    const r = await lab.kubectl.run(['logs', lab.podName]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'INFO starting server\nINFO Uvicorn running on http://0.0.0.0:8000\n');
    const tail = await lab.kubectl.run(['logs', lab.podName, '--tail=1', '--timestamps']);
    assert.equal(tail.stdout, '2025-01-01T00:00:02Z INFO Uvicorn running on http://0.0.0.0:8000\n');
    const previous = await lab.kubectl.run(['logs', lab.podName, '--previous']);
    assert.equal(previous.stdout, 'loading weights\ntorch.OutOfMemoryError: CUDA out of memory\n');
    const missing = await lab.kubectl.run(['logs', lab.podName, '-c', 'sidecar']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /container sidecar is not valid for pod/);
    const child = lab.kubectl.spawn(['logs', '-f', lab.podName]);
    const output = outputOf(child);
    try {
      await output.wait(/Uvicorn running/);
      lab.logs.write('default', lab.podName, 'nim', 'INFO Application startup complete.');
      await output.wait(/Application startup complete/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      lab.logs.end('default', lab.podName, 'nim');
      assert.equal(await exited, 0, 'logs -f ends when the container instance ends');
    } finally {
      child.kill();
    }
  });

  it('port-forwards to a pod and serves /v1/models through it', async () => {
    const local = await freePort();
    const child = lab.kubectl.spawn(['port-forward', `pod/${lab.podName}`, `${local}:8000`]);
    const output = outputOf(child);
    try {
      await output.wait(/Forwarding from 127\.0\.0\.1/);
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`http://127.0.0.1:${local}/v1/models`);
        assert.equal(response.status, 200);
        const body = (await response.json()) as { data: Array<{ id: string }> };
        assert.equal(body.data[0].id, 'nvidia/test-model');
      }
    } finally {
      child.kill();
    }
  });

  it('gives the read-only user 403 on writes and on secrets', async () => {
    const viewer = ['--context', lab.sim.viewerContext];
    const list = await lab.kubectl.run([...viewer, 'get', 'nimservices']);
    assert.equal(list.code, 0, list.stderr);
    const create = await lab.kubectl.run([...viewer, 'create', 'configmap', 'nope', '--from-literal=a=b']);
    assert.notEqual(create.code, 0);
    assert.match(create.stderr, /configmaps is forbidden: User "gpu-lab-viewer" cannot create resource "configmaps" in API group "" in the namespace "default"/);
    const secrets = await lab.kubectl.run([...viewer, 'get', 'secrets']);
    assert.notEqual(secrets.code, 0);
    assert.match(secrets.stderr, /secrets is forbidden: User "gpu-lab-viewer" cannot list resource "secrets" in API group "" in the namespace "default"/);
    const del = await lab.kubectl.run([...viewer, 'delete', 'nimservice', 'llama']);
    assert.match(del.stderr, /nimservices\.apps\.nvidia\.com "llama" is forbidden: User "gpu-lab-viewer" cannot delete resource "nimservices" in API group "apps\.nvidia\.com"/);
  });

  it('deletes a deployment and cascades to its replica set and pod', async () => {
    const r = await lab.kubectl.run(['delete', 'deployment', 'llm']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /deployment\.apps "llm" deleted/);
    assert.equal(lab.sim.store.list('replicasets.apps', 'default').length, 0);
    assert.equal(lab.sim.store.get('pods', 'default', lab.podName), undefined);
    const gone = await lab.kubectl.run(['get', 'pod', lab.podName]);
    assert.match(gone.stderr, new RegExp(`Error from server \\(NotFound\\): pods "${lab.podName}" not found`));
    const nim = await lab.kubectl.run(['delete', '-f', join(lab.dir, 'nim-a.yaml')]);
    assert.equal(nim.code, 0, nim.stderr);
    assert.match(nim.stdout, /nimservice\.apps\.nvidia\.com "llama" deleted/);
  });
});
