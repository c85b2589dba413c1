// The kubectl fidelity matrix: the commands the product's users run, against every kubectl version present
// (KUBECTL_VERSIONS in sim-kubectl-matrix-checks.ts, which also renders the README table), with no --validate=false.
// A version whose binary is absent is skipped, saying so.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useKubectlLab } from './kubectl-lab.js';
import { freePort, outputOf } from './sim-apiserver-harness.js';
import { nimServiceYaml } from './sim-apiserver-fixtures.js';
import { KUBECTL_VERSIONS, MATRIX_COMMANDS, kubectlBinary } from './sim-kubectl-matrix-checks.js';
import { nimOperatorMainCrdDir as crdDir } from '../support/thirdParty.js';

const deploymentYaml = (env: Array<[string, string]>) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: server
        image: nginx:1.27
        env:
${env.map(([n, v]) => `        - name: ${n}\n          value: "${v}"`).join('\n')}
`;

const present = readdirSync('/usr/lib/google-cloud-sdk/bin').filter((f) => /^kubectl\.1\.\d+$/.test(f)).map((f) => f.slice('kubectl.'.length));
const unlisted = present.filter((v) => !KUBECTL_VERSIONS.includes(v));
if (unlisted.length) console.log(`kubectl versions present but not in the matrix (add them to KUBECTL_VERSIONS): ${unlisted.join(', ')}`);

for (const version of KUBECTL_VERSIONS) {
  const binary = kubectlBinary(version);
  const absent = !existsSync(binary);
  if (absent) console.log(`skipping kubectl ${version}: ${binary} is absent`);
  describe(`kubectl ${version}`, { skip: absent ? `${binary} is absent` : false }, () => {
    const lab = useKubectlLab(binary, { dirPrefix: `ies-kubectl-${version}-`, crdPaths: [join(crdDir, 'apps.nvidia.com_nimservices.yaml')] });
    const ok = async (args: string[]) => {
      const r = await lab.kubectl.run(args);
      assert.equal(r.code, 0, `kubectl ${version} ${args.join(' ')}: ${r.stderr}`);
      return r;
    };
    const checks = new Map<string, () => Promise<void>>([
      ['get', async () => {
        assert.match((await ok(['get', 'nodes'])).stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n[\s\S]*gpu-node-1\s+Ready\s+worker/);
        assert.match((await ok(['get', 'pods', '-o', 'wide'])).stdout, new RegExp(`${lab.podName}\\s+1/1\\s+Running.*10\\.244\\.1\\.7\\s+gpu-node-1`));
        assert.equal(JSON.parse((await ok(['get', 'pods', '-o', 'json'])).stdout).items[0].metadata.name, lab.podName);
        await ok(['get', 'nimservices']);
      }],
      ['describe', async () => {
        const out = (await ok(['describe', 'pod', lab.podName])).stdout;
        assert.match(out, /Status:\s+Running/);
        assert.match(out, /Last State:\s+Terminated\n\s+Reason:\s+OOMKilled/);
        assert.match(out, /Normal\s+Started\s+\S+\s+kubelet\s+Started container nim/);
      }],
      ['apply', async () => {
        assert.match((await ok(['apply', '-f', lab.file('web.yaml', deploymentYaml([['A', '1']]))])).stdout, /deployment\.apps\/web created/);
        assert.match((await ok(['apply', '-f', lab.file('web.yaml', deploymentYaml([['A', '1'], ['B', '2']]))])).stdout, /deployment\.apps\/web configured/);
        const env = (lab.sim.store.get('deployments.apps', 'default', 'web') as any).spec.template.spec.containers[0].env;
        assert.deepEqual(env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
      }],
      ['apply-server-side', async () => {
        assert.match((await ok(['apply', '--server-side', '-f', lab.file('nim.yaml', nimServiceYaml('llama'))])).stdout, /nimservice\.apps\.nvidia\.com\/llama serverside-applied/);
        const conflict = await lab.kubectl.run(['apply', '--server-side', '--field-manager=platform', '-f', lab.file('nim2.yaml', nimServiceYaml('llama', { replicas: 2 }))]);
        assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
        await ok(['apply', '--server-side', '--field-manager=platform', '--force-conflicts', '-f', join(lab.dir, 'nim2.yaml')]);
        assert.equal((lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama') as any).spec.replicas, 2);
      }],
      ['diff', async () => {
        const r = await lab.kubectl.run(['diff', '-f', lab.file('web-diff.yaml', deploymentYaml([['A', '1'], ['B', '3']]))]);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout, /-\s+value: "2"\n\+\s+value: "3"/);
      }],
      ['wait', async () => {
        const waiting = lab.kubectl.run(['wait', '--for=condition=Ready', 'nimservice/llama', '--timeout=15s']);
        await new Promise((resolve) => setTimeout(resolve, 700));
        const current = lab.sim.store.get('nimservices.apps.nvidia.com', 'default', 'llama')!;
        lab.sim.store.update('nimservices.apps.nvidia.com', { ...current, status: { state: 'Ready', conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'ok', lastTransitionTime: '2025-01-01T00:00:00Z' }] } });
        const r = await waiting;
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /condition met/);
      }],
      ['logs-follow', async () => {
        lab.logs.write('default', lab.podName, 'nim', 'INFO booting');
        const child = lab.kubectl.spawn(['logs', '-f', lab.podName]);
        const output = outputOf(child);
        try {
          await output.wait(/INFO booting/);
          lab.logs.write('default', lab.podName, 'nim', 'INFO ready');
          await output.wait(/INFO ready/);
        } finally {
          child.kill();
        }
      }],
      ['logs-previous', async () => {
        lab.logs.setPrevious('default', lab.podName, 'nim', ['torch.OutOfMemoryError: CUDA out of memory']);
        assert.equal((await ok(['logs', lab.podName, '--previous'])).stdout, 'torch.OutOfMemoryError: CUDA out of memory\n');
      }],
      ['port-forward', async () => {
        const local = await freePort();
        const child = lab.kubectl.spawn(['port-forward', `pod/${lab.podName}`, `${local}:8000`]);
        const output = outputOf(child);
        try {
          await output.wait(/Forwarding from 127\.0\.0\.1/);
          const response = await fetch(`http://127.0.0.1:${local}/v1/models`);
          assert.equal(((await response.json()) as { data: Array<{ id: string }> }).data[0].id, 'nvidia/test-model');
        } finally {
          child.kill();
        }
      }],
      ['rollout-restart', async () => {
        assert.match((await ok(['rollout', 'restart', 'deployment/web'])).stdout, /deployment\.apps\/web restarted/);
        const annotations = (lab.sim.store.get('deployments.apps', 'default', 'web') as any).spec.template.metadata.annotations;
        assert.ok(annotations['kubectl.kubernetes.io/restartedAt']);
      }],
      ['scale', async () => {
        assert.match((await ok(['scale', 'deployment/web', '--replicas=3'])).stdout, /deployment\.apps\/web scaled/);
        assert.equal((lab.sim.store.get('deployments.apps', 'default', 'web') as any).spec.replicas, 3);
      }],
      ['delete', async () => {
        assert.match((await ok(['delete', 'deployment', 'web'])).stdout, /deployment\.apps "web" deleted/);
        assert.match((await ok(['delete', '-f', join(lab.dir, 'nim.yaml')])).stdout, /nimservice\.apps\.nvidia\.com "llama" deleted/);
        assert.equal(lab.sim.store.get('deployments.apps', 'default', 'web'), undefined);
      }],
    ]);


    for (const command of MATRIX_COMMANDS) {
      it(`${command.id}: ${command.checks}`, () => checks.get(command.id)!());
    }
  });
}
