// Rules on the serving container of every workload kind, on realistic manifests (test/fixtures/workloads):
// each rule firing with its exact range, and silent on the variants that are right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { fixWithInput, TAG_PLACEHOLDER } from '../../src/core/lint/fixInput.js';
import { lintText } from '../../src/core/lint/linter.js';
import { parseManifestFile } from '../../src/core/manifest/parseManifest.js';
import { servingContainers } from '../../src/core/workload/servingContainer.js';
import { applyTextEdits } from '../../src/core/yaml/textEdits.js';
import { applyFixAndRelint, assertRange, diagnostics, single, variant } from './rules-helpers.js';

const workload = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'workloads', name), 'utf8');
const deployment = workload('vllm-deployment.yaml');
const statefulSet = workload('vllm-statefulset.yaml');
const job = workload('vllm-job.yaml');
const lws = workload('vllm-lws.yaml');
const servingRuntime = workload('kserve-servingruntime.yaml');
const sglang = workload('sglang-deployment.yaml');
const tgi = workload('tgi-deployment.yaml');
const codes = (text: string) => lintText(text).map((d) => d.code).sort();

test('one reading of the serving container in every kind: server, model, parallel sizes, port', () => {
  const read = (text: string) => parseManifestFile(text).documents.flatMap((d) => servingContainers(d)).map((c) => ({
    kind: c.document.kind,
    role: c.template?.role,
    runtime: c.runtime,
    model: c.settings.model?.id,
    tp: c.settings.tensorParallel,
    pp: c.settings.pipelineParallel,
    port: c.settings.listenPort,
  }));
  assert.deepEqual(read(deployment), [{ kind: 'Deployment', role: 'pod', runtime: 'vllm', model: 'meta-llama/Llama-3.1-70B-Instruct', tp: 4, pp: 1, port: 8000 }]);
  assert.deepEqual(read(statefulSet), [{ kind: 'StatefulSet', role: 'pod', runtime: 'vllm', model: 'Qwen/Qwen2.5-72B-Instruct', tp: 2, pp: 1, port: 8000 }]);
  assert.deepEqual(read(job), [{ kind: 'Job', role: 'pod', runtime: 'vllm', model: 'Qwen/Qwen2.5-72B-Instruct', tp: 1, pp: 1, port: 9000 }]);
  assert.deepEqual(read(lws).map((c) => [c.role, c.runtime, c.model, c.tp, c.pp, c.port]), [
    ['leader', 'vllm', 'meta-llama/Meta-Llama-3.1-405B-Instruct', 8, 2, 8080],
    ['worker', 'vllm', undefined, 1, 1, 8000],
  ]);
  assert.deepEqual(read(servingRuntime), [{ kind: 'ServingRuntime', role: 'runtime', runtime: 'vllm', model: '/mnt/models', tp: 2, pp: 1, port: 8080 }]);
  assert.deepEqual(read(sglang), [{ kind: 'Deployment', role: 'pod', runtime: 'sglang', model: 'Qwen/Qwen2.5-7B-Instruct', tp: 2, pp: 1, port: 30000 }]);
  assert.deepEqual(read(tgi), [{ kind: 'Deployment', role: 'pod', runtime: 'tgi', model: 'mistralai/Mistral-7B-Instruct-v0.3', tp: 2, pp: 1, port: 80 }]);
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: s\n      image: python:3.12\n      command: [python, -m, vllm.entrypoints.openai.api_server]\n      args: [--model=org/m-70B, -tp, "2", --port=9001]\n';
  assert.deepEqual(read(pod), [{ kind: 'Pod', role: 'pod', runtime: 'vllm', model: 'org/m-70B', tp: 2, pp: 1, port: 9001 }]);
  const omni = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: s\n      image: vllm/vllm-omni:v0.20.0\n      args: [org/edit-model]\n';
  assert.deepEqual(read(omni).map((c) => [c.runtime, c.model]), [['vllm-omni', 'org/edit-model']]);
  const isvc = 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: i\nspec:\n  predictor:\n    containers:\n      - name: kserve-container\n        image: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.5\n';
  assert.deepEqual(read(isvc).map((c) => [c.role, c.runtime]), [['predictor', 'nim']]);
});

test('the fixtures: every finding, and none on the StatefulSet beyond advice', () => {
  assert.deepEqual(codes(deployment), ['image-tag-unpinned', 'parallel-size-gpus', 'server-port-mismatch', 'server-port-mismatch', 'shm-missing', 'startup-probe-missing']);
  assert.deepEqual(lintText(statefulSet).filter((d) => d.severity !== 'info'), []);
  assert.deepEqual(codes(job), ['gpu-limit-missing', 'vllm-deployment-ephemeral']);
  assert.deepEqual(codes(lws), ['hf-token-missing', 'image-tag-unpinned', 'image-tag-unpinned', 'shm-missing', 'vllm-deployment-ephemeral']);
  assert.deepEqual(codes(servingRuntime), ['shm-missing']);
  assert.deepEqual(codes(sglang), ['shm-missing']);
  assert.deepEqual(codes(tgi), ['startup-probe-missing']);
});

