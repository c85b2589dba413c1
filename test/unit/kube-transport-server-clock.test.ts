// Ages in the explorer are the API server's now minus its timestamps: the transport reads the server's clock from the
// Date header of each answer (a laptop whose clock is off, or the simulator running ahead at speed).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeTransport } from '../../src/core/kube/kubeTransport.js';
import { startSimulator } from '../../src/sim/index.js';

async function serverWithDate(date: () => string | undefined): Promise<{ server: Server; transport: KubeTransport }> {
  const server = createServer((req, res) => {
    const value = date();
    res.sendDate = false;
    if (value !== undefined) res.setHeader('Date', value);
    res.setHeader('Content-Type', 'application/json');
    res.end('{"kind":"NodeList","items":[]}');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return { server, transport: new KubeTransport(kc) };
}

test("the server's clock from Date: an hour ahead is an hour ahead; a second apart (Date's resolution) is the same clock; no or a bad Date keeps what was known", async () => {
  let date: string | undefined = new Date(Date.now() + 3_600_000).toUTCString();
  const { server, transport } = await serverWithDate(() => date);
  try {
    assert.ok(Math.abs(transport.serverNow() - Date.now()) < 50, 'before any answer: our clock');
    await transport.getJson('/api/v1/nodes');
    assert.ok(Math.abs(transport.serverNow() - Date.now() - 3_600_000) < 1500, String(transport.serverNow() - Date.now()));
    date = undefined;
    await transport.getJson('/api/v1/nodes');
    date = 'not a date';
    await transport.getJson('/api/v1/nodes');
    assert.ok(transport.serverNow() - Date.now() > 3_500_000, 'kept');
    date = new Date(Date.now() - 900).toUTCString();
    await transport.getJson('/api/v1/nodes');
    assert.ok(Math.abs(transport.serverNow() - Date.now()) < 50, 'within Date resolution: no offset');
    date = new Date(Date.now() - 120_000).toUTCString();
    await transport.getJson('/api/v1/nodes');
    assert.ok(Math.abs(transport.serverNow() - Date.now() + 120_000) < 1500, 'two minutes behind');
  } finally {
    transport.close();
    server.close();
  }
});

test('the simulated API server sends its own clock, which runs ahead at speed: an object just created is 0 s old on it', async () => {
  const sim = await startSimulator({ fixture: 'demo', speed: 600 });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    const transport = new KubeTransport(kc);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ns = await transport.send<{ metadata: { creationTimestamp: string } }>('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'clock-check' } } });
    const serverAhead = transport.serverNow() - Date.now();
    assert.ok(serverAhead > 500_000, `600× for 1.5 s puts the server ≥ 500 s ahead, got ${serverAhead} ms`);
    const ageOnServer = transport.serverNow() - Date.parse(ns.metadata.creationTimestamp);
    // Date has whole seconds, and at 600× each real millisecond between the header and the write is 0.6 s.
    assert.ok(Math.abs(ageOnServer) < 10_000, `age ${ageOnServer} ms`);
    assert.ok(Date.now() - Date.parse(ns.metadata.creationTimestamp) < -400_000, 'against our clock it would be in the future');
    transport.close();
  } finally {
    await sim.stop();
  }
});
