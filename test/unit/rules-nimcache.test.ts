// Profile-aware NIMCache lint: a NIMService against the NIMCache it mounts (in the same file, or known from the
// cluster) — the profile it names, its GPU count, the pool — and a NIMCache's PVC against the model's weights.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../src/cli/runCli.js';
import { Linter, lintText } from '../../src/core/lint/linter.js';
import { nimCacheFactsFromCluster } from '../../src/core/lint/crossDocument/clusterNimCacheFacts.js';
import type { ClusterNimCache } from '../../src/core/cluster/nimCaches.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';
import { assertRange, diagnostics, single } from './rules-helpers.js';

const CACHE = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMCache
metadata:
  name: llama-cache
  namespace: nim
spec:
  source:
    ngc:
      modelPuller: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4
      pullSecret: ngc-secret
      authSecret: ngc-api-secret
      model:
        profiles:
          - tensorrt_llm-h100-bf16-tp2-latency
  storage:
    pvc:
      create: true
      size: 50Gi
      volumeAccessMode: ReadWriteOnce
  nodeSelector:
    karpenter.sh/nodepool: h100
`;

function service(extra: { profile?: string; gpus?: number; nodeSelector?: string } = {}): string {
  return `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
  namespace: nim
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.8.4"
    pullSecrets: [ngc-secret]
  authSecret: ngc-api-secret
  storage:
    nimCache:
      name: llama-cache${extra.profile ? `\n      profile: ${extra.profile}` : ''}
  resources:
    limits:
      nvidia.com/gpu: ${extra.gpus ?? 2}
  expose:
    service:
      port: 8000${extra.nodeSelector ? `\n  nodeSelector:\n    ${extra.nodeSelector}` : ''}
