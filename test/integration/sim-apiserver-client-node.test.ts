// @kubernetes/client-node 1.4 against the simulated API server: list, watch with bookmarks, 410 → relist,
// server-side apply via setHeaderOptions, and port-forward over the v4.channel.k8s.io WebSocket protocol.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, PortForward, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { portResolver, startPodServer } from './sim-apiserver-harness.js';
import { seedCluster } from './sim-apiserver-fixtures.js';

describe('client-node 1.4 against the simulated API server', () => {
  let sim: Simulator;
  let kc: KubeConfig;
  let podName: string;
  let podServer: Awaited<ReturnType<typeof startPodServer>>;
  const forwardable = new Set<string>();

  before(async () => {
    podServer = await startPodServer();
    sim = await startSimulator({
      kubeconfigPath: join(mkdtempSync(join(tmpdir(), 'ies-sim-cn-')), 'kubeconfig'),
      bookmarkIntervalMs: 100,
      historyLimit: 50,
      ports: portResolver(forwardable, () => podServer.port),
    });
    podName = seedCluster(sim.store).pod.metadata.name;
    forwardable.add(`default/${podName}`);
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
  });

  after(async () => {
    await sim?.stop();
    await podServer?.close();
  });

  it('lists nodes and pods', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    assert.deepEqual(nodes.items.map((n) => n.metadata?.name), ['gpu-node-1']);
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=llm' });
    assert.deepEqual(pods.items.map((p) => p.metadata?.name), [podName]);
    assert.match(pods.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  it('watches from a resourceVersion with bookmarks', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const seen: Array<{ type: string; name?: string; rv?: string }> = [];
    let abort: AbortController | undefined;
    const done = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          '/api/v1/namespaces/default/configmaps',
          { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
          (type, object) => {
            seen.push({ type, name: object?.metadata?.name, rv: object?.metadata?.resourceVersion });
            if (seen.some((e) => e.type === 'BOOKMARK') && seen.some((e) => e.type === 'MODIFIED')) resolve();
          },
          () => resolve(),
        )
        .then((controller) => (abort = controller));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' }, data: { a: '1' } } });
    await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'watched', body: { metadata: { name: 'watched' }, data: { a: '2' } } });
    await done;
    abort?.abort();
    const changes = seen.filter((e) => e.type !== 'BOOKMARK');
    assert.deepEqual(changes.map((e) => `${e.type} ${e.name}`), ['ADDED watched', 'MODIFIED watched']);
    const bookmark = seen.find((e) => e.type === 'BOOKMARK')!;
    assert.match(bookmark.rv ?? '', /^\d+$/);
  });

  it('answers a too-old resourceVersion with 410 and lets the client relist', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const old = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata!.resourceVersion!;
    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const error = await new Promise<{ type: string; code?: number; reason?: string; message?: string }>((resolve) => {
      void new Watch(kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: old }, (type, object) => resolve({ type, ...object }), () => undefined);
    });
    assert.equal(error.type, 'ERROR');
    assert.equal(error.code, 410);
    assert.equal(error.reason, 'Expired');
    assert.match(error.message ?? '', new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`));
    const relisted = await core.listNamespacedConfigMap({ namespace: 'default' });
    assert.equal(relisted.items.filter((c) => c.metadata?.name?.startsWith('churn-')).length, 60);
    const fresh = await new Promise<string>((resolve) => {
      let controller: AbortController | undefined;
      void new Watch(kc)
        .watch('/api/v1/namespaces/default/configmaps', { resourceVersion: relisted.metadata!.resourceVersion }, (type, object) => {
          controller?.abort();
          resolve(`${type} ${object.metadata.name}`);
        }, () => undefined)
        .then((c) => (controller = c));
      setTimeout(() => void core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after-relist' } } }), 50);
    });
    assert.equal(fresh, 'ADDED after-relist');
  });

  it('server-side applies a NIMService with setHeaderOptions, dry-run and conflicts', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const ssa = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);
    const body = { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name: 'cn', namespace: 'default' }, spec: { image: { repository: 'nvcr.io/nim/x', tag: '1' }, authSecret: 'ngc-api', replicas: 1 } };
    const base = { group: 'apps.nvidia.com', version: 'v1alpha1', namespace: 'default', plural: 'nimservices', name: 'cn' };
    const dry = (await custom.patchNamespacedCustomObject({ ...base, body, fieldManager: 'ies', force: true, dryRun: 'All' }, ssa)) as { metadata: { uid: string } };
    assert.ok(dry.metadata.uid);
    assert.equal(sim.store.get('nimservices.apps.nvidia.com', 'default', 'cn'), undefined);
    await custom.patchNamespacedCustomObject({ ...base, body, fieldManager: 'ies', force: true }, ssa);
    assert.equal((sim.store.get('nimservices.apps.nvidia.com', 'default', 'cn') as any).spec.replicas, 1);
    await assert.rejects(
      custom.patchNamespacedCustomObject({ ...base, body: { ...body, spec: { ...body.spec, replicas: 3 } }, fieldManager: 'someone-else' }, ssa),
      (error: unknown) => {
        assert.ok(error instanceof ApiException);
        assert.equal(error.code, 409);
        const status = JSON.parse(error.body as string);
        assert.equal(status.reason, 'Conflict');
        assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "ies": .spec.replicas');
        assert.deepEqual(status.details.causes, [{ type: 'FieldManagerConflict', message: 'conflict with "ies"', field: '.spec.replicas' }]);
        return true;
      },
    );
    // Default client-node PATCH is a JSON patch.
    await custom.patchNamespacedCustomObject({ ...base, body: [{ op: 'replace', path: '/spec/replicas', value: 4 }] });
    assert.equal((sim.store.get('nimservices.apps.nvidia.com', 'default', 'cn') as any).spec.replicas, 4);
  });

  it('port-forwards over the v4.channel.k8s.io WebSocket protocol', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let received = '';
    output.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const ws = (await new PortForward(kc).portForward('default', podName, [8000], output, null, input)) as import('ws').WebSocket;
    input.write('GET /v1/models HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n');
    const deadline = Date.now() + 5000;
    while (!received.includes('nvidia/test-model') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    ws.close();
    assert.match(received, /^HTTP\/1\.1 200 OK/);
    assert.match(received, /"id":"nvidia\/test-model"/);
  });
});
