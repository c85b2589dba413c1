// The telemetry core on real metric pages (test/fixtures/metrics, see PROVENANCE.md): vLLM's current and older
// names, NIM's unprefixed ones, dcgm-exporter inside and outside Kubernetes, and quantiles from histogram buckets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parsePrometheus } from '../../src/core/health/prometheus';
import {
  bucketDelta, engineSnapshot, findDcgmService, gpuFigures, histogramQuantile, metricsUrlFor, NO_DCGM_EXPORTER, telemetrySample, type ServiceInfo,
} from '../../src/core/telemetry/index';

const page = (name: string) => readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url), 'utf8');
const snap = (name: string, at = 1000) => engineSnapshot(parsePrometheus(page(name)), at);
const close = (actual: number | undefined, expected: number, what: string) => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);

test('vLLM with current and deprecated families side by side: the current one is read, never both added', () => {
  const s = snap('vllm-datadog.prom');
  assert.equal(s.engine, 'vLLM (current metric names)');
  assert.deepEqual([s.running, s.waiting, s.kvCacheUsage, s.preemptions], [0, 0, 0, 0]);
  assert.deepEqual([s.prefixHits, s.prefixQueries], [64, 117], 'vllm:prefix_cache_hits_total / queries_total');
  // One request with TTFT in (0.25 s, 0.5 s]; six inter-token gaps in (25 ms, 50 ms] from the older TPOT family.
  assert.equal(s.ttft!.get(Number.POSITIVE_INFINITY), 1);
  close(histogramQuantile(0.5, s.ttft!), 0.375, 'TTFT p50 (s)');
  assert.equal(s.itl!.get(Number.POSITIVE_INFINITY), 6, 'vllm:time_per_output_token_seconds when inter_token_latency is absent');
  close(histogramQuantile(0.5, s.itl!), 0.0375, 'ITL p50 (s)');
});

test('older vLLM names (gpu_cache_usage_perc) and vLLM 0.10 pages with the engine label and _created gauges', () => {
  const old = snap('vllm-production-stack-issue-318.prom');
  assert.equal(old.engine, 'vLLM (older metric names)');
  assert.deepEqual([old.running, old.waiting, old.kvCacheUsage], [0, 0, 0], 'vllm:gpu_cache_usage_perc read as the KV-cache usage');
  const v010 = snap('vllm-production-stack-issue-617.prom');
  assert.equal(v010.kvCacheUsage, 9.75010481363281e-06);
  assert.equal(v010.prefixQueries, 32);
  assert.equal(v010.prefixHits, 0, 'vllm:gpu_prefix_cache_hits_total (deprecated) when the current family is not on the page');
  assert.equal(v010.running, undefined, 'a family the page lacks stays unknown, not 0');
});

test('NIM for LLMs: vLLM families without the prefix; TTFT and ITL quantiles from its buckets', () => {
  const s = snap('nim-llm-datadog.prom');
  assert.equal(s.engine, 'NVIDIA NIM');
  assert.deepEqual([s.running, s.waiting], [1, 0]);
  assert.equal(s.kvCacheUsage, 0.0002848191398461977);
  // Against an empty earlier scrape (a server just started), the quantiles cover all five requests.
  const sample = telemetrySample(s, engineSnapshot([], 0));
  assert.deepEqual(sample.ttftMs, { p50: 25, p90: 625, p99: 737.5, count: 5 });
  assert.equal(sample.itlMs!.count, 169);
  close(sample.itlMs!.p50, 17.54, 'ITL p50 (ms)');
  assert.equal(sample.preemptions, undefined, 'NIM has no preemption counter');
  assert.equal(sample.prefixCacheHitRate, undefined);
});

test('rates come from two scrapes: prefix-cache hit rate, preemptions and quantiles of the requests in between; a restart counts from zero', () => {
  const text = page('vllm-datadog.prom');
  const earlier = engineSnapshot(parsePrometheus(text), 1000);
  // The same server 2 s later: 100 more queried tokens of which 80 hit, one preemption, two requests with TTFT in (40, 60] ms.
  const later = engineSnapshot(parsePrometheus(text
    .replace('vllm:prefix_cache_queries_total{model_name="facebook/opt-125m"} 117.0', 'vllm:prefix_cache_queries_total{model_name="facebook/opt-125m"} 217.0')
    .replace('vllm:prefix_cache_hits_total{model_name="facebook/opt-125m"} 64.0', 'vllm:prefix_cache_hits_total{model_name="facebook/opt-125m"} 144.0')
    .replace('vllm:num_preemptions_total{model_name="facebook/opt-125m"} 0.0', 'vllm:num_preemptions_total{model_name="facebook/opt-125m"} 1.0')
    .replace(/(vllm:time_to_first_token_seconds_bucket\{le="(0\.06|0\.08|0\.1|0\.25|0\.5|0\.75|1\.0|2\.5|5\.0|7\.5|10\.0|\+Inf)",model_name="facebook\/opt-125m"\}) (\d+)\.0/g, (_m, head: string, _le: string, n: string) => `${head} ${Number(n) + 2}.0`)), 3000);
  const sample = telemetrySample(later, earlier);
  assert.equal(sample.prefixCacheHitRate, 0.8);
  assert.equal(sample.preemptions, 1);
  assert.equal(sample.ttftMs!.count, 2, 'only the requests between the scrapes');
  close(sample.ttftMs!.p50, 50, 'TTFT p50 (ms) inside (40, 60]');
  assert.deepEqual(sample.itlMs, { p50: undefined, p90: undefined, p99: undefined, count: 0 }, 'no token between the scrapes');
  // A restarted server: counters below the earlier scrape count from zero.
  const restarted = telemetrySample(earlier, later);
  assert.equal(restarted.preemptions, 0);
  assert.equal(restarted.ttftMs!.count, 1);
  assert.deepEqual([...bucketDelta(new Map([[1, 3], [Infinity, 5]]), new Map([[1, 1], [Infinity, 2]]))], [[1, 2], [Infinity, 3]]);
});

