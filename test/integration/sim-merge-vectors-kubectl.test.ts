// The Kubernetes documentation's strategic-merge-patch and server-side-apply examples (test/fixtures/merge/, with
// provenance in its README) through real kubectl against the simulated API server: list merging by key, replaced
// lists, $retainKeys, managedFields per list item, conflicts, forcing, and removal of fields a manager stops applying.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { KUBECTL_NEWEST, kubectlRunner } from './sim-apiserver-harness.js';

const fixtures = join(__dirname, '..', 'fixtures', 'merge');
const fixture = (path: string) => join(fixtures, path);

describe('documentation list-merge vectors through kubectl', () => {
  let sim: Simulator;
  let kubectl: ReturnType<typeof kubectlRunner>;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const getJson = async (what: string) => {
    const r = await kubectl.run(['get', what, '-o', 'json', '--show-managed-fields']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const ok = async (args: string[]) => {
    const r = await kubectl.run(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ies-merge-vectors-'));
    sim = await startSimulator({ kubeconfigPath: join(dir, 'kubeconfig') });
    kubectl = kubectlRunner(KUBECTL_NEWEST, sim.kubeconfigPath);
  });
  after(async () => sim?.stop());

  it('kubectl patch (strategic): containers merge by name, tolerations are replaced', async () => {
    await ok(['apply', '-f', fixture('kubectl-patch/deployment-patch.yaml')]);
    await ok(['patch', 'deployment', 'patch-demo', '--type', 'strategic', '--patch-file', fixture('kubectl-patch/patch-file.yaml')]);
    let spec = (await getJson('deployment/patch-demo')).spec.template.spec;
    assert.deepEqual(spec.containers.map((c: any) => [c.name, c.image]), [['patch-demo-ctr', 'nginx'], ['patch-demo-ctr-2', 'redis']]);
    await ok(['patch', 'deployment', 'patch-demo', '--patch-file', fixture('kubectl-patch/patch-file-tolerations.yaml')]);
    spec = (await getJson('deployment/patch-demo')).spec.template.spec;
    assert.deepEqual(spec.tolerations, [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
    assert.equal(spec.containers.length, 2, 'the tolerations patch leaves the containers alone');
  });

  it('kubectl patch (strategic): $patch: delete removes one item, $setElementOrder orders the list', async () => {
    await ok(['patch', 'deployment', 'patch-demo', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"patch-demo-ctr-2"},{"name":"patch-demo-ctr"}],"containers":[{"name":"patch-demo-ctr","image":"nginx:1.27"}]}}}}']);
    let containers = (await getJson('deployment/patch-demo')).spec.template.spec.containers;
    assert.deepEqual(containers.map((c: any) => [c.name, c.image]), [['patch-demo-ctr-2', 'redis'], ['patch-demo-ctr', 'nginx:1.27']]);
    await ok(['patch', 'deployment', 'patch-demo', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","$patch":"delete"}]}}}}']);
    containers = (await getJson('deployment/patch-demo')).spec.template.spec.containers;
    assert.deepEqual(containers.map((c: any) => c.name), ['patch-demo-ctr']);
  });

  it('kubectl patch --type merge replaces the containers list (JSON merge patch)', async () => {
    await ok(['patch', 'deployment', 'patch-demo', '--type', 'merge', '--patch-file', fixture('kubectl-patch/patch-file-2.yaml')]);
    const containers = (await getJson('deployment/patch-demo')).spec.template.spec.containers;
    assert.deepEqual(containers, [{ name: 'patch-demo-ctr-3', image: 'gcr.io/google-samples/hello-app:2.0' }]);
  });

  it('kubectl patch (strategic): $retainKeys keeps only the listed keys', async () => {
    await ok(['apply', '-f', fixture('kubectl-patch/retainkeys-demo.yaml')]);
    await ok(['patch', 'deployment', 'retainkeys-demo', '--type', 'strategic', '--patch-file', fixture('kubectl-patch/patch-file-retainkeys.yaml')]);
    assert.deepEqual((await getJson('deployment/retainkeys-demo')).spec.strategy, { type: 'Recreate' });
  });

  it('apply --server-side records the documentation ConfigMap managedFields', async () => {
    await ok(['apply', '--server-side', '-f', fixture('server-side-apply/test-cm.yaml')]);
    const cm = await getJson('configmap/test-cm');
    const entries = cm.metadata.managedFields;
    assert.equal(entries.length, 1);
    assert.equal(entries[0].manager, 'kubectl');
    assert.equal(entries[0].operation, 'Apply');
    assert.deepEqual(entries[0].fieldsV1, { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } });
  });

  it('apply --server-side: two managers own different containers and env vars, each kept by key', async () => {
    const base = readFileSync(fixture('server-side-apply/nginx-deployment.yaml'), 'utf8');
    await ok(['apply', '--server-side', '-f', fixture('server-side-apply/nginx-deployment.yaml')]);
    const sidecar = base.replace(/  replicas: 3\n/, '').replace('      - name: nginx\n        image: nginx:1.14.2\n', '      - name: log-shipper\n        image: busybox\n');
    await ok(['apply', '--server-side', '--field-manager=platform', '-f', file('sidecar.yaml', sidecar)]);
    const env = base.replace(/  replicas: 3\n/, '').replace('        image: nginx:1.14.2\n', '        env:\n        - name: LOG_LEVEL\n          value: debug\n');
    await ok(['apply', '--server-side', '--field-manager=tuning', '-f', file('env.yaml', env)]);
    const deploy = await getJson('deployment/nginx-deployment');
    assert.deepEqual(deploy.spec.template.spec.containers.map((c: any) => c.name), ['nginx', 'log-shipper']);
    assert.deepEqual(deploy.spec.template.spec.containers[0].env, [{ name: 'LOG_LEVEL', value: 'debug' }]);
    assert.equal(deploy.spec.template.spec.containers[0].image, 'nginx:1.14.2');
    const byManager = Object.fromEntries(deploy.metadata.managedFields.map((m: any) => [m.manager, m.fieldsV1]));
    const containers = (m: string) => byManager[m]['f:spec']['f:template']['f:spec']['f:containers'];
    assert.deepEqual(containers('platform'), { 'k:{"name":"log-shipper"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
    assert.deepEqual(containers('tuning'), { 'k:{"name":"nginx"}': { '.': {}, 'f:env': { 'k:{"name":"LOG_LEVEL"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:name': {} } });
    assert.deepEqual(containers('kubectl'), { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } });
    // kubectl diff --server-side shows what the next apply would change: platform dropping its sidecar removes it.
    const diff = await kubectl.run(['diff', '--server-side', '--field-manager=platform', '-f', file('no-sidecar.yaml', base.replace(/  replicas: 3\n/, '').replace('      - name: nginx\n        image: nginx:1.14.2\n', '      - name: nginx\n'))]);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /-\s+- image: busybox\n-\s+name: log-shipper/);
    assert.doesNotMatch(diff.stdout, /LOG_LEVEL/);
  });

  it('apply --server-side: a changed field another manager owns conflicts until forced; dropped fields and items are removed', async () => {
    const base = readFileSync(fixture('server-side-apply/nginx-deployment.yaml'), 'utf8');
    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=platform', '-f', file('image.yaml', base.replace(/  replicas: 3\n/, '').replace('nginx:1.14.2', 'nginx:1.16.1'))]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.template\.spec\.containers\[name="nginx"\]\.image/);
    await ok(['apply', '--server-side', '--field-manager=platform', '--force-conflicts', '-f', join(dir, 'image.yaml')]);
    let deploy = await getJson('deployment/nginx-deployment');
    assert.equal(deploy.spec.template.spec.containers[0].image, 'nginx:1.16.1');
    // platform no longer applies its sidecar, and nobody else owns it: the item goes.
    assert.deepEqual(deploy.spec.template.spec.containers.map((c: any) => c.name), ['nginx']);
    assert.deepEqual(deploy.spec.template.spec.containers[0].env, [{ name: 'LOG_LEVEL', value: 'debug' }], "tuning's env var stays");
    // kubectl re-applying the old image now conflicts with platform.
    const back = await kubectl.run(['apply', '--server-side', '-f', fixture('server-side-apply/nginx-deployment-no-replicas.yaml')]);
    assert.match(back.stderr, /conflict with "platform": \.spec\.template\.spec\.containers\[name="nginx"\]\.image/);
    // kubectl stops applying replicas (and agrees on the image): nobody else owns replicas, so it is removed.
    const agreed = readFileSync(fixture('server-side-apply/nginx-deployment-no-replicas.yaml'), 'utf8').replace('nginx:1.14.2', 'nginx:1.16.1');
    await ok(['apply', '--server-side', '-f', file('agreed.yaml', agreed)]);
    deploy = await getJson('deployment/nginx-deployment');
    assert.equal(deploy.spec.replicas, undefined);
    const owners = deploy.metadata.managedFields.filter((m: any) => m.fieldsV1['f:spec']?.['f:template']?.['f:spec']?.['f:containers']?.['k:{"name":"nginx"}']?.['f:image']).map((m: any) => m.manager).sort();
    assert.deepEqual(owners, ['kubectl', 'platform'], 'both appliers of the same value share the field');
  });

});
