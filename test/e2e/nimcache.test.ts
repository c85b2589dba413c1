// NIMCaches in real VS Code against the simulated lab, whose NIM Operator runs the caching job: the tree shows a cache
// with its state, PVC, profiles and the caching job's pod; List Compatible Profiles lists the cached profile with the
// GPU pool it runs on; Diagnose on the pod of a cache that asked for a profile the NIM does not ship names the cause;
// the editor's NIMCache lint reads the caches of the files and, with the explorer open, of the cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { KEYS } from '../../src/sim/operator/index.js';
import { nimCacheObject } from '../integration/sim-operator-harness.js';
import { problemsOfFile, readProblems, waitForProblem } from './harness/problems.js';
import { diagnoseFirstFinding } from './harness/treeActions.js';
import { useSession } from './harness/session.js';
import { openFile, runCommand, runContextMenu } from './harness/workbench.js';

const NS = 'osmo-nims';
const GPU_TOLERATION = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];

function nimCache(name: string, profile: string) {
  return nimCacheObject(name, { namespace: NS, ngc: { model: { profiles: [profile] } }, spec: { tolerations: GPU_TOLERATION } });
}

const CACHE_FILE = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMCache
metadata:
  name: llama-cache
spec:
  source:
    ngc:
      modelPuller: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4
      pullSecret: nvcr-pull-secret
      authSecret: ngc-api-secret
      model:
        profiles:
          - tensorrt_llm-h100-bf16-tp2-latency
  storage:
    pvc:
      create: true
      size: 10Gi
      volumeAccessMode: ReadWriteOnce
`;

const SERVICE_FILE = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.8.4"
    pullSecrets: [nvcr-pull-secret]
  authSecret: ngc-api-secret
  storage:
    nimCache:
      name: llama-cache
      profile: tensorrt_llm-h100-bf16-tp1-throughput
  resources:
    limits:
      nvidia.com/gpu: 2
  expose:
    service:
      port: 8000
`;

let sim: Simulator;
const s = useSession('nimcache', async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  sim.store.create(KEYS.nimCaches, nimCache('llama-cache', 'tensorrt_llm-h100-bf16-tp1-throughput'));
  sim.store.create(KEYS.nimCaches, nimCache('typo-cache', 'tensorrt_llm-h100-bf16-tp1-througput'));
  return { kubeconfig: sim.kubeconfigPath, onClose: () => sim.stop(), files: { 'llama-cache.nimcache.yaml': CACHE_FILE, 'llama.nimservice.yaml': SERVICE_FILE } };
});

