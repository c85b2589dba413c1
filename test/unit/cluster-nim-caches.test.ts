import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheNameOfPod, isCachingPodOf, nimCacheModel, nimCacheStateClass, profileCount, slimNimCache, type NimCacheLike } from '../../src/core/cluster/nimCaches.js';
import { cacheJson, formatCachesText } from '../../src/cli/commands/caches.js';

const cache: NimCacheLike = {
  apiVersion: 'apps.nvidia.com/v1alpha1',
  kind: 'NIMCache',
  metadata: { name: 'llama-cache', namespace: 'nim', uid: 'u1', creationTimestamp: '2026-11-30T10:00:00Z' },
  spec: {
    source: { ngc: { modelPuller: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', model: { profiles: ['tensorrt_llm-h100-bf16-tp1-throughput'] } } },
    storage: { pvc: { create: true, size: '50Gi', storageClass: 'fast' } },
  },
  status: {
    state: 'Ready',
    pvc: 'llama-cache-pvc',
    conditions: [{ type: 'NIM_CACHE_JOB_COMPLETED', status: 'True', reason: 'JobCompleted', message: 'The Job to cache NIM has successfully completed' }],
    profiles: [{ name: 'tensorrt_llm-h100-bf16-tp1-throughput', model: 'meta/llama-3.1-8b-instruct', release: '1.3.3' }, { name: '' }],
  },
};

const pod = (name: string, namespace: string, extra: { labels?: Record<string, string>; owner?: { kind: string; name: string }; created?: string } = {}) => ({
  metadata: { name, namespace, labels: extra.labels, ownerReferences: extra.owner ? [extra.owner] : undefined, creationTimestamp: extra.created },
});

test('a NIMCache becomes state, PVC and size, selected and cached profiles, model, conditions', () => {
  const model = nimCacheModel(cache);
  assert.deepEqual(model, {
    namespace: 'nim',
    name: 'llama-cache',
    uid: 'u1',
    state: 'Ready',
    stateClass: 'Ready',
    model: 'meta/llama-3.1-8b-instruct',
    createdAt: '2026-11-30T10:00:00Z',
    conditions: [{ type: 'NIM_CACHE_JOB_COMPLETED', status: 'True', reason: 'JobCompleted', message: 'The Job to cache NIM has successfully completed' }],
    pvc: { name: 'llama-cache-pvc', size: '50Gi', storageClass: 'fast', create: true },
    selectedProfiles: ['tensorrt_llm-h100-bf16-tp1-throughput'],
    cachedProfiles: [{ name: 'tensorrt_llm-h100-bf16-tp1-throughput', model: 'meta/llama-3.1-8b-instruct', release: '1.3.3' }],
    cachingPods: [],
    usedBy: [],
    placement: {},
  });
  assert.equal(profileCount(model), 1);
});

test('before the operator writes a status: Pending, the PVC from the spec (or <name>-pvc), the HF model, profiles "auto"', () => {
  const fresh = nimCacheModel({ metadata: { name: 'qwen', namespace: 'ml' }, spec: { source: { hf: { modelName: 'Qwen/Qwen3-8B' } }, storage: { pvc: { create: false, name: 'models' } } } });
  assert.equal(fresh.state, 'Pending');
  assert.equal(fresh.stateClass, 'InProgress');
  assert.deepEqual(fresh.pvc, { name: 'models', size: undefined, storageClass: undefined, create: false });
  assert.equal(fresh.model, 'Qwen/Qwen3-8B');
  assert.equal(profileCount(fresh), 0);
  assert.equal(nimCacheModel({ metadata: { name: 'bare', namespace: 'ml' } }).pvc.name, 'bare-pvc');
  assert.deepEqual(['Ready', 'InProgress', 'Started', 'PVC-Created', 'NotReady', 'Failed'].map(nimCacheStateClass), ['Ready', 'InProgress', 'InProgress', 'InProgress', 'Failed', 'Failed']);
});

test('the caching job\'s pods by the Job label or owner, newest first; a NIMService\'s pods of the same name are not', () => {
  const pods = [
    pod('llama-cache-job-aaaaa', 'nim', { labels: { 'batch.kubernetes.io/job-name': 'llama-cache-job', 'app.kubernetes.io/name': 'llama-cache' }, created: '2026-11-30T10:00:00Z' }),
    pod('llama-cache-job-bbbbb', 'nim', { owner: { kind: 'Job', name: 'llama-cache-job' }, created: '2026-11-30T10:05:00Z' }),
    pod('llama-cache-job-ccccc', 'nim', { labels: { 'job-name': 'llama-cache-job' }, created: '2026-11-30T09:00:00Z' }),
    pod('llama-cache-7d9f-xyz', 'nim', { labels: { 'app.kubernetes.io/name': 'llama-cache' }, owner: { kind: 'ReplicaSet', name: 'llama-cache-7d9f' } }),
    pod('llama-cache-job-other-ns', 'team-a', { labels: { 'job-name': 'llama-cache-job' } }),
    pod('other-job-zzz', 'nim', { labels: { 'job-name': 'other-job' } }),
  ];
  assert.deepEqual(nimCacheModel(cache, { pods }).cachingPods, ['llama-cache-job-bbbbb', 'llama-cache-job-aaaaa', 'llama-cache-job-ccccc']);
  assert.equal(isCachingPodOf(pod('p', 'nim', { owner: { kind: 'NIMCache', name: 'llama-cache' } }), 'llama-cache'), true);
  assert.equal(cacheNameOfPod(pods[0]), 'llama-cache');
  assert.equal(cacheNameOfPod(pods[3]), undefined);
  assert.equal(cacheNameOfPod(pod('p', 'nim', { owner: { kind: 'NIMCache', name: 'c' } })), 'c');
});

test('the NIMServices of the same namespace that mount the cache through spec.storage.nimCache.name', () => {
  const nimServices = [
    { metadata: { name: 'llama-b', namespace: 'nim' }, spec: { storage: { nimCache: { name: 'llama-cache' } } } },
    { metadata: { name: 'llama-a', namespace: 'nim' }, spec: { storage: { nimCache: { name: 'llama-cache' } } } },
    { metadata: { name: 'pvc-only', namespace: 'nim' }, spec: { storage: { pvc: { name: 'llama-cache-pvc' } } } },
    { metadata: { name: 'elsewhere', namespace: 'team-a' }, spec: { storage: { nimCache: { name: 'llama-cache' } } } },
  ];
  assert.deepEqual(nimCacheModel(cache, { nimServices }).usedBy, ['llama-a', 'llama-b']);
});

test('the informer keeps only what the model reads, and the model is the same from the slim object', () => {
  const full = structuredClone(cache) as NimCacheLike & { spec: Record<string, unknown>; metadata: Record<string, unknown> };
  full.metadata.managedFields = [{ manager: 'kubectl' }];
  full.metadata.annotations = { big: 'x'.repeat(1000) };
  full.spec.tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists' }];
  full.spec.resources = { cpu: '4' };
  (full.spec.source as Record<string, Record<string, unknown>>).ngc.authSecret = 'ngc-api-secret';
  const slim = slimNimCache(full);
  const text = JSON.stringify(slim);
  for (const dropped of ['managedFields', 'authSecret', 'xxxxxxxx', '"resources"']) assert.ok(!text.includes(dropped), `${dropped} kept: ${text}`);
  // Tolerations and the nodeSelector stay: they say which GPU pools the caching job (and its profiles) can land on.
  assert.deepEqual(nimCacheModel(slim), { ...nimCacheModel(cache), placement: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', value: undefined, effect: undefined }] } });
});

test('ies caches prints a table and JSON with the caching pod and users', () => {
  const model = nimCacheModel(cache, { pods: [pod('llama-cache-job-aaaaa', 'nim', { labels: { 'job-name': 'llama-cache-job' } })], nimServices: [{ metadata: { name: 'llama', namespace: 'nim' }, spec: { storage: { nimCache: { name: 'llama-cache' } } } }] });
  const lines = formatCachesText([model], true).trim().split('\n');
  assert.match(lines[0], /^NAMESPACE\s+NAME\s+STATE\s+PVC\s+SIZE\s+PROFILES\s+POD\s+USED BY$/);
  assert.match(lines[1], /^nim\s+llama-cache\s+Ready\s+llama-cache-pvc\s+50Gi\s+1\s+llama-cache-job-aaaaa\s+llama$/);
  assert.equal(formatCachesText([], true), 'no NIMCaches\n');
  assert.match(formatCachesText([], false), /NIM Operator not installed/);
  const json = cacheJson(model);
  assert.equal(json.cachingPod, 'llama-cache-job-aaaaa');
  assert.deepEqual(json.usedBy, ['llama']);
  assert.deepEqual(json.pvc, { name: 'llama-cache-pvc', size: '50Gi', storageClass: 'fast', create: true });
});
