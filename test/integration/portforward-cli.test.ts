// ies port-forward against the simulated GPU lab: prints the local URL and OPENAI_BASE_URL, answers /v1/models,
// follows a replaced pod on the same port, stops on Ctrl-C; usage errors and an unreachable cluster exit 2.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/runCli.js';
import { createDispatcher } from '../../src/core/http/dispatcher.js';
import { httpRequest } from '../../src/core/http/request.js';
import { startGpuLab } from '../../src/sim/gpuLab.js';
import type { Simulator } from '../../src/sim/index.js';
import { readyPodOf, waitFor } from './portforward-harness.js';

const NS = 'osmo-nims';
const NAME = 'nemotron-nano-vl-caption';

function io(env: NodeJS.ProcessEnv = {}) {
  const captured = { out: '', err: '' };
  const value: CliIo = { out: (t) => (captured.out += t), err: (t) => (captured.err += t), isTTY: false, cwd: process.cwd(), env };
  return { io: value, captured };
}

describe('ies port-forward', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startGpuLab({ fixture: 'demo', speed: 600 });
    await waitFor(() => readyPodOf(sim, NS, NAME), 30_000, `${NAME} has no ready pod`);
  });
  after(async () => sim?.stop());

  test('forwards to the endpoint, prints OPENAI_BASE_URL, follows a replaced pod on the same port, stops on Ctrl-C', async () => {
    const { io: cli, captured } = io();
    const running = runCli(['port-forward', `${NS}/${NAME}`, ':8000', '--kubeconfig', sim.kubeconfigPath], cli);
    const url = await waitFor(() => /on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(captured.out)?.[1], 15_000, `the local URL is printed (stderr: ${captured.err})`);
    assert.match(captured.out, new RegExp(`^Forwarding ${NS}/${NAME} \\(pod/${NAME}-[a-z0-9]+-[a-z0-9]+:8000\\) on ${url}\\nexport OPENAI_BASE_URL=${url}/v1\\nPress Ctrl-C to stop\\.\\n$`));
    const dispatcher = createDispatcher({ timeoutMs: 5000 });
    try {
      const models = await httpRequest(`${url}/v1/models`, { dispatcher });
      assert.equal(models.status, 200);
      assert.match(models.body.toString('utf8'), /"object":\s*"list"/);

      const first = readyPodOf(sim, NS, NAME)!;
      sim.store.delete('pods', NS, first);
      await waitFor(() => { const p = readyPodOf(sim, NS, NAME); return p && p !== first; }, 30_000, 'a replacement pod is ready');
      const again = await waitFor(async () => (await httpRequest(`${url}/v1/models`, { dispatcher }).catch(() => undefined))?.status === 200, 15_000, '/v1/models again on the same port');
      assert.equal(again, true);
    } finally {
      await dispatcher.close();
      process.emit('SIGINT');
    }
    assert.equal(await running, 0);
    await assert.rejects(httpRequest(`${url}/v1/models`, { dispatcher: createDispatcher({ timeoutMs: 1000 }) }), 'the port is closed after Ctrl-C');
  });

  test('usage errors, a taken local port and an unreachable cluster exit 2; no ready pod exits 1', async () => {
    const usage = async (args: string[], pattern: RegExp) => {
      const { io: cli, captured } = io();
      assert.equal(await runCli(['port-forward', ...args], cli), 2, captured.err);
      assert.match(captured.err, pattern);
    };
    await usage([`${NS}/${NAME}`], /give TARGET and \[LOCAL:\]REMOTE/);
    await usage([`${NS}/${NAME}`, '80000', '--kubeconfig', sim.kubeconfigPath], /cannot read port "80000"/);
    await usage([`${NS}/${NAME}`, 'x:8000', '--kubeconfig', sim.kubeconfigPath], /cannot read port "x:8000"/);
    await usage(['a/b/c', '8000', '--kubeconfig', sim.kubeconfigPath], /cannot read TARGET/);

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await usage([`${NS}/${NAME}`, `${port}:8000`, '--kubeconfig', sim.kubeconfigPath], new RegExp(`local port ${port} is already in use`));
    } finally {
      taken.close();
    }

    const unreachable = join(sim.kubeconfigPath, '..', 'unreachable.yaml');
    writeFileSync(unreachable, 'apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n- name: gone\n  context: { cluster: gone, user: u }\ncurrent-context: gone\n');
    await usage([`${NS}/${NAME}`, '8000', '--kubeconfig', unreachable], /gone|unreachable|ECONNREFUSED|refused/i);

    const { io: cli, captured } = io();
    assert.equal(await runCli(['port-forward', 'qwen-image-edit-noshm', ':8000', '-n', NS, '--kubeconfig', sim.kubeconfigPath], cli), 1);
    assert.match(captured.err, /no ready pod matches app\.kubernetes\.io\/name=qwen-image-edit-noshm/);
  });

  test('is in the help table and has its own help', async () => {
    const { io: cli, captured } = io();
    assert.equal(await runCli(['--help'], cli), 0);
    assert.match(captured.out, /\n {2}port-forward +forward a local port to an endpoint's ready pod/);
    const own = io();
    assert.equal(await runCli(['port-forward', '--help'], own.io), 0);
    assert.match(own.captured.out, /^Usage: ies port-forward TARGET \[LOCAL:\]REMOTE/);
  });
});
