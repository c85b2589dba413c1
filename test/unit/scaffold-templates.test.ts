import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, type Document } from 'yaml';
import { listTemplates, renderTemplate, secretTemplatesFor, type ScaffoldTemplate } from '../../src/core/scaffold/index.js';
import { lintText } from '../../src/core/lint/linter.js';

const templates = listTemplates();
const byId = (id: string): ScaffoldTemplate => templates.find((t) => t.id === id)!;

function documents(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs));
  for (const doc of docs) assert.deepEqual(doc.errors, [], 'rendered YAML has errors');
  return docs;
}
const ofKind = (text: string, kind: string) => documents(text).filter((d) => d.get('kind') === kind).map((d) => d.toJS() as any);
const comments = (text: string) => text.split('\n').filter((l) => /^\s*#/.test(l)).map((l) => l.trim());

/** Every finding, any severity, for both operator versions the linter knows. */
function findingsOf(text: string): string[] {
  return (['v3.1.2', 'main'] as const).flatMap((operatorVersion) =>
    lintText(text, { operatorVersion }).map((d) => `${operatorVersion} ${d.severity} ${d.code}: ${d.message} @${text.slice(d.start, d.end)}`),
  );
}

const CUSTOM = { name: 'team-endpoint', namespace: 'team-a', storageClass: 'fast-ssd', pvcSize: '321Gi', gpuCount: 2 };

test('the shipped folder holds the three endpoint templates and the three Secret templates', () => {
  const ids = templates.map((t) => t.id);
  for (const id of ['qwen-image-edit-vllm-omni', 'nemotron-nano-vl-caption-vllm', 'ngc-nim-llm', 'hf-token-secret', 'ngc-api-secret', 'nvcr-pull-secret']) assert.ok(ids.includes(id), id);
  for (const t of templates) for (const secret of t.secrets) assert.ok(ids.includes(secret), `${t.id} needs ${secret}, which has no template`);
});

test('each endpoint template names the Secret templates for every Secret its manifest references', () => {
  for (const t of templates.filter((x) => x.category === 'endpoint')) {
    const referenced = new Set([...t.source.matchAll(/(?:authSecret|pullSecret|name): (\S+-secret)\b|^\s+- (\S+-secret)$/gm)].map((m) => m[1] ?? m[2]));
    const offered = secretTemplatesFor(t.id).map((s) => renderTemplate(s.id).text.match(/^  name: (\S+)$/m)![1]);
    assert.deepEqual([...referenced].sort(), offered.sort(), t.id);
  }
});

test('the image-edit template is exactly the Day-0 recipe\'s endpoint', () => {
  const [svc] = ofKind(renderTemplate('qwen-image-edit-vllm-omni').text, 'NIMService');
  assert.equal(svc.apiVersion, 'apps.nvidia.com/v1alpha1');
  assert.deepEqual(svc.metadata, { name: 'qwen-image-edit-nvpcb-ovsl2sl', namespace: 'osmo-nims' });
  const s = svc.spec;
  assert.deepEqual([s.image.repository, s.image.tag], ['vllm/vllm-omni', 'v0.20.0']);
  assert.deepEqual(s.command, ['vllm', 'serve']);
  assert.deepEqual(s.args, ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni', '--port', '8000']);
  assert.equal(s.authSecret, 'ngc-api-secret');
  assert.deepEqual(s.storage.pvc, { create: true, size: '200Gi', volumeAccessMode: 'ReadWriteOnce' });
  assert.equal(s.storage.sharedMemorySizeLimit, '32Gi');
  assert.deepEqual(s.env, [
    { name: 'HF_HOME', value: '/model-store/huggingface' },
    { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } } },
  ]);
  assert.equal(s.resources.limits['nvidia.com/gpu'], 1);
  assert.ok(parseInt(s.resources.limits.memory) > 32, 'memory limit must exceed the 32Gi of shared memory');
  assert.equal(s.expose.service.port, 8000);
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    assert.equal(s[probe].enabled, true, probe);
    assert.deepEqual(s[probe].probe.httpGet, { path: '/health', port: 'api' }, probe);
  }
  const startup = s.startupProbe.probe;
  assert.ok(startup.failureThreshold * startup.periodSeconds >= 30 * 60, 'startup budget covers at least 30 minutes');
});

test('the captioning template serves Nemotron Nano VL under the name nv-ingest sends', () => {
  const [svc] = ofKind(renderTemplate('nemotron-nano-vl-caption-vllm').text, 'NIMService');
  const args: string[] = svc.spec.args;
  assert.equal(args[0], 'nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16');
  assert.ok(args.includes('--trust-remote-code'));
  assert.equal(args[args.indexOf('--served-model-name') + 1], 'nvidia/nemotron-nano-12b-v2-vl');
  assert.equal(args[args.indexOf('--port') + 1], String(svc.spec.expose.service.port));
  assert.ok(!args.includes('--api-key'));
  assert.equal(svc.spec.env.find((e: any) => e.name === 'HF_HOME').value, '/model-store/huggingface');
});

