import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkClusterTarget } from '../../src/core/health/checkClusterTarget.js';
import { loadKubeConfig } from '../../src/core/kube/kubeAccess.js';
import { PodForwarder, type ForwardEvent } from '../../src/core/portforward/podForwarder.js';
import { httpRequest } from '../../src/core/http/request.js';
import { createDispatcher } from '../../src/core/http/dispatcher.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';

const NS = 'osmo-nims';
const NAME = 'qwen-image-edit-nvpcb-ovsl2sl';
const PIN = 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL';

function nimService(ready: boolean) {
  return {
    apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService',
    metadata: { name: NAME, namespace: NS },
    spec: { image: { repository: 'vllm/vllm-omni', tag: 'v0.20.0' }, command: ['vllm', 'serve'], args: [PIN, '--omni', '--port', '8000'], expose: { service: { port: 8000 } } },
    status: {
      state: ready ? 'Ready' : 'NotReady',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'Ready' : 'NotReady', message: ready ? 'deployment successfully rolled out' : 'Waiting for deployment rollout', lastTransitionTime: '2025-01-01T00:00:00Z' }],
    },
  };
}

function pod(name: string, options: { restarts?: number; finishedAt?: string; crashLoop?: boolean } = {}) {
  const ready = !options.crashLoop;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/name': NAME }, creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: { containers: [{ name: NAME, image: 'vllm/vllm-omni:v0.20.0' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{
        name: NAME, ready, restartCount: options.restarts ?? 0,
        state: options.crashLoop ? { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } } : { running: { startedAt: '2025-01-01T00:00:00Z' } },
        ...(options.finishedAt ? { lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: options.finishedAt } } } : {}),
      }],
    },
  };
}

describe('ies health TARGET against the cluster simulator (port-forward over v4.channel.k8s.io)', () => {
  let sim: Simulator;
  let server: RunningInferenceServer;
  before(async () => {
    server = await startInferenceServer('vllm-omni', { modelId: PIN });
    sim = await startSimulator({
      seed: (ctx) => {
        ctx.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS }, status: { phase: 'Active' } });
        ctx.store.create('nimservices.apps.nvidia.com', nimService(true));
        ctx.store.create('pods', pod(`${NAME}-0`));
      },
      ports: { resolve: (ns, _pod, port) => (ns === NS && port === 8000 ? { host: '127.0.0.1', port: server.port } : undefined) },
    });
  });
  after(async () => { await sim.stop(); await server.close(); });

  test('healthy through an automatic port-forward: Ready, pods, no restarts, the pinned model', async () => {
    const report = await checkClusterTarget({ target: `${NS}/${NAME}`, kubeconfig: sim.kubeconfigPath, timeoutMs: 3000 });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    assert.equal(report.healthy, true, JSON.stringify(report.checks, null, 1));
    assert.match(report.via ?? '', /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(report.baseUrl, `http://${NAME}.${NS}.svc.cluster.local:8000/v1`);
    assert.equal(byName['nimservice-ready'].detail, 'Ready since 2025-01-01T00:00:00Z');
    assert.equal(byName['pods-ready'].detail, '1/1 pod(s) ready');
    assert.equal(byName.restarts.detail, 'no restarts in the last 15 min');
    assert.equal(byName['model-served'].detail, `serves ${PIN}`);
  });

  test('NotReady, CrashLoopBackOff and a missing NIMService fail with the reason', async () => {
    sim.store.update('nimservices.apps.nvidia.com', { ...sim.store.get('nimservices.apps.nvidia.com', NS, NAME)!, status: nimService(false).status } as never);
    sim.store.create('pods', pod(`${NAME}-1`, { restarts: 4, finishedAt: new Date(Date.now() - 60_000).toISOString(), crashLoop: true }));
    try {
      const report = await checkClusterTarget({ target: `nimservice/${NAME}`, namespace: NS, kubeconfig: sim.kubeconfigPath, timeoutMs: 3000 });
      const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
      assert.equal(report.healthy, false);
      assert.equal(byName['nimservice-ready'].detail, 'not Ready: Waiting for deployment rollout');
      assert.equal(byName['pods-ready'].status, 'warn');
      assert.match(byName.restarts.detail, /^qwen-image-edit-nvpcb-ovsl2sl-1\/qwen-image-edit-nvpcb-ovsl2sl: CrashLoopBackOff after 4 restart\(s\)/);
      const missing = await checkClusterTarget({ target: `${NS}/nope`, kubeconfig: sim.kubeconfigPath, timeoutMs: 1000 });
      assert.equal(missing.checks.find((c) => c.name === 'nimservice-ready')?.detail, `nimservice/nope -n ${NS} not found`);
    } finally {
      sim.store.delete('pods', NS, `${NAME}-1`);
      sim.store.update('nimservices.apps.nvidia.com', { ...sim.store.get('nimservices.apps.nvidia.com', NS, NAME)!, status: nimService(true).status } as never);
    }
  });

  test('a port-forward dropped mid-check fails that request, then reconnects on the same local URL', async () => {
    const events: ForwardEvent[] = [];
    const kc = loadKubeConfig(sim.kubeconfigPath);
    const forwarder = new PodForwarder(kc, { namespace: NS, remotePort: 8000, resolvePod: async () => `${NAME}-0`, onEvent: (e) => events.push(e) });
    const local = await forwarder.start();
    const dispatcher = createDispatcher({ timeoutMs: 3000 });
    try {
      assert.equal((await httpRequest(`${local}/health`, { dispatcher })).status, 200);
      server.control.update({ dropConnections: 1 });
      await assert.rejects(httpRequest(`${local}/v1/models`, { dispatcher }), (e: Error & { kind?: string }) => e.kind === 'reset');
      const again = await httpRequest(`${local}/v1/models`, { dispatcher });
      assert.equal(again.status, 200);
      assert.equal(forwarder.localUrl, local);
      assert.ok(events.some((e) => e.type === 'listening'));
    } finally {
      await dispatcher.close();
      await forwarder.close();
    }
  });

  test('an unknown context is a usage error', async () => {
    await assert.rejects(checkClusterTarget({ target: `${NS}/${NAME}`, kubeconfig: sim.kubeconfigPath, context: 'nope' }), /no context "nope"/);
  });
});