test('histogram quantiles follow PromQL: interpolation inside a bucket, the largest finite bound for the +Inf bucket, nothing for no observation', () => {
  const b = new Map([[0.1, 0], [0.2, 10], [0.4, 10], [Infinity, 20]]);
  close(histogramQuantile(0.25, b), 0.15, 'p25');
  assert.equal(histogramQuantile(0.99, b), 0.4);
  assert.equal(histogramQuantile(0.5, new Map([[0.1, 0], [Infinity, 0]])), undefined);
});

test('dcgm-exporter: GPUs used by a pod with utilization and framebuffer memory; GPUs no pod uses are left out', () => {
  assert.deepEqual(gpuFigures(parsePrometheus(page('dcgm-datadog.prom'))), [], 'outside Kubernetes: no pod labels');
  const inCluster = parsePrometheus(page('dcgm-gpu-operator-issue-340.prom'));
  assert.deepEqual(gpuFigures(inCluster), [{ namespace: 'default', pod: 'dcgmproftester', gpu: '0', fbFreeMiB: 15109 }]);
  assert.deepEqual(gpuFigures(inCluster, (pod, ns) => ns === 'ai' && pod.startsWith('caption-')), [], 'only the endpoint\'s pods');
  // Through a Prometheus that keeps its own pod label, dcgm-exporter's arrive as exported_pod / exported_namespace.
  const relabelled = parsePrometheus('DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-x",pod="dcgm-exporter-abc",namespace="gpu-operator",exported_pod="caption-7d9f-x2",exported_namespace="ai"} 87\n');
  assert.deepEqual(gpuFigures(relabelled), [{ namespace: 'ai', pod: 'caption-7d9f-x2', gpu: '1', utilization: 87 }]);
});

test('finding dcgm-exporter: the GPU Operator\'s Service by its label, the Helm chart\'s by app.kubernetes.io/name; none is said plainly', () => {
  const base = { selector: { app: 'x' }, ports: [] as ServiceInfo['ports'] };
  const operator: ServiceInfo = { ...base, namespace: 'gpu-operator', name: 'nvidia-dcgm-exporter', labels: { app: 'nvidia-dcgm-exporter' }, selector: { app: 'nvidia-dcgm-exporter' }, ports: [{ name: 'gpu-metrics', port: 9400, targetPort: 9400 }] };
  const helm: ServiceInfo = { ...base, namespace: 'monitoring', name: 'gpu-telemetry', labels: { 'app.kubernetes.io/name': 'dcgm-exporter' }, ports: [{ name: 'metrics', port: 9400, targetPort: 'metrics' }] };
  const other: ServiceInfo = { ...base, namespace: 'ai', name: 'caption', labels: {}, ports: [{ port: 8000 }] };
  assert.deepEqual(findDcgmService([other, operator]), { service: operator, targetPort: 9400 });
  assert.deepEqual(findDcgmService([helm])?.targetPort, 'metrics');
  assert.equal(findDcgmService([other]), undefined);
  assert.match(NO_DCGM_EXPORTER, /^no dcgm-exporter Service in any namespace — .*NVIDIA GPU Operator's dcgm-exporter/);
});

test('the metrics page of each endpoint kind: vLLM /metrics, NIM /v1/metrics, none for Omega and Nunchaku', () => {
  assert.deepEqual(metricsUrlFor('openai', 'http://127.0.0.1:8000/v1'), { url: 'http://127.0.0.1:8000/metrics' });
  assert.deepEqual(metricsUrlFor('nim', 'http://127.0.0.1:8000/v1'), { url: 'http://127.0.0.1:8000/v1/metrics' });
  assert.deepEqual(metricsUrlFor('nunchaku', 'http://127.0.0.1:8000'), { reason: 'nunchaku servers expose no Prometheus metrics' });
});
