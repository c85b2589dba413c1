// The extension's one registry of port-forwards: health checks and the playground share an endpoint's forward,
// a stopped forward is gone for them (the next need reopens it), a remembered port is used, a taken one waits for the user.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ForwardEvent, ForwardStatus, PodForwarder } from '../../src/core/portforward/podForwarder.js';
import { PortInUseError } from '../../src/core/portforward/portInUse.js';
import { PortForwardRegistry, type ClusterEndpoint } from '../../src/extension/portForwards/forwardRegistry.js';

const endpoint = (name: string): ClusterEndpoint => ({
  key: `cluster:lab/ns/${name}`, name: `ns/${name}`, source: 'cluster', kind: 'openai', baseUrl: `http://${name}.ns.svc.cluster.local:8000/v1`,
  headers: {}, insecureTls: false, cluster: { context: 'lab', namespace: 'ns', name, resource: 'NIMService', port: 8000 },
});

function fakeForwarder(port: number): PodForwarder & { closed: boolean } {
  const f = {
    closed: false,
    localUrl: `http://127.0.0.1:${port}` as string | undefined,
    localPort: port as number | undefined,
    status: (): ForwardStatus => ({ state: f.closed ? 'stopped' : 'forwarding', pod: 'p-1', localUrl: f.localUrl, localPort: f.localPort, bytesIn: 0, bytesOut: 0, connections: 0 }),
    close: async () => { f.closed = true; f.localUrl = undefined; f.localPort = undefined; },
  };
  return f as unknown as PodForwarder & { closed: boolean };
}

function registry(options: { remembered?: Record<string, number>; taken?: number[] } = {}) {
  const opened: Array<{ key: string; port: number | undefined }> = [];
  const portInUse: string[] = [];
  let next = 41000;
  const r = new PortForwardRegistry({
    open: async (e, port, _onEvent: (ev: ForwardEvent) => void) => {
      opened.push({ key: e.key, port });
      if (port && options.taken?.includes(port)) throw new PortInUseError(port);
      return fakeForwarder(port || next++);
    },
    rememberedPort: (key) => options.remembered?.[key],
    log: () => undefined,
    onPortInUse: (entry) => portInUse.push(entry.key),
  });
  return { r, opened, portInUse };
}

test('health and the playground share one forward per endpoint; Stop removes it and the next need reopens it', async () => {
  const { r, opened } = registry();
  const e = endpoint('caption');
  const [a, b] = await Promise.all([r.ensure(e), r.ensure(e)]);
  assert.equal(a, 'http://127.0.0.1:41000');
  assert.equal(b, a);
  assert.equal(opened.length, 1);
  assert.deepEqual(r.list().map((x) => [x.key, x.status().state, x.status().localPort]), [[e.key, 'forwarding', 41000]]);
  let changes = 0;
  r.onDidChange(() => changes++);
  await r.stop(e.key);
  assert.equal(r.list().length, 0);
  assert.equal(r.localUrlOf(e.key), undefined);
  assert.ok(changes > 0);
  assert.equal(await r.ensure(e), 'http://127.0.0.1:41001');
  assert.equal(opened.length, 2);
});

test('a remembered port is used; open() moves a forward to a chosen port; restart keeps the port', async () => {
  const e = endpoint('edit');
  const { r, opened } = registry({ remembered: { [e.key]: 9000 } });
  assert.equal(await r.ensure(e), 'http://127.0.0.1:9000');
  assert.equal(await r.open(e, 9100), 'http://127.0.0.1:9100');
  assert.equal(await r.restart(e.key), 'http://127.0.0.1:9100');
  assert.deepEqual(opened.map((o) => o.port), [9000, 9100, 9100]);
  assert.equal(r.list().length, 1);
});

test('a taken remembered port fails the entry with the reason, tells the user once, and is not retried until they act', async () => {
  const e = endpoint('busy');
  const { r, opened, portInUse } = registry({ remembered: { [e.key]: 8000 }, taken: [8000] });
  assert.equal(await r.ensure(e), undefined);
  assert.equal(await r.ensure(e), undefined);
  assert.equal(opened.length, 1);
  assert.deepEqual(portInUse, [e.key]);
  const status = r.get(e.key)!.status();
  assert.equal(status.state, 'failed');
  assert.match(status.reason ?? '', /local port 8000 is already in use/);
  await assert.rejects(r.open(e, 8000), PortInUseError);
  assert.equal(portInUse.length, 1, 'a user-asked open reports to the caller, not through onPortInUse');
  assert.equal(await r.open(e, undefined), 'http://127.0.0.1:41000');
  assert.equal(r.get(e.key)!.status().state, 'forwarding');
});
