// Port-forwards that outlive their pod, against the simulated GPU lab through its fault proxy: tunnels cut by the
// network and the pod deleted (its Deployment makes a new one) — the same local port answers /v1/models again.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubeConfigFor, loadKubeconfigs } from '../../src/core/kube/kubeconfigFiles.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import { httpRequest } from '../../src/core/http/request.js';
import { createDispatcher } from '../../src/core/http/dispatcher.js';
import { endpointForwarder } from '../../src/core/portforward/endpointForwarder.js';
import type { ForwardEvent, PodForwarder } from '../../src/core/portforward/podForwarder.js';
import { startFaultProxy, type FaultProxy } from '../../src/sim/faults/faultProxy.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { readyPodOf, waitFor } from './portforward-harness.js';

const NS = 'osmo-nims';
const NAME = 'nemotron-nano-vl-caption';

describe('a port-forward to an endpoint survives cut tunnels and a replaced pod, on the same local port', () => {
  let sim: Simulator;
  let proxy: FaultProxy;
  let kube: KubeAccess;
  before(async () => {
    sim = await startGpuLab({ fixture: 'demo', speed: 600 });
    proxy = await startFaultProxy(sim.url, { error500: 0, slow: 0, gone410: 0, dropWatch: 0 });
    // The same kubeconfig, its server moved behind the proxy (the simulator's token stays in the path).
    const kc = kubeConfigFor(loadKubeconfigs([sim.kubeconfigPath]), sim.context);
    const cluster = kc.getCurrentCluster()!;
    const path = new URL(cluster.server).pathname;
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: proxy.url + path } : c));
    const file = join(sim.kubeconfigPath, '..', 'through-proxy.yaml');
    writeFileSync(file, kc.exportConfig());
    kube = openKube({ kubeconfig: file });
    await waitFor(() => readyPodOf(sim, NS, NAME), 30_000, `${NAME} has no ready pod`);
  });
  after(async () => {
    kube?.close();
    await proxy?.close();
    await sim?.stop();
  });

  test('cut by the network, then the pod deleted: /v1/models answers on the same port, from the new pod', async () => {
    const events: ForwardEvent[] = [];
    const forwarder: PodForwarder = endpointForwarder(kube, { namespace: NS, name: NAME, remotePort: 8000, onEvent: (e) => events.push(e) });
    const dispatcher = createDispatcher({ timeoutMs: 5000 });
    const models = async () => {
      const response = await httpRequest(`${forwarder.localUrl}/v1/models`, { dispatcher });
      return { status: response.status, body: response.body.toString("utf8") };
    };
    try {
      const url = await forwarder.start();
      const port = forwarder.localPort;
      const first = await models();
      assert.equal(first.status, 200, first.body);
      assert.match(first.body, /nemotron/i);
      const firstPod = forwarder.currentPod!;
      assert.equal(firstPod, readyPodOf(sim, NS, NAME));
      assert.equal(forwarder.status().state, 'forwarding');
      assert.ok(forwarder.status().bytesIn > 0, 'bytes from the pod are counted');

      // The network cuts the tunnel: the forward notices, finds the pod again and keeps the port.
      assert.ok(proxy.cutTunnels() >= 1, 'a tunnel went through the proxy');
      await waitFor(() => events.some((e) => e.type === 'dropped'), 10_000, 'the cut was noticed');
      await waitFor(() => forwarder.status().state === 'forwarding', 10_000, 'forwarding again after the cut');
      assert.equal((await models()).status, 200);
      assert.equal(forwarder.localUrl, url);

      // The pod is deleted; its ReplicaSet brings up another with a new name.
      sim.store.delete('pods', NS, firstPod);
      const replacement = await waitFor(() => {
        const pod = readyPodOf(sim, NS, NAME);
        return pod && pod !== firstPod ? pod : undefined;
      }, 30_000, 'a replacement pod became ready');
      const again = await waitFor(async () => {
        const answer = await models().catch(() => undefined);
        return answer?.status === 200 ? answer : undefined;
      }, 15_000, '/v1/models through the replacement pod');
      assert.match(again.body, /nemotron/i);
      assert.equal(forwarder.currentPod, replacement);
      assert.equal(forwarder.localPort, port);
      assert.equal(forwarder.localUrl, url);
      assert.ok(events.some((e) => e.type === 'reconnected' && e.pod === replacement), JSON.stringify(events));
    } finally {
      await dispatcher.close();
      await forwarder.close();
    }
    assert.equal(forwarder.status().state, 'stopped');
  });

  test('a local port chosen by the user is kept by a new forward once the old one stops; a taken one says so', async () => {
    const one = endpointForwarder(kube, { namespace: NS, name: NAME, remotePort: 8000 });
    await one.start();
    const port = one.localPort!;
    const two = endpointForwarder(kube, { namespace: NS, name: NAME, remotePort: 8000, localPort: port });
    await assert.rejects(two.start(), (e: Error) => e.name === 'PortInUseError' && e.message.includes(`local port ${port} is already in use`));
    assert.equal(two.status().state, 'failed');
    await one.close();
    const three = endpointForwarder(kube, { namespace: NS, name: NAME, remotePort: 8000, localPort: port });
    try {
      assert.equal(await three.start(), `http://127.0.0.1:${port}`);
    } finally {
      await three.close();
    }
  });
});