test('the NIM LLM template pairs a NIMCache with the NIMService that mounts it', () => {
  const text = renderTemplate('ngc-nim-llm').text;
  const [cache] = ofKind(text, 'NIMCache');
  const [svc] = ofKind(text, 'NIMService');
  assert.equal(svc.spec.storage.nimCache.name, cache.metadata.name);
  assert.equal(cache.metadata.namespace, svc.metadata.namespace);
  assert.equal(cache.spec.source.ngc.modelPuller, `${svc.spec.image.repository}:${svc.spec.image.tag}`);
  assert.deepEqual(svc.spec.image.pullSecrets, ['nvcr-pull-secret']);
  assert.equal(cache.spec.source.ngc.pullSecret, 'nvcr-pull-secret');
});

for (const template of templates) {
  test(`${template.id}: rendered with defaults it is the template itself, and lints clean`, () => {
    const { text, fileName } = renderTemplate(template.id);
    assert.equal(text, template.source, 'defaults must not change a byte');
    assert.match(fileName, /^[a-z0-9.-]+\.ya?ml$/);
    documents(text);
    assert.deepEqual(findingsOf(text), []);
  });

  test(`${template.id}: custom parameters land at their paths, comments stay, and it lints clean`, () => {
    const params = Object.fromEntries(Object.keys(template.parameters).map((k) => [k, CUSTOM[k as keyof typeof CUSTOM]]));
    const { text, fileName } = renderTemplate(template.id, params);
    const docs = documents(text);
    assert.deepEqual(comments(text), comments(template.source), 'every comment line survives');
    for (const doc of docs) assert.equal(doc.getIn(['metadata', 'namespace']), 'team-a');
    if ('name' in params) {
      assert.equal(fileName, 'team-endpoint.nimservice.yaml');
      for (const doc of docs.filter((d) => d.get('kind') !== 'Secret')) assert.equal(doc.getIn(['metadata', 'name']), 'team-endpoint');
    }
    if ('gpuCount' in params) {
      const svc = docs.find((d) => d.get('kind') === 'NIMService')!;
      assert.equal(svc.getIn(['spec', 'resources', 'limits', 'nvidia.com/gpu']), 2);
      const args = svc.getIn(['spec', 'args']) as { toJSON(): string[] } | undefined;
      const tp = args?.toJSON().indexOf('--tensor-parallel-size') ?? -1;
      if (tp >= 0) assert.equal(args!.toJSON()[tp + 1], '2');
    }
    if ('pvcSize' in params) {
      const pvcs = docs.map((d) => d.getIn(['spec', 'storage', 'pvc']) as any).filter(Boolean).map((n) => n.toJSON());
      assert.equal(pvcs.filter((p) => p.create).length, 1, 'exactly one PVC is created');
      assert.deepEqual(pvcs.filter((p) => p.create).map((p) => [p.size, p.storageClass]), [['321Gi', 'fast-ssd']]);
    }
    assert.deepEqual(findingsOf(text), []);
  });

  test(`${template.id}: holds no real-looking secret`, () => {
    const text = renderTemplate(template.id).text;
    assert.doesNotMatch(text, /\bhf_[A-Za-z0-9]{20,}/, 'Hugging Face token');
    assert.doesNotMatch(text, /\bnvapi-[A-Za-z0-9_-]{20,}/, 'NGC API key');
    assert.doesNotMatch(text, /[A-Za-z0-9+/]{40,}={0,2}/, 'long base64 or key-like string');
    for (const secret of ofKind(text, 'Secret')) {
      assert.equal(secret.data, undefined, 'placeholders go in stringData, readable');
      for (const [key, value] of Object.entries(secret.stringData as Record<string, string>)) {
        const inner = key === '.dockerconfigjson' ? JSON.parse(value).auths['nvcr.io'].password : value;
        assert.match(inner, /^<your-[a-z-]+>$/, `${secret.metadata.name}.${key} must be a placeholder`);
      }
    }
  });
}

test('an empty storageClass leaves the key out rather than writing ""', () => {
  const text = renderTemplate('qwen-image-edit-vllm-omni', { storageClass: 'fast' }).text;
  assert.match(text, /storageClass: fast\n/);
  assert.doesNotMatch(renderTemplate('qwen-image-edit-vllm-omni', { storageClass: '' }).text, /storageClass/);
});

test('the lint-clean checks have teeth: the image-edit recipe\'s known mistakes in a template are found', () => {
  const clean = renderTemplate('qwen-image-edit-vllm-omni').text;
  const mistakes: Array<[string, string]> = [
    ['NIM default probe paths', clean.replaceAll('path: /health', 'path: /v1/health/ready')],
    ['no shared memory', clean.replace(/\n\s*sharedMemorySizeLimit: 32Gi/, '')],
    ['generic checkpoint', clean.replace('args: ["nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL"', 'args: ["qwen/qwen-image-edit-2511"')],
    ['HF_HOME off the PVC', clean.replace('value: /model-store/huggingface', 'value: /tmp/huggingface')],
  ];
  for (const [what, text] of mistakes) {
    assert.notEqual(text, clean, `${what}: the mutation must change the manifest`);
    assert.ok(findingsOf(text).length > 0, `${what} should be reported`);
  }
});
