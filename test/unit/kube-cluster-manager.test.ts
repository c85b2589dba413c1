import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterManager } from '../../src/core/kube/clusterManager.js';

function kubeconfig(contexts: string[], current: string, server = 'https://127.0.0.1:6443'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [${contexts.map((c) => `{name: ${c}, cluster: {server: '${server}'}}`).join(', ')}]`,
    `users: [${contexts.map((c) => `{name: ${c}, user: {token: t-${c}}}`).join(', ')}]`,
    `contexts: [${contexts.map((c) => `{name: ${c}, context: {cluster: ${c}, user: ${c}, namespace: ns-${c}}}`).join(', ')}]`,
    `current-context: ${current}`,
    '',
  ].join('\n');
}

test('every context of every KUBECONFIG file, kubectl merge order, the first file current-context wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-kcm-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(a, kubeconfig(['lab', 'prod'], 'prod'));
  writeFileSync(b, kubeconfig(['lab', 'edge'], 'edge'));
  const manager = new ClusterManager({ env: { KUBECONFIG: `${a}:${join(dir, 'missing.yaml')}:${b}` }, home: dir, watchFiles: false });
  try {
    assert.deepEqual(manager.kubeconfig.contexts.map((c) => `${c.name}@${c.file.endsWith('a.yaml') ? 'a' : 'b'}`).sort(), ['edge@b', 'lab@a', 'prod@a']);
    assert.equal(manager.currentContext, 'prod');
    assert.deepEqual(manager.kubeconfig.errors, []);
  } finally {
    manager.dispose();
  }
});

test('switch context writes current-context into the file kubectl would (the first one), and reload sees edits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-kcm-'));
  const a = join(dir, 'a.yaml');
  writeFileSync(a, kubeconfig(['lab', 'prod'], 'prod'));
  const manager = new ClusterManager({ kubeconfig: a, home: dir, watchFiles: false });
  try {
    let changes = 0;
    manager.onDidChangeConfig(() => changes++);
    manager.switchContext('lab');
    assert.equal(manager.currentContext, 'lab');
    assert.match(readFileSync(a, 'utf8'), /current-context: lab/);
    writeFileSync(a, kubeconfig(['lab', 'prod', 'staging'], 'staging'));
    manager.reload();
    assert.equal(manager.currentContext, 'staging');
    assert.ok(manager.kubeconfig.contexts.some((c) => c.name === 'staging'));
    assert.ok(changes >= 1);
  } finally {
    manager.dispose();
  }
});

test('a broken kubeconfig file is reported, not thrown, and the others still load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-kcm-'));
  const good = join(dir, 'good.yaml');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(good, kubeconfig(['lab'], 'lab'));
  writeFileSync(bad, 'clusters: [unclosed\n');
  const manager = new ClusterManager({ env: { KUBECONFIG: `${bad}:${good}` }, home: dir, watchFiles: false });
  try {
    assert.deepEqual(manager.kubeconfig.contexts.map((c) => c.name), ['lab']);
    assert.equal(manager.kubeconfig.errors.length, 1);
    assert.equal(manager.kubeconfig.errors[0].file, bad);
  } finally {
    manager.dispose();
  }
});
