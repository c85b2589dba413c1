import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinTypes } from '../../src/sim/apiserver/builtinTypes.js';
import { MemoryStore } from '../../src/sim/store/memoryStore.js';
import { StoreError, type KubeObject, type StoreEvent } from '../../src/sim/store/types.js';

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('MemoryStore', () => {
  it('assigns increasing resourceVersions, uid and creationTimestamp', () => {
    const store = new MemoryStore(builtinTypes, { now: () => new Date('2025-01-02T03:04:05.678Z') });
    const a = store.create('configmaps', cm('a'));
    const b = store.create('configmaps', cm('b'));
    assert.ok(Number(b.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    assert.equal(a.metadata.creationTimestamp, '2025-01-02T03:04:05Z');
    assert.match(a.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.throws(() => store.create('configmaps', cm('a')), (e: unknown) => e instanceof StoreError && e.reason === 'AlreadyExists' && e.message === 'configmaps "a" already exists');
  });

  it('bumps generation only on spec changes and skips no-op writes', () => {
    const store = new MemoryStore(builtinTypes);
    const d = store.create('deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: { replicas: 1 } });
    const statusOnly = store.update('deployments.apps', { ...d, status: { replicas: 1 } });
    assert.equal(statusOnly.metadata.generation, 1);
    const spec = store.update('deployments.apps', { ...statusOnly, spec: { replicas: 2 } });
    assert.equal(spec.metadata.generation, 2);
    const same = store.update('deployments.apps', { ...spec });
    assert.equal(same.metadata.resourceVersion, spec.metadata.resourceVersion);
  });

  it('refuses stale resourceVersions', () => {
    const store = new MemoryStore(builtinTypes);
    const a = store.create('configmaps', cm('a'));
    store.update('configmaps', { ...a, data: { x: '1' } });
    assert.throws(() => store.update('configmaps', { ...a, data: { x: '2' } }), (e: unknown) => e instanceof StoreError && e.reason === 'Conflict');
  });

  it('cascades deletes through ownerReferences and namespaces', () => {
    const store = new MemoryStore(builtinTypes);
    const owner = store.create('deployments.apps', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' }, spec: {} });
    const rs = store.create('replicasets.apps', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: owner.metadata.uid! }] } });
    store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: rs.metadata.uid! }] } });
    store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'keep', namespace: 'default' } });
    store.delete('deployments.apps', 'default', 'd');
    assert.deepEqual(store.list('pods').map((p) => p.metadata.name), ['keep']);
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    store.create('configmaps', { ...cm('in-team'), metadata: { name: 'in-team', namespace: 'team' } });
    store.delete('namespaces', undefined, 'team');
    assert.equal(store.list('configmaps', 'team').length, 0);
  });

  it('holds objects with finalizers until the last finalizer goes', () => {
    const store = new MemoryStore(builtinTypes);
    store.create('configmaps', { ...cm('f'), metadata: { name: 'f', namespace: 'default', finalizers: ['x/y'] } });
    const marked = store.delete('configmaps', 'default', 'f')!;
    assert.ok(marked.metadata.deletionTimestamp);
    assert.ok(store.get('configmaps', 'default', 'f'));
    store.update('configmaps', { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    assert.equal(store.get('configmaps', 'default', 'f'), undefined);
  });

  it('replays events since a resourceVersion and reports compacted history as gone', () => {
    const store = new MemoryStore(builtinTypes, { historyLimit: 3 });
    const start = store.resourceVersion();
    const seen: StoreEvent[] = [];
    store.subscribe((e) => seen.push(e));
    for (let i = 0; i < 5; i++) store.create('configmaps', cm(`c${i}`));
    assert.equal(seen.length, 5);
    assert.equal(store.eventsSince(start), 'gone');
    const recent = store.eventsSince(store.resourceVersion() - 2);
    assert.ok(recent !== 'gone');
    assert.deepEqual(recent.map((e) => e.object.metadata.name), ['c3', 'c4']);
  });

  it('gives MODIFIED events the previous object', () => {
    const store = new MemoryStore(builtinTypes);
    const a = store.create('configmaps', cm('a', { v: '1' }));
    let previous: KubeObject | undefined;
    store.subscribe((e) => (previous = e.previous));
    store.update('configmaps', { ...a, data: { v: '2' } });
    assert.deepEqual(previous?.data, { v: '1' });
  });
});