`;
}

const file = (svc: string) => `${CACHE}---\n${svc}`;

test('a clean pair: the profile the cache holds, its GPU count, the same pool', () => {
  const text = file(service({ profile: 'tensorrt_llm-h100-bf16-tp2-latency', gpus: 2, nodeSelector: 'karpenter.sh/nodepool: h100' }));
  assert.deepEqual(lintText(text).filter((d) => d.code.startsWith('nimcache-')), []);
});

test('nimcache-profile-not-cached: exact range on the profile, a fix that names the cached one', () => {
  const text = file(service({ profile: 'tensorrt_llm-h100-bf16-tp1-throughput' }));
  const d = single(text, 'nimcache-profile-not-cached');
  assert.equal(d.severity, 'error');
  assertRange(text, d, 'tensorrt_llm-h100-bf16-tp1-throughput', 37, 16);
  assert.match(d.message, /^Profile "tensorrt_llm-h100-bf16-tp1-throughput" is not in NIMCache llama-cache, which holds tensorrt_llm-h100-bf16-tp2-latency/);
  const fixed = applyTextEdits(text, d.fixes![0].edits!);
  assert.match(fixed, /profile: tensorrt_llm-h100-bf16-tp2-latency/);
  assert.deepEqual(diagnostics(fixed, 'nimcache-profile-not-cached'), []);
  // Without the NIMCache in the file (and nothing known from the cluster) there is nothing to compare with.
  assert.deepEqual(diagnostics(service({ profile: 'x' }), 'nimcache-profile-not-cached'), []);
});

test('nimcache-profile-gpu-count: the GPU request matches no profile\'s tensor parallel size; the fix requests it', () => {
  const text = file(service({ gpus: 1 }));
  const d = single(text, 'nimcache-profile-gpu-count');
  assertRange(text, d, '1', 39, 23);
  assert.match(d.message, /requests 1 GPU, but the profiles of NIMCache llama-cache run on 2 \(tensor × pipeline parallel\)/);
  const fixed = applyTextEdits(text, d.fixes![0].edits!);
  assert.deepEqual(diagnostics(fixed, 'nimcache-profile-gpu-count'), []);
});

test('nimcache-pool-mismatch: different node selectors, or a GPU product no profile was built for', () => {
  const other = file(service({ nodeSelector: 'karpenter.sh/nodepool: l40s' }));
  const d = single(other, 'nimcache-pool-mismatch');
  assertRange(other, d, 'nodeSelector', 43, 3);
  assert.match(d.message, /the NIMService selects karpenter\.sh\/nodepool=l40s, the caching job karpenter\.sh\/nodepool=h100/);
  const product = file(service({ nodeSelector: 'nvidia.com/gpu.product: NVIDIA-L40S' }));
  assert.match(single(product, 'nimcache-pool-mismatch').message, /runs on NVIDIA-L40S, the cache's profiles are built for H100/);
});

test('nimcache-pool-mismatch: the caching job tolerates the pool\'s taint, the NIMService does not', () => {
  const tolerating = CACHE.replace('  nodeSelector:\n    karpenter.sh/nodepool: h100\n', '  nodeSelector:\n    karpenter.sh/nodepool: h100\n  tolerations:\n    - key: nvidia.com/gpu\n      operator: Exists\n      effect: NoSchedule\n');
  const text = `${tolerating}---\n${service({ nodeSelector: 'karpenter.sh/nodepool: h100' })}`;
  assert.match(single(text, 'nimcache-pool-mismatch').message, /tolerates the taint nvidia\.com\/gpu, which the NIMService does not tolerate/);
  const tolerated = `${text}  tolerations:\n    - key: nvidia.com/gpu\n      operator: Exists\n`;
  assert.deepEqual(diagnostics(tolerated, 'nimcache-pool-mismatch'), []);
  assert.deepEqual(lintText(tolerated).filter((d) => d.severity === 'error'), []);
});

test('a NIMCache known from the cluster (status.profiles with tags) stands in for one in the file', () => {
  const known = [{ kind: 'nimcache' as const, documentIndex: -1, name: 'llama-cache', namespace: 'nim', profiles: [], cachedProfiles: [{ name: 'a'.repeat(64), config: { name: 'vllm-bf16-tp4', llm_engine: 'vllm', tp: '4', pp: '1' } }], nodeSelector: {}, tolerations: [] }];
  const text = service({ profile: 'vllm-bf16-tp4', gpus: 2 });
  assert.match(single(text, 'nimcache-profile-gpu-count', { knownNimCaches: known }).message, /profile vllm-bf16-tp4 runs on 4/);
  assert.deepEqual(diagnostics(text, 'nimcache-profile-not-cached', { knownNimCaches: known }), []);
  assert.equal(single(service({ profile: 'vllm-bf16-tp1' }), 'nimcache-profile-not-cached', { knownNimCaches: known }).severity, 'error');
});

test('nimcache-pvc-too-small: the PVC against the weights (catalogue) per selected profile, with a fix', () => {
  const small = CACHE.replace('size: 50Gi', 'size: 10Gi');
  const d = single(small, 'nimcache-pvc-too-small');
  assertRange(small, d, '10Gi', 18, 13);
  assert.match(d.message, /^spec\.storage\.pvc\.size 10Gi is smaller than what this NIMCache stores: meta\/llama-3\.1-8b-instruct needs ~15 GiB/);
  assert.match(d.message, /No space left on device/);
  const fixed = applyTextEdits(small, d.fixes![0].edits!);
  assert.match(fixed, /size: 20Gi/);
  assert.deepEqual(diagnostics(fixed, 'nimcache-pvc-too-small'), []);
  // Two bf16 profiles need two copies; an fp8 profile half of one.
  const two = CACHE.replace('size: 50Gi', 'size: 20Gi').replace('          - tensorrt_llm-h100-bf16-tp2-latency', '          - tensorrt_llm-h100-bf16-tp2-latency\n          - tensorrt_llm-h100-bf16-tp1-throughput');
  assert.match(single(two, 'nimcache-pvc-too-small').message, /needs ~30 GiB for 2 profiles/);
  assert.deepEqual(diagnostics(CACHE.replace('size: 50Gi', 'size: 10Gi').replace('bf16-tp2', 'fp8-tp2'), 'nimcache-pvc-too-small'), []);
  assert.deepEqual(diagnostics(CACHE, 'nimcache-pvc-too-small'), []);
});

test('ies lint: a NIMService is checked against a NIMCache in another of the files linted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ies-nimcache-lint-'));
  writeFileSync(join(dir, 'cache.yaml'), CACHE);
  writeFileSync(join(dir, 'service.yaml'), service({ profile: 'tensorrt_llm-h100-bf16-tp1-throughput' }));
  let out = '';
  const io = { out: (t: string) => (out += t), err: () => {}, isTTY: false, cwd: dir, env: {} };
  assert.equal(await runCli(['lint', '.', '--format', 'json'], io), 1);
  const files = JSON.parse(out).files as Array<{ path: string; diagnostics: Array<{ code: string; line: number }> }>;
  const found = files.find((f) => f.path === 'service.yaml')!.diagnostics.filter((d) => d.code.startsWith('nimcache-'));
  assert.deepEqual(found.map((d) => d.code), ['nimcache-profile-not-cached']);
  // Linting the NIMService alone: no NIMCache to compare with, no finding.
  out = '';
  assert.equal(await runCli(['lint', 'service.yaml', '--format', 'json'], io), 0);
  assert.deepEqual(JSON.parse(out).files[0].diagnostics.filter((d: { code: string }) => d.code.startsWith('nimcache-')), []);
});

test('a NIMCache read from a cluster: the facts carry its cached profiles and placement, and the message says where it lives', () => {
  const [facts] = nimCacheFactsFromCluster([{
    name: 'llama-cache', namespace: 'nim', state: 'Ready', conditions: [], selectedProfiles: [], usedBy: [], cachingPods: [],
    cachedProfiles: [{ name: 'tensorrt_llm-h100-bf16-tp2-latency', config: { tp: '2', gpu: 'H100' } }],
    placement: { nodeSelector: { 'karpenter.sh/nodepool': 'h100' } },
  } as unknown as ClusterNimCache], 'gpu-lab');
  assert.deepEqual([facts.profiles, facts.cachedProfiles?.map((p) => p.name), facts.nodeSelector, facts.source], [[], ['tensorrt_llm-h100-bf16-tp2-latency'], { 'karpenter.sh/nodepool': 'h100' }, 'in cluster gpu-lab']);
  const d = new Linter({ knownNimCaches: [facts] }).lint(service({ profile: 'tensorrt_llm-h100-bf16-tp1-throughput' })).find((f) => f.code === 'nimcache-profile-not-cached');
  assert.match(d?.message ?? '', /^Profile "tensorrt_llm-h100-bf16-tp1-throughput" is not in NIMCache llama-cache \(in cluster gpu-lab\), which holds tensorrt_llm-h100-bf16-tp2-latency/);
});