test('NIM Caches: state, PVC, profiles and the caching pod in the tree; List Compatible Profiles; Diagnose names an unknown profile', async () => {
  await s.run('nimcache', async (page) => {
    const treeItem = (name: RegExp) => page.getByRole('treeitem', { name }).first();
    const expand = async (name: RegExp) => {
      const row = treeItem(name);
      await row.waitFor({ timeout: 120_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      return row;
    };
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    await expand(/^gpu-lab\b/);
    await expand(/^NIM Caches/);

    const llama = await expand(/^llama-cache Ready · PVC llama-cache-pvc 50Gi · 1 profile/);
    await treeItem(/^PVC llama-cache-pvc 50Gi requested/).waitFor({ timeout: 30_000 });
    await treeItem(/^tensorrt_llm-h100-bf16-tp1-throughput cached · tensorrt_llm H100 bf16 tp1 throughput · runs on h100$/).waitFor({ timeout: 30_000 });
    await treeItem(/^llama-cache-job-[a-z0-9]{5} Succeeded/).waitFor({ timeout: 30_000 });

    await runContextMenu(page, llama, 'List Compatible Profiles');
    const title = page.locator('.quick-input-title', { hasText: 'Compatible profiles — NIMCache osmo-nims/llama-cache: 1 of 1 compatible' });
    await title.waitFor({ timeout: 30_000 });
    const row = page.locator('.quick-input-list .monaco-list-row:visible').first();
    const rowText = (await row.textContent()) ?? '';
    assert.match(rowText, /✓ tensorrt_llm-h100-bf16-tp1-throughput \(cached; tensorrt_llm H100 bf16 tp1\)/, rowText);
    assert.match(rowText, /runs on h100/, rowText);
    await page.keyboard.press('Escape');

    await expand(/^typo-cache (Failed|InProgress|Pending)/);
    await treeItem(/^typo-cache Failed/).waitFor({ timeout: 120_000 });
    await treeItem(/^tensorrt_llm-h100-bf16-tp1-througput selected, not cached yet/).waitFor({ timeout: 30_000 });
    // The Job retries with back-off (six pods in all): diagnose once it has given up, so the tree holds still.
    const jobPods = page.getByRole('treeitem', { name: /^typo-cache-job-[a-z0-9]{5} Failed/ });
    for (const deadline = Date.now() + 120_000; (await jobPods.count()) < 6; ) {
      assert.ok(Date.now() < deadline, `the caching job's six pods (${await jobPods.count()} so far)`);
      await page.waitForTimeout(500);
    }
    await page.waitForTimeout(1000);
    const pod = jobPods.first();
    const finding = await diagnoseFirstFinding(page, pod);
    assert.match(finding, /^1\. NIM profile not available for this model or GPU/, finding);
    assert.match(finding, /Unknown profiles provided: \{'tensorrt_llm-h100-bf16-tp1-througput'\}/, finding);
    // Diagnose on the cache itself reads its newest caching pod.
    const onCache = await diagnoseFirstFinding(page, treeItem(/^typo-cache Failed/));
    assert.match(onCache, /^1\. NIM profile not available for this model or GPU/, onCache);
  });
});

test('NIMCache lint in the editor: the PVC smaller than the model, and a NIMService naming a profile its cache (in another open file) does not hold', async () => {
  await s.run('nimcache-lint', async (page) => {
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'llama-cache.nimcache.yaml');
    await waitForProblem(page, /spec\.storage\.pvc\.size 10Gi is smaller than what this NIMCache stores/);
    await openFile(page, 'llama.nimservice.yaml');
    await waitForProblem(page, /Profile "tensorrt_llm-h100-bf16-tp1-throughput" is not in NIMCache llama-cache/);
    const rows = problemsOfFile(await readProblems(page), 'llama.nimservice.yaml');
    const row = rows.find((r) => /is not in NIMCache llama-cache/.test(r));
    assert.match(row ?? '', /at line 14 and/, JSON.stringify(rows));
  });
});

test('Validate NIMService Manifests in Workspace: closed files too, a NIMService checked against the NIMCache declared in another file', async () => {
  await s.run('validate-workspace', async (page) => {
    await runCommand(page, 'View: Close All Editors');
    // Nothing open: the findings that follow come from the files on disk.
    await runCommand(page, 'Inference Endpoint Studio: Validate NIMService Manifests in Workspace');
    const summary = page.locator('.notification-list-item-message', { hasText: /YAML files? checked, \d+ problems? found/ }).first();
    await summary.waitFor({ timeout: 60_000 });
    assert.match((await summary.textContent()) ?? '', /^2 YAML files checked, [1-9]\d* problems? found\.$/);
    const rows = await waitForProblem(page, /Profile "tensorrt_llm-h100-bf16-tp1-throughput" is not in NIMCache llama-cache/);
    assert.ok(problemsOfFile(rows, 'llama-cache.nimcache.yaml').some((r) => /spec\.storage\.pvc\.size 10Gi is smaller than what this NIMCache stores/.test(r)), JSON.stringify(rows));
    assert.ok(problemsOfFile(rows, 'llama.nimservice.yaml').some((r) => /is not in NIMCache llama-cache/.test(r) && /at line 14 and/.test(r)), JSON.stringify(rows));
  });
});

test('NIMCache lint against the cluster: with the explorer open, a NIMService naming a profile its NIMCache in the cluster does not hold gets the error, naming the cluster', async () => {
  await s.run('nimcache-lint-cluster', async (page) => {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Inference Endpoints' }).click({ timeout: 60_000 });
    await page.getByRole('treeitem', { name: /^gpu-lab\b/ }).first().waitFor({ timeout: 60_000 });
    // Only the cluster has this cache (the demo lab's, in namespace inference); no file of the workspace declares it.
    writeFileSync(join(s.workspace, 'uses-cluster-cache.nimservice.yaml'), SERVICE_FILE
      .replace('  name: llama\n', '  name: llama-8b\n  namespace: inference\n')
      .replace('name: llama-cache', 'name: llama-3-1-8b-cache')
      .replace('profile: tensorrt_llm-h100-bf16-tp1-throughput', 'profile: vllm-h100-bf16-tp2')
      .replace('nvidia.com/gpu: 2', 'nvidia.com/gpu: 1'));
    await openFile(page, 'uses-cluster-cache.nimservice.yaml');
    const rows = await waitForProblem(page, /Profile "vllm-h100-bf16-tp2" is not in NIMCache llama-3-1-8b-cache \(in cluster gpu-lab\), which holds tensorrt_llm-h100-bf16-tp1-throughput/);
    assert.ok(problemsOfFile(rows, 'uses-cluster-cache.nimservice.yaml').some((r) => /is not in NIMCache llama-3-1-8b-cache/.test(r)), JSON.stringify(rows));
  });
});