test('parallel-size-gpus: tensor parallel 4 on 2 GPUs → error on the size, fix requests 4; silent when equal, unreadable or spread over a LeaderWorkerSet group', () => {
  const d = single(deployment, 'parallel-size-gpus');
  assert.equal(d.severity, 'error');
  assertRange(deployment, d, '"4"', 34, 15);
  assert.match(d.message, /needs 4 GPUs, but the Deployment requests 2 GPUs/);
  const { fixed } = applyFixAndRelint(deployment, d);
  assert.match(fixed, /nvidia\.com\/gpu: 4/);
  assert.deepEqual(diagnostics(variant(deployment, 'nvidia.com/gpu: 2', 'nvidia.com/gpu: 4'), 'parallel-size-gpus'), []);
  assert.deepEqual(diagnostics(variant(deployment, '- "4"', '- $(TP_SIZE)'), 'parallel-size-gpus'), []);
  assert.deepEqual(diagnostics(lws, 'parallel-size-gpus'), [], '8 × 2 ranks on 2 pods of 8 GPUs');
  const small = diagnostics(lws.replaceAll('nvidia.com/gpu: "8"', 'nvidia.com/gpu: "4"'), 'parallel-size-gpus');
  assert.equal(small.length, 1);
  assert.match(small[0].message, /needs 16 GPUs, but the LeaderWorkerSet requests 8 GPUs \(4 per pod × 2 pods in the group\)/);
  const idle = single(variant(variant(deployment, '- "4"', '- "1"'), 'nvidia.com/gpu: 2', 'nvidia.com/gpu: 2'), 'parallel-size-gpus');
  assert.equal(idle.severity, 'info');
  assert.match(idle.message, /1 stay idle/);
});

test('server-port-mismatch: containerPort, probes and a Service in the same file against the port vLLM listens on', () => {
  const [service, container] = diagnostics(deployment, 'server-port-mismatch').sort((a, b) => a.start - b.start);
  assertRange(deployment, service, '8080', 11, 19);
  assert.match(service.message, /Service llama-70b sends traffic to port 8080, but vLLM in Deployment llama-70b listens on 8000/);
  assertRange(deployment, container, '8080', 43, 30);
  assert.equal(container.severity, 'warning');
  applyFixAndRelint(deployment, service);
  // --port 8080 makes containerPort and the Service right, and the liveness probe on 8000 wrong.
  const port = variant(deployment, '            - --max-model-len=8192\n', '            - --max-model-len=8192\n            - --port=8080\n');
  const probe = single(port, 'server-port-mismatch');
  assert.equal(probe.severity, 'error');
  assertRange(port, probe, '8000', 52, 21);
  assert.match(probe.message, /livenessProbe checks port 8000, but vLLM listens on 8080 \(--port 8080\)/);
  assert.match(applyFixAndRelint(port, probe).fixed, /port: 8080\n\s+periodSeconds/);
  const named = variant(port, 'port: 8000\n            periodSeconds', 'port: http\n            periodSeconds');
  assert.deepEqual(diagnostics(named, 'server-port-mismatch'), [], 'a named port resolves through the container ports');
  assert.deepEqual(diagnostics(sglang, 'server-port-mismatch'), [], "SGLang's default port 30000");
  assert.deepEqual(diagnostics(tgi, 'server-port-mismatch'), [], "TGI's image listens on 80");
});

test('shm-missing on workloads: tensor parallel without /dev/shm → warning on the flag; the fix adds the volume and the mount together', () => {
  const d = single(deployment, 'shm-missing');
  assertRange(deployment, d, '--tensor-parallel-size', 33, 15);
  const { fixed } = applyFixAndRelint(deployment, d);
  const spec = parseDocument(fixed.split('---\n')[1]).toJS().spec.template.spec;
  assert.deepEqual(spec.containers[0].volumeMounts.at(-1), { name: 'dshm', mountPath: '/dev/shm' });
  assert.deepEqual(spec.volumes.at(-1), { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '32Gi' } });
  const sg = single(sglang, 'shm-missing');
  assertRange(sglang, sg, '--tp', 25, 15);
  const sgFixed = parseDocument(applyFixAndRelint(sglang, sg).fixed).toJS().spec.template.spec;
  assert.deepEqual(sgFixed.volumes, [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '32Gi' } }]);
  assertRange(servingRuntime, single(servingRuntime, 'shm-missing'), '--tensor-parallel-size=2', 18, 11);
  assert.deepEqual(diagnostics(statefulSet, 'shm-missing'), []);
  assert.deepEqual(diagnostics(tgi, 'shm-missing'), []);
  assert.deepEqual(diagnostics(variant(sglang, '    spec:\n      containers:', '    spec:\n      hostIPC: true\n      containers:'), 'shm-missing'), []);
});

