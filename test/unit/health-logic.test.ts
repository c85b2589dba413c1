import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointUrls, fromCluster, parseEndpointConfigs, EndpointRegistry, IMAGE_EDIT_MODEL, CAPTION_MODEL } from '../../src/core/endpoints/index.js';
import { clusterChecks, engineMetrics, HealthPoller, nextDelayMs, parsePrometheus, parseTarget, type ClusterFacts, type HealthReport } from '../../src/core/health/index.js';
import { startInferenceServer } from '../../src/sim/servers/index.js';
import { runHealthCheck } from '../../src/core/health/runHealthCheck.js';

describe('endpoint settings', () => {
  test('valid entries parse with defaults; template pins the expected model; bad ones are reported by index', () => {
    const { endpoints, problems } = parseEndpointConfigs([
      { name: 'edit', baseUrl: 'http://h:8000/v1', template: 'qwen-image-edit-vllm-omni' },
      { name: 'caption', baseUrl: 'https://h/v1', kind: 'openai', template: 'nemotron-nano-vl-caption-vllm', caFile: '/ca.pem' },
      { name: 'bad-url', baseUrl: 'h:8000' },
      { name: 'key', baseUrl: 'http://h/v1', headers: { Authorization: 'Bearer x' } },
      { name: 'edit', baseUrl: 'http://other/v1' },
      { name: 'kind', baseUrl: 'http://h/v1', kind: 'grpc' },
    ]);
    assert.deepEqual(endpoints.map((e) => [e.name, e.kind, e.insecureTls]), [['edit', 'openai', false], ['caption', 'openai', false]]);
    assert.deepEqual(problems.map((p) => p.index), [2, 3, 4, 5]);
    assert.match(problems[1].message, /SecretStorage/);
    const registry = new EndpointRegistry();
    registry.setUserEndpoints(endpoints);
    assert.equal(registry.get('user:edit')?.expectedModel, IMAGE_EDIT_MODEL);
    assert.equal(registry.get('user:caption')?.expectedModel, CAPTION_MODEL);
  });

  test('/v1 base and server root', () => {
    assert.deepEqual(endpointUrls('http://h:8000/v1'), { root: 'http://h:8000', v1: 'http://h:8000/v1' });
    assert.deepEqual(endpointUrls('http://h:8000/'), { root: 'http://h:8000', v1: 'http://h:8000/v1' });
    assert.deepEqual(endpointUrls('https://gw/team/v1/'), { root: 'https://gw/team', v1: 'https://gw/team/v1' });
  });

  test('discovered NIMService: in-cluster URL, manifest model expected, user entry wins on the same URL', () => {
    const e = fromCluster({ endpoint: { kind: 'NIMService', namespace: 'osmo-nims', name: 'qie', state: 'Ready', readyReplicas: 1, desiredReplicas: 1, conditions: [], gpusPerReplica: 1, clusterEndpoint: 'qie.osmo-nims.svc.cluster.local:8000' }, manifestModel: IMAGE_EDIT_MODEL, context: 'lab' })!;
    assert.equal(e.key, 'cluster:lab/osmo-nims/qie');
    assert.equal(e.baseUrl, 'http://qie.osmo-nims.svc.cluster.local:8000/v1');
    assert.equal(e.expectedModel, IMAGE_EDIT_MODEL);
    const registry = new EndpointRegistry();
    registry.setDiscovered('lab', [e]);
    registry.setUserEndpoints(parseEndpointConfigs([{ name: 'mine', baseUrl: e.baseUrl }]).endpoints);
    assert.deepEqual(registry.all().map((x) => x.key), ['user:mine']);
  });

  test('TARGET syntax', () => {
    assert.deepEqual(parseTarget('osmo-nims/qie'), { namespace: 'osmo-nims', name: 'qie' });
    assert.deepEqual(parseTarget('nimservice/qie', 'ns'), { namespace: 'ns', name: 'qie' });
    assert.deepEqual(parseTarget('qie'), { namespace: undefined, name: 'qie' });
    assert.throws(() => parseTarget('a/b/c'), /cannot read TARGET "a\/b\/c": use NAME, NAMESPACE\/NAME/);
  });
});

describe('cluster checks', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const facts = (pods: ClusterFacts['pods']): ClusterFacts => ({ resource: 'Service', namespace: 'ns', name: 'x', pods, podSelector: 'app=x', ms: 1 });
  const pod = (restartCount: number, finishedAt?: string, ready = true) => ({
    metadata: { name: 'x-0' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ name: 'main', ready, restartCount, state: { running: {} }, lastState: finishedAt ? { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt } } : {} }] },
  });

  test('restarts: inside the 15-minute window warn, older ones pass with a count', () => {
    const recent = clusterChecks(facts([pod(2, '2025-06-01T11:50:00Z')]), now).find((c) => c.name === 'restarts')!;
    assert.equal(recent.status, 'warn');
    assert.equal(recent.detail, '1 container restart(s) in the last 15 min (last: OOMKilled)');
    const old = clusterChecks(facts([pod(3, '2025-06-01T11:40:00Z')]), now).find((c) => c.name === 'restarts')!;
    assert.equal(old.status, 'pass');
    assert.equal(old.detail, 'no restarts in the last 15 min (3 earlier)');
  });

  test('no pods, and an unreadable cluster', () => {
    assert.equal(clusterChecks(facts([]), now).find((c) => c.name === 'pods-ready')!.detail, 'no pods match app=x in ns');
    assert.match(clusterChecks({ ...facts([]), error: 'HTTP 403 from the API server' }, now)[0].detail, /cannot read the cluster: HTTP 403/);
  });
});

describe('metrics and polling', () => {
  test('vLLM gauges, old and new KV names', () => {
    const text = '# HELP x\nvllm:num_requests_running{model_name="a"} 3\nvllm:num_requests_waiting{model_name="a"} 1\nvllm:gpu_cache_usage_perc{model_name="a"} 0.42\n';
    assert.deepEqual(engineMetrics(parsePrometheus(text)), { running: 3, waiting: 1, kvCacheUsage: 0.42 });
  });

  test('back-off doubles while failing, capped', () => {
    assert.deepEqual([0, 1, 2, 3, 10].map((f) => nextDelayMs(30_000, f)), [30_000, 60_000, 120_000, 240_000, 300_000]);
  });

  test('the poller reports, notices healthy → unhealthy once, and stops', async () => {
    const server = await startInferenceServer('vllm-vlm');
    const endpoint = parseEndpointConfigs([{ name: 'p', baseUrl: `${server.url}/v1`, expectedModel: 'nvidia/nemotron-nano-12b-v2-vl' }]).endpoints[0];
    const reports: HealthReport[] = [];
    let turned = 0;
    const { fromConfig } = await import('../../src/core/endpoints/registry.js');
    const poller = new HealthPoller({ intervalMs: 20, check: (signal) => runHealthCheck(fromConfig(endpoint), { signal, timeoutMs: 1000 }), onReport: (r) => reports.push(r), onBecameUnhealthy: () => turned++ });
    try {
      poller.start();
      while (reports.length < 1) await new Promise((r) => setTimeout(r, 10));
      assert.equal(reports[0].healthy, true);
      await server.close();
      while (poller.consecutiveFailures < 2) await new Promise((r) => setTimeout(r, 10));
      assert.equal(turned, 1);
      assert.equal(reports.at(-1)!.checks.find((c) => c.name === 'reachable')!.status, 'fail');
    } finally {
      poller.stop();
    }
  });
});
