// Every extension feature reaches a context through the explorer's merged kubeconfig files: a context defined only in
// the second KUBECONFIG file, or in the simulated cluster's file added by the welcome view, is reachable by health,
// logs, launch and the doctor as it is by the tree.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kubeConfigFor, useExplorerKubeconfig } from '../../src/extension/clusterAccess.js';
import { loadKubeconfigs } from '../../src/core/kube/kubeconfigFiles.js';

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

test('a context from the second file is reached with its own cluster, user and namespace; the current one is the first file\'s', () => {
  const other = file('other.yaml', 'other', 'https://127.0.0.1:1', 'other');
  const lab = file('lab.yaml', 'gpu-lab', 'http://127.0.0.1:2', 'gpu-lab');
  useExplorerKubeconfig(() => loadKubeconfigs([other, lab]));
  const kc = kubeConfigFor('gpu-lab');
  assert.equal(kc.getCurrentContext(), 'gpu-lab');
  assert.equal(kc.getCurrentCluster()?.server, 'http://127.0.0.1:2');
  assert.equal(kc.getCurrentUser()?.token, 't-gpu-lab');
  assert.equal(kc.getContextObject('gpu-lab')?.namespace, 'ns-gpu-lab');
  assert.equal(kubeConfigFor().getCurrentContext(), 'other', 'no context named: the merged current-context');
  assert.throws(() => kubeConfigFor('nope'), /no context "nope" in .*other\.yaml, .*lab\.yaml; contexts: other, gpu-lab/);
});

test('the explorer\'s files are read each time: a cluster added later (the welcome view\'s simulated one) is reachable at once', () => {
  const other = file('other2.yaml', 'other', 'https://127.0.0.1:1', 'other');
  let files = [other];
  useExplorerKubeconfig(() => loadKubeconfigs(files));
  assert.throws(() => kubeConfigFor('sim'), /no context "sim"/);
  files = [other, file('sim.yaml', 'sim', 'http://127.0.0.1:3')];
  assert.equal(kubeConfigFor('sim').getCurrentCluster()?.server, 'http://127.0.0.1:3');
});

test('no context named and no current-context in any file: the one message, naming the contexts there are', () => {
  const plain = file('plain.yaml', 'plain', 'https://127.0.0.1:4');
  useExplorerKubeconfig(() => loadKubeconfigs([plain]));
  assert.throws(() => kubeConfigFor(), /no current context in .*plain\.yaml; pass --context \(contexts: plain\)/);
  assert.equal(kubeConfigFor('plain').getCurrentContext(), 'plain');
});