test('gpu-limit-missing on workloads: a vLLM Job with no GPU → error with the fix; silent on TPU, AMD, CPU and KServe runtimes', () => {
  const d = single(job, 'gpu-limit-missing');
  assert.equal(d.severity, 'error');
  assertRange(job, d, 'vllm/vllm-openai:v0.11.0', 12, 18);
  assert.match(applyFixAndRelint(job, d).fixed, /resources:\n\s+limits:\n\s+nvidia\.com\/gpu: 1\n/);
  const withResources = (limits: string) => variant(job, '          ports:\n', `          resources:\n            limits:\n              ${limits}\n          ports:\n`);
  assert.deepEqual(diagnostics(withResources('google.com/tpu: 4'), 'gpu-limit-missing'), []);
  assert.deepEqual(diagnostics(withResources('amd.com/gpu: 1'), 'gpu-limit-missing'), []);
  assert.deepEqual(diagnostics(variant(job, 'vllm/vllm-openai:v0.11.0', 'vllm/vllm-cpu:v0.11.0'), 'gpu-limit-missing'), []);
  assert.deepEqual(diagnostics(servingRuntime, 'gpu-limit-missing'), [], 'the InferenceService sets the resources');
});

test('image-tag-unpinned on workloads: :latest on 2 replicas → warning; the fix asks for the release; silent on one pod or a digest', () => {
  const d = single(deployment, 'image-tag-unpinned');
  assertRange(deployment, d, 'vllm/vllm-openai:latest', 29, 18);
  const fix = d.fixes![0];
  assert.equal(fix.title, 'Pin the image tag…');
  assert.equal(fix.input?.placeholder, TAG_PLACEHOLDER);
  assert.equal(fixWithInput(fix, 'not a tag!'), undefined);
  const pinned = applyTextEdits(deployment, fixWithInput(fix, 'v0.11.0')!.edits!);
  assert.match(pinned, /image: vllm\/vllm-openai:v0\.11\.0\n/);
  assert.deepEqual(diagnostics(pinned, 'image-tag-unpinned'), []);
  assert.deepEqual(diagnostics(variant(deployment, 'replicas: 2', 'replicas: 1'), 'image-tag-unpinned'), []);
  assert.deepEqual(diagnostics(variant(deployment, 'vllm/vllm-openai:latest', 'vllm/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'image-tag-unpinned'), []);
  const untagged = single(variant(deployment, 'vllm/vllm-openai:latest', 'vllm/vllm-openai'), 'image-tag-unpinned');
  assert.match(untagged.message, /no tag \(:latest\) on 2 pods/);
  assert.equal(diagnostics(lws, 'image-tag-unpinned').length, 2, 'leader and worker images of a group of 2 pods');
});

test('startup-probe-missing: liveness with no startup probe on a server that downloads its weights → warning on livenessProbe; the fix copies the check with a 30 min budget', () => {
  const d = single(deployment, 'startup-probe-missing');
  assertRange(deployment, d, 'livenessProbe', 48, 11);
  const { fixed } = applyFixAndRelint(deployment, d);
  const container = parseDocument(fixed.split('---\n')[1]).toJS().spec.template.spec.containers[0];
  assert.deepEqual(container.startupProbe, { httpGet: { path: '/health', port: 8000 }, periodSeconds: 10, failureThreshold: 180 });
  assertRange(tgi, single(tgi, 'startup-probe-missing'), 'livenessProbe', 34, 11);
  const big = single(variant(deployment, 'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.1-405B-Instruct'), 'startup-probe-missing');
  assert.match(big.fixes![0].title, /60 min/);
  assert.deepEqual(diagnostics(variant(deployment, '- meta-llama/Llama-3.1-70B-Instruct', '- /models/llama-70b'), 'startup-probe-missing'), [], 'a local path downloads nothing');
  assert.deepEqual(diagnostics(variant(deployment, '            periodSeconds: 10\n', '            periodSeconds: 10\n            initialDelaySeconds: 1800\n'), 'startup-probe-missing'), []);
  assert.deepEqual(diagnostics(variant(deployment, '          livenessProbe:', '          startupProbe:\n            httpGet: {path: /health, port: 8000}\n            failureThreshold: 180\n          livenessProbe:'), 'startup-probe-missing'), []);
});

test('vllm-deployment-ephemeral: a warning only where the weights really land on ephemeral storage', () => {
  const d = single(job, 'vllm-deployment-ephemeral');
  assert.equal(d.severity, 'warning');
  assertRange(job, d, 'vllm/vllm-openai:v0.11.0', 12, 18);
  assert.deepEqual(d.fixes!.map((f) => f.title), [
    'Mount a PersistentVolumeClaim (eval-server-hf-cache, 170Gi) at /root/.cache/huggingface',
    'Request ephemeral-storage: 170Gi',
    'Convert to NIMService',
  ]);
  const pvc = d.fixes![0];
  assert.match(pvc.newFile!.content, /kind: PersistentVolumeClaim\n[\s\S]*storage: 170Gi/);
  const mounted = applyFixAndRelint(job, d).fixed;
  assert.deepEqual(parseDocument(mounted).toJS().spec.template.spec.volumes, [{ name: 'hf-cache', persistentVolumeClaim: { claimName: 'eval-server-hf-cache' } }]);
  applyFixAndRelint(job, { ...d, fixes: [d.fixes![1]] });
  const resources = (block: string) => variant(job, '          ports:\n', `          resources:\n${block}          ports:\n`);
  const silent = {
    'an ephemeral-storage limit that holds the weights': resources('            limits:\n              nvidia.com/gpu: 1\n              ephemeral-storage: 200Gi\n'),
    'any limit when the model\'s size is unknown': variant(resources('            limits:\n              ephemeral-storage: 30Gi\n'), 'Qwen/Qwen2.5-72B-Instruct', 'acme/house-model'),
    'an ephemeral-storage request that holds the weights': resources('            requests:\n              ephemeral-storage: 200Gi\n'),
    'a TPU': resources('            limits:\n              google.com/tpu: 8\n'),
    'a small model': variant(job, 'Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen2.5-7B-Instruct'),
    'a local model path': variant(job, '"Qwen/Qwen2.5-72B-Instruct"', '"/models/qwen"'),
    'a CSI volume': variant(job, '          ports:\n', '          volumeMounts:\n            - name: models\n              mountPath: /root/.cache/huggingface\n          ports:\n') + '      volumes:\n        - name: models\n          csi:\n            driver: gcsfuse.csi.storage.gke.io\n',
    'a claim template': statefulSet,
  };
  for (const [why, text] of Object.entries(silent)) assert.deepEqual(diagnostics(text, 'vllm-deployment-ephemeral'), [], why);
  assert.equal(diagnostics(resources('            requests:\n              ephemeral-storage: 10Gi\n'), 'vllm-deployment-ephemeral').length, 1, 'a 10Gi request is no room for 72B');
  // Judged by numbers: 72B in bf16 is ~144 GB of weights; a limit is an informed choice only when it holds them.
  const tooSmallLimit = single(resources('            limits:\n              ephemeral-storage: 100Gi\n'), 'vllm-deployment-ephemeral');
  assert.match(tooSmallLimit.message, /~144 GB of weights.*only 107 GB/);
  assert.deepEqual(diagnostics(resources('            limits:\n              ephemeral-storage: 200Gi\n'), 'vllm-deployment-ephemeral'), [], 'a 200Gi limit holds 144 GB');
  const amd = single(resources('            limits:\n              amd.com/gpu: 1\n'), 'vllm-deployment-ephemeral');
  assert.ok(!amd.fixes!.some((f) => f.title === 'Convert to NIMService'), 'never told to become a NIMService on AMD GPUs');
});

test('model identity on workloads: hf-token-literal, and hf-token-missing only for a gated organisation\'s model', () => {
  const literal = variant(deployment, '              valueFrom:\n                secretKeyRef:\n                  name: hf-token-secret\n                  key: HF_TOKEN\n', '              value: hf_secret\n');
  const d = single(literal, 'hf-token-literal');
  assert.match(d.message, /anyone who can read the Deployment/);
  applyFixAndRelint(literal, d);
  assert.deepEqual(diagnostics(job, 'hf-token-missing'), [], 'Qwen models are public: no token needed');
  assert.equal(single(lws, 'hf-token-missing').severity, 'warning', 'meta-llama models are gated');
  const pinned = single(variant(job, 'Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen-Image-Edit'), 'pinned-model');
  assertRange(variant(job, 'Qwen/Qwen2.5-72B-Instruct', 'Qwen/Qwen-Image-Edit'), pinned, '"Qwen/Qwen-Image-Edit"', 13, 29);
});

test('parallel-size-gpus: no idle-GPU advice for vLLM-omni, whose stages take GPUs of their own', () => {
  const omni = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: s\n      image: vllm/vllm-omni:v0.20.0\n      args: [org/edit-model]\n      resources:\n        limits:\n          nvidia.com/gpu: 2\n';
  assert.deepEqual(diagnostics(omni, 'parallel-size-gpus'), []);
});
