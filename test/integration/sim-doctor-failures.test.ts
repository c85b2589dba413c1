import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli/runCli.js';
import { feedLiveTarget } from '../../src/core/doctor/liveSource.js';
import { StreamingDoctor } from '../../src/core/doctor/streamingDoctor.js';
import type { Finding } from '../../src/core/doctor/types.js';
import { openKube, type KubeAccess } from '../../src/core/kube/kubeAccess.js';
import type { NimService } from '../../src/core/kube/nimService.js';
import { serverSideApply } from '../../src/core/launch/serverSideApply.js';
import { node } from '../../src/sim/fixtures/builders.js';
import { imageEditOnSmallPvc, unknownModelWithRemoteCode } from '../../src/sim/fixtures/failures.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { clusterControllersPlugin, KEYS } from '../../src/sim/operator/index.js';
import { seedRecipeNamespace, waitFor } from './sim-operator-harness.js';

// Two failures the simulated kubelet plays from a manifest's own mistakes, as vLLM logs them, diagnosed on the
// live path `ies doctor TARGET` takes (previous and current logs, statuses, events over the API server):
// a PVC smaller than the weights fills during the download (a full disk, not /dev/shm), and an unknown model's
// own code (--trust-remote-code) fails with an exception no signature knows.
const NS = 'osmo-nims';

function withoutNodeSelector(spec: Record<string, unknown>): Record<string, unknown> {
  delete spec.nodeSelector;
  return spec;
}

describe('the simulator plays a full model PVC and a failure no signature knows; the doctor tells them apart', () => {
  let sim: Simulator;
  let kube: KubeAccess;
  before(async () => {
    sim = await startGpuLab({
      speed: 4000,
      seed: (ctx) => {
        seedRecipeNamespace(ctx.store);
        ctx.store.create(KEYS.nodes, node({ name: 'gpu-0', pool: 'h100', product: 'NVIDIA-H100-80GB-HBM3', gpus: 8, cpu: '96', memory: '1024Gi', ephemeral: '1000Gi', ip: '10.0.1.0' }, '2025-01-01T00:00:00Z'));
      },
      controllers: [clusterControllersPlugin],
    });
    kube = openKube({ kubeconfig: sim.kubeconfigPath });
  });
  after(async () => {
    kube.close();
    await sim.stop();
  });

  /** Applies the NIMService, waits until its container has crashed twice (a crash loop), and runs the doctor on it. */
  async function crashLoop(name: string, spec: Record<string, unknown>): Promise<{ findings: Finding[]; logs: Map<string, string[]> }> {
    const applied = await serverSideApply(kube.transport, { apiVersion: 'apps.nvidia.com/v1alpha1', kind: 'NIMService', metadata: { name, namespace: NS }, spec } as NimService, NS);
    assert.ok(applied.ok);
    await waitFor(`${name} restarted`, () => sim.store.list(KEYS.pods, NS).some((p) => p.metadata.labels?.app === name && ((p.status as { containerStatuses?: Array<{ restartCount: number }> })?.containerStatuses?.[0]?.restartCount ?? 0) >= 2), 20_000);
    await waitFor(`${name} NotReady`, () => (sim.store.get(KEYS.nimServices, NS, name)?.status as { state?: string } | undefined)?.state === 'NotReady', 10_000);
    const doctor = new StreamingDoctor();
    const logs = await feedLiveTarget(doctor, kube.transport, { namespace: NS, nimService: name });
    return { findings: doctor.findings(), logs };
  }

  test('a 10Gi PVC for ~58 GB of weights: Errno 28 under /model-store while downloading, a crash loop, and disk-full (not shm-too-small) first', async () => {
    const { findings, logs } = await crashLoop('smallpvc', withoutNodeSelector(imageEditOnSmallPvc()));
    const previous = [...logs].find(([source]) => source.endsWith('(previous)'))![1];
    const warning = previous.findIndex((l) => l.includes('UserWarning: Not enough free disk space to download the file.') && l.includes('The target location /model-store/huggingface/hub/models--nvidia--Qwen-Image-Edit-NVPCB-OVSL2SL/blobs only has'));
    const errno = previous.findIndex((l) => l === '(APIServer pid=1) OSError: [Errno 28] No space left on device');
    assert.ok(warning >= 0 && errno > warning, previous.slice(-24).join('\n'));
    assert.ok(previous.slice(0, errno).some((l) => l.includes('http_get') && l.includes('huggingface_hub/file_download.py')), 'the write fails in the download');
    const ids = findings.map((f) => f.signature);
    assert.equal(ids[0], 'disk-full', ids.join(', '));
    assert.ok(!ids.includes('shm-too-small'), ids.join(', '));
    assert.ok(!ids.includes('unrecognized-failure'), ids.join(', '));
    assert.match(findings[0].evidence.text, /\/model-store\//);
    assert.match(findings[0].fix, /spec\.storage\.pvc\.size/);
    assert.ok(ids.includes('crash-loop-backoff'), ids.join(', '));
  });

  test('an unknown model with --trust-remote-code: its config code raises KeyError, a crash loop, and unrecognized-failure with the traceback root first', async () => {
    const { findings, logs } = await crashLoop('customvlm', withoutNodeSelector(unknownModelWithRemoteCode()));
    const [f] = findings;
    assert.equal(f.signature, 'unrecognized-failure', findings.map((x) => x.signature).join(', '));
    assert.equal(f.evidence.text, "(APIServer pid=1) KeyError: 'rope_scaling'");
    assert.match(f.evidence.source, /^pod\/customvlm-[\w-]+ container\/customvlm( \(previous\))?$/);
    assert.match(f.rootFrame!.text, /^File "\/model-store\/huggingface\/modules\/transformers_modules\/acme\/custom-vlm\/\w+\/configuration_custom_vlm\.py", line 63, in __init__$/);
    assert.equal(f.rootFrame!.line, f.evidence.line - 3);
    const lines = logs.get(f.evidence.source)!;
    assert.deepEqual(f.context!.map((c) => c.text), lines.slice(f.context![0].line - 1, f.context![f.context!.length - 1].line), 'the context is the log as read');
    assert.ok(f.context!.some((c) => c.text.includes('rope_scaling["rope_theta"]')));
    assert.equal(f.search, "KeyError: 'rope_scaling'");
    assert.match(f.fix, /vLLM's issues .*KeyError/);
    assert.deepEqual(findings.slice(1).map((x) => x.role), findings.slice(1).map(() => 'symptom'), 'only symptoms besides it');
  });

  test('ies doctor TARGET says the same', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), isTTY: false, cwd: process.cwd(), env: {} };
    assert.equal(await runCli(['doctor', `${NS}/smallpvc`, '--kubeconfig', sim.kubeconfigPath], io), 1);
    assert.match(out.join(''), /1\. disk-full — Disk full/);
    out.length = 0;
    assert.equal(await runCli(['doctor', `${NS}/customvlm`, '--kubeconfig', sim.kubeconfigPath], io), 1);
    const text = out.join('');
    assert.match(text, /1\. unrecognized-failure — Failure not recognized/);
    assert.match(text, /root: pod\/customvlm-.*configuration_custom_vlm\.py", line 63, in __init__/);
    assert.match(text, /> +\d+ \| \(APIServer pid=1\) KeyError: 'rope_scaling'/);
  });
});
