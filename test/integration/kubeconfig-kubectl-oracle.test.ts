// Real kubectl is the oracle for how kubeconfig files merge. Random KUBECONFIG sets — several files in several
// folders, the same cluster/user/context names in more than one file, current-context set in some files or none,
// namespaces, relative certificate paths, token / client-certificate / exec users — are read by our one loader
// (src/core/kube/kubeconfigFiles.ts, behind every CLI command and extension feature) and by
// `kubectl config view --merge --flatten`, `kubectl config current-context` and `kubectl config view --minify`.
// KUBECONFIG_ORACLE_SEED=<n> replays a run; KUBECONFIG_ORACLE_SETS=<n> sets how many sets (default 200).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { loadKubeconfigs, kubeConfigFor } from '../../src/core/kube/kubeconfigFiles.js';
import { Random, seedFromEnv } from '../reliability/fuzz/random.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const SETS = Number(process.env.KUBECONFIG_ORACLE_SETS ?? 200);
const seed = seedFromEnv('KUBECONFIG_ORACLE_SEED');
const root = mkdtempSync(join(tmpdir(), 'ies-kubeconfig-oracle-'));
after(() => rmSync(root, { recursive: true, force: true }));

const CLUSTERS = ['lab', 'prod', 'gpu'];
const USERS = ['admin', 'viewer', 'ci'];
const CONTEXTS = ['lab', 'prod', 'gpu-admin', 'gpu-view'];

interface Written { paths: string[]; }

/** One random set of kubeconfig files; relative paths point at files written beside each kubeconfig. */
function writeSet(r: Random, dir: string): Written {
  const count = 1 + r.int(4);
  const paths: string[] = [];
  for (let f = 0; f < count; f++) {
    const folder = join(dir, r.chance(0.5) ? `f${f}` : `f${f}/nested`);
    mkdirSync(folder, { recursive: true });
    const tag = `${f}-${r.int(1000)}`;
    const clusters = CLUSTERS.filter(() => r.chance(0.5)).map((name) => {
      const cluster: Record<string, unknown> = { server: `https://10.${f}.${r.int(250)}.1:6443` };
      if (r.chance(0.5)) {
        writeFileSync(join(folder, `ca-${name}.crt`), `CA ${name} ${tag}\n`);
        cluster['certificate-authority'] = `ca-${name}.crt`;
      } else if (r.chance(0.5)) cluster['insecure-skip-tls-verify'] = true;
      return { name, cluster };
    });
    const users = USERS.filter(() => r.chance(0.5)).map((name) => {
      const kind = r.int(3);
      if (kind === 0) return { name, user: { token: `token-${name}-${tag}` } };
      if (kind === 1) {
        writeFileSync(join(folder, `${name}.crt`), `CERT ${name} ${tag}\n`);
        writeFileSync(join(folder, `${name}.key`), `KEY ${name} ${tag}\n`);
        return { name, user: { 'client-certificate': `${name}.crt`, 'client-key': `${name}.key` } };
      }
      return { name, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: `helper-${tag}`, args: ['token', name] } } };
    });
    const contexts = CONTEXTS.filter(() => r.chance(0.5)).map((name) => ({
      name,
      context: { cluster: r.pick(CLUSTERS), user: r.pick(USERS), ...(r.chance(0.5) ? { namespace: `ns-${tag}` } : {}) },
    }));
    const current = r.chance(0.4) ? r.pick([...CONTEXTS, 'missing-context']) : undefined;
    const path = join(folder, r.chance(0.5) ? 'config' : `kubeconfig-${f}.yaml`);
    writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters, users, contexts, ...(current ? { 'current-context': current } : {}) }));
    paths.push(path);
  }
  return { paths };
}

