// The Qwen-Image-Edit Day-0 recipe's procedure, command for command, with real kubectl against the simulated GPU lab: namespace and
// Secret the idempotent way, apply the image-edit template, wait for Ready, check pods, then verify that
// /v1/models serves exactly nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL through a port-forward.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderTemplate } from '../../src/core/scaffold/index.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ies-image-edit-recipe-'));
let sim: Simulator;
let env: NodeJS.ProcessEnv;

before(async () => {
  sim = await startGpuLab({ fixture: 'demo', speed: 600 });
  env = { ...process.env, KUBECONFIG: sim.kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
});
after(() => sim.stop());

const sh = async (script: string) => {
  const { stdout } = await exec('bash', ['-o', 'pipefail', '-c', script], { env, timeout: 90_000 });
  return stdout;
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('the image-edit recipe end to end: namespace, Secret, apply, wait Ready, pods healthy, /v1/models serves the pinned model', async () => {
  const name = 'qwen-image-edit-recipe';
  const manifest = join(dir, `${name}.yaml`);
  writeFileSync(manifest, renderTemplate('qwen-image-edit-vllm-omni', { name }).text);

  await sh('kubectl create namespace osmo-nims --dry-run=client -o yaml | kubectl apply -f -');
  await sh('kubectl -n osmo-nims create secret generic hf-token-secret --from-literal=HF_TOKEN="hf_simulated_token" --dry-run=client -o yaml | kubectl apply -f -');
  assert.match(await sh(`kubectl apply -f ${manifest}`), new RegExp(`nimservice.apps.nvidia.com/${name} (created|configured)`));
  assert.match(await sh(`kubectl -n osmo-nims wait --for=condition=Ready nimservice.apps.nvidia.com/${name} --timeout=60s`), /condition met/);

  const pods = JSON.parse(await sh(`kubectl -n osmo-nims get po -l app.kubernetes.io/name=${name} -o json`)) as { items: Array<{ metadata: { name: string }; status: { containerStatuses: Array<{ ready: boolean; restartCount: number }> } }> };
  assert.equal(pods.items.length, 1);
  assert.deepEqual(pods.items[0].status.containerStatuses.map((c) => [c.ready, c.restartCount]), [[true, 0]], 'pod 1/1, no restarts');
  // The recipe's state check (the NIMService itself carries no such label; its Deployment and pod do).
  const state = await sh(`kubectl -n osmo-nims get nimservice,deploy,po -l app.kubernetes.io/name=${name}`);
  assert.match(state, new RegExp(`deployment.apps/${name}\\s+1/1`));
  assert.match(state, new RegExp(`pod/${name}-\\S+\\s+1/1\\s+Running\\s+0\\s`));

  const local = await freePort();
  const forward = spawn('kubectl', ['-n', 'osmo-nims', 'port-forward', `pod/${pods.items[0].metadata.name}`, `${local}:8000`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('port-forward did not start')), 20_000);
      forward.stdout!.on('data', (d: Buffer) => {
        if (/Forwarding from 127\.0\.0\.1/.test(d.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // The recipe's check: `curl -fsS …/v1/models | grep -q 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' && echo OK`.
    const verdict = await sh(`curl -fsS http://127.0.0.1:${local}/v1/models | grep -q 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' && echo OK || echo NOT_READY`);
    assert.equal(verdict.trim(), 'OK');
    const models = (await (await fetch(`http://127.0.0.1:${local}/v1/models`)).json()) as { data: Array<{ id: string }> };
    assert.deepEqual(models.data.map((m) => m.id), ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL']);
  } finally {
    forward.kill();
  }
});
