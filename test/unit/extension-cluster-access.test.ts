// Every extension feature reaches a context through the explorer's ClusterManager (its merged kubeconfig files and
// one shared connection per context): a context defined only in
// the second KUBECONFIG file, or in the simulated cluster's file added by the welcome view, is reachable by health,
// logs, launch and the doctor as it is by the tree.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { kubeAccessFor, useClusterManager } from '../../src/extension/clusterAccess.js';
import { ClusterManager } from '../../src/core/kube/clusterManager.js';

const dir = mkdtempSync(join(tmpdir(), 'ies-cluster-access-'));
const file = (name: string, context: string, server: string, current?: string) => {
  const path = join(dir, name);
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: ${context}
  cluster: { server: ${server} }
users:
- name: ${context}-user
  user: { token: t-${context} }
contexts:
- name: ${context}
  context: { cluster: ${context}, user: ${context}-user, namespace: ns-${context} }
${current ? `current-context: ${current}\n` : ''}`);
  return path;
};

const managers: ClusterManager[] = [];
function explorer(files: string[], extra: string[] = []): ClusterManager {
  const manager = new ClusterManager({ kubeconfig: files, extraKubeconfigs: extra, watchFiles: false });
  manager.setActive(false);
  managers.push(manager);
  useClusterManager(manager);
  return manager;
}
after(() => managers.forEach((m) => m.dispose()));

test('a context from the second file is reached with its own cluster, user and namespace; the current one is the first file\'s', () => {
  const other = file('other.yaml', 'other', 'https://127.0.0.1:1', 'other');
  const lab = file('lab.yaml', 'gpu-lab', 'http://127.0.0.1:2', 'gpu-lab');
  explorer([other, lab]);
  const access = kubeAccessFor('gpu-lab');
  const kc = access.kubeConfig;
  assert.equal(access.context, 'gpu-lab');
  assert.equal(kc.getCurrentCluster()?.server, 'http://127.0.0.1:2');
  assert.equal(kc.getCurrentUser()?.token, 't-gpu-lab');
  assert.equal(access.defaultNamespace, 'ns-gpu-lab');
  assert.equal(access.transport.server, 'http://127.0.0.1:2');
  assert.equal(kubeAccessFor().context, 'other', 'no context named: the merged current-context');
  assert.throws(() => kubeAccessFor('nope'), /no context "nope" in .*other\.yaml, .*lab\.yaml; contexts: other, gpu-lab/);
});

test('one connection per context, shared by every feature and by the explorer\'s cache; closing it from a feature is a no-op', () => {
  const lab = file('lab-shared.yaml', 'gpu-lab', 'http://127.0.0.1:2', 'gpu-lab');
  const manager = explorer([lab]);
  const access = kubeAccessFor('gpu-lab');
  assert.equal(kubeAccessFor('gpu-lab'), access);
  assert.equal(kubeAccessFor(), access, 'the current context by name or by default is one connection');
  assert.equal(manager.cache('gpu-lab').transport, access.transport);
  access.close();
  assert.equal(kubeAccessFor('gpu-lab'), access);
});

test('a cluster added later (the welcome view\'s simulated one) is reachable at once; a context that moves gets a new connection', () => {
  const other = file('other2.yaml', 'other', 'https://127.0.0.1:1', 'other');
  const manager = explorer([other]);
  assert.throws(() => kubeAccessFor('sim'), /no context "sim"/);
  const sim = file('sim.yaml', 'sim', 'http://127.0.0.1:3');
  manager.reconfigure({ extraKubeconfigs: [sim] });
  const before = kubeAccessFor('sim');
  assert.equal(before.transport.server, 'http://127.0.0.1:3');
  file('sim.yaml', 'sim', 'http://127.0.0.1:4');
  manager.reload();
  const after = kubeAccessFor('sim');
  assert.notEqual(after, before);
  assert.equal(after.transport.server, 'http://127.0.0.1:4');
});

test('no context named and no current-context in any file: the one message, naming the contexts there are', () => {
  const plain = file('plain.yaml', 'plain', 'https://127.0.0.1:4');
  explorer([plain]);
  assert.throws(() => kubeAccessFor(), /no current context in .*plain\.yaml; pass --context \(contexts: plain\)/);
  assert.equal(kubeAccessFor('plain').context, 'plain');
});