async function kubectl(paths: string[], args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: root, KUBECONFIG: paths.join(delimiter) };
  try {
    const { stdout, stderr } = await run(KUBECTL, args, { env, cwd: root });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const b64 = (file: string | undefined) => (file ? readFileSync(file).toString('base64') : undefined);

/** What kubectl's flattened view says of a cluster, a user and a context, in one comparable shape. */
type Flat = { clusters: Record<string, unknown>; users: Record<string, unknown>; contexts: Record<string, unknown>; current?: string };

function fromKubectl(view: { clusters?: Array<{ name: string; cluster: Record<string, unknown> }>; users?: Array<{ name: string; user: Record<string, unknown> }>; contexts?: Array<{ name: string; context: Record<string, unknown> }>; 'current-context'?: string }): Flat {
  const exec = (e: Record<string, unknown> | undefined) => (e ? { command: e.command, args: e.args } : undefined);
  return {
    clusters: Object.fromEntries((view.clusters ?? []).map((c) => [c.name, { server: c.cluster.server, ca: c.cluster['certificate-authority-data'], skipTLS: Boolean(c.cluster['insecure-skip-tls-verify']) }])),
    users: Object.fromEntries((view.users ?? []).map((u) => [u.name, { token: u.user.token, cert: u.user['client-certificate-data'], key: u.user['client-key-data'], exec: exec(u.user.exec as Record<string, unknown> | undefined) }])),
    contexts: Object.fromEntries((view.contexts ?? []).map((c) => [c.name, { cluster: c.context.cluster, user: c.context.user, namespace: c.context.namespace }])),
    current: view['current-context'] || undefined,
  };
}

function fromOurs(paths: string[]): Flat {
  const loaded = loadKubeconfigs(paths);
  assert.deepEqual(loaded.errors, [], 'every generated file loads');
  const kc = loaded.kubeConfig;
  return {
    clusters: Object.fromEntries(kc.getClusters().map((c) => [c.name, { server: c.server, ca: b64(c.caFile) ?? c.caData, skipTLS: Boolean(c.skipTLSVerify) }])),
    users: Object.fromEntries(kc.getUsers().map((u) => [u.name, {
      token: u.token, cert: b64(u.certFile) ?? u.certData, key: b64(u.keyFile) ?? u.keyData,
      exec: u.exec ? { command: (u.exec as { command: string }).command, args: (u.exec as { args?: string[] }).args } : undefined,
    }])),
    contexts: Object.fromEntries(loaded.contexts.map((c) => [c.name, { cluster: c.cluster, user: c.user, namespace: c.namespace }])),
    current: loaded.currentContext,
  };
}

const clean = (value: unknown) => JSON.parse(JSON.stringify(value));

test(`${SETS} random kubeconfig sets: our merge, current context and minified context agree with kubectl (seed ${seed})`, { timeout: 600_000 }, async () => {
  console.log(`kubeconfig oracle: seed ${seed} (replay with KUBECONFIG_ORACLE_SEED=${seed})`);
  const r = new Random(seed);
  let withCurrent = 0;
  let overlapping = 0;
  for (let i = 0; i < SETS; i++) {
    const dir = join(root, `set-${i}`);
    const { paths } = writeSet(r, dir);
    const where = `set ${i} (seed ${seed}): KUBECONFIG=${paths.join(delimiter)}`;
    const view = await kubectl(paths, ['config', 'view', '--merge', '--flatten', '-o', 'json']);
    assert.ok(view.ok, `${where}: kubectl config view failed: ${view.stderr}`);
    const theirs = fromKubectl(JSON.parse(view.stdout));
    const ours = fromOurs(paths);
    assert.deepEqual(clean(ours), clean(theirs), `${where}: merged view`);
    if (paths.length > 1) overlapping++;

    const current = await kubectl(paths, ['config', 'current-context']);
    assert.equal(current.ok ? current.stdout.trim() : undefined, ours.current, `${where}: current-context (${current.stderr.trim()})`);
    if (!ours.current) continue;
    withCurrent++;
    // kubectl's --minify keeps the current context, its cluster and its user; a dangling reference is its error.
    const minify = await kubectl(paths, ['config', 'view', '--minify', '--flatten', '-o', 'json']);
    const loaded = loadKubeconfigs(paths);
    const context = loaded.contexts.find((c) => c.name === ours.current);
    if (!minify.ok) {
      assert.ok(!context || !theirs.clusters[context.cluster] || !theirs.users[context.user], `${where}: kubectl --minify failed where ours resolved the context: ${minify.stderr}`);
      continue;
    }
    const min = fromKubectl(JSON.parse(minify.stdout));
    const kc = kubeConfigFor(loaded, ours.current);
    assert.equal(kc.getCurrentContext(), ours.current);
    assert.deepEqual(Object.keys(min.contexts), [ours.current], `${where}: minified context`);
    const cluster = kc.getCurrentCluster();
    const minCluster = Object.values(min.clusters)[0] as { server?: string } | undefined;
    assert.equal(cluster?.server, minCluster?.server, `${where}: the current context's server`);
    const user = kc.getCurrentUser();
    assert.equal(user?.name, Object.keys(min.users)[0], `${where}: the current context's user`);
    assert.equal(kc.getContextObject(ours.current)?.namespace, (Object.values(min.contexts)[0] as { namespace?: string }).namespace, `${where}: namespace`);
    // Relative certificate paths are resolved against the file that names them (kubectl inlined the same bytes).
    const definedIn = paths.find((p) => (JSON.parse(readFileSync(p, 'utf8')).users as Array<{ name: string }>).some((u) => u.name === user?.name));
    if (user?.certFile) assert.equal(dirname(user.certFile), dirname(definedIn!), `${where}: client-certificate resolved beside the kubeconfig that names the user`);
  }
  console.log(`kubeconfig oracle: ${SETS} sets, ${overlapping} with several files, ${withCurrent} with a current context: all agree with kubectl`);
  assert.ok(withCurrent > SETS / 5 && overlapping > SETS / 2, 'the generator covers current contexts and multi-file sets');
});
