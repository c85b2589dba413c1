// The simulated kubelet's pod statuses and events, judged by real kubectl (get pods STATUS, describe pod) and
// by the doctor. Each scenario runs on the simulator; every version of each pod is recorded, so a passing state
// (Evicted before the containers are reported dead, OOMKilled before CrashLoopBackOff) is checked as kubectl shows it.
//
// Where the wording comes from (kubernetes/kubernetes unless named):
// - STATUS column: pkg/printers/internalversion/printers.go printPod — the pod's reason (Evicted), then the last
//   container's waiting reason or terminated reason overrides it; so an evicted pod reads Evicted only until its
//   containers are reported terminated, then the container's reason (Error). Real clusters since 1.22 do this:
//   issues #105358 and #105467 (`kubectl get pod` showing Evicted, then Error / ContainerStatusUnknown).
// - Eviction: pkg/kubelet/eviction/helpers.go nodeLowMessageFmt "The node was low on resource: %v. ",
//   thresholdMetMessageFmt "Threshold quantity: %v, available: %v. ", containerMessageFmt "Container %s was using
//   %s, request is %s, has larger consumption of %v. ", podEphemeralStorageMessageFmt "Pod ephemeral local storage
//   usage exceeds the total limit of containers %s. " (trailing spaces kept); eviction_manager.go: Warning event
//   reason Evicted, status reason Evicted, DisruptionTarget / TerminationByKubelet for node pressure only
//   (localStorageEviction passes no condition); kuberuntime_container.go killContainer: Normal Killing
//   "Stopping container %s".
// - Image pull: pkg/kubelet/images/image_manager.go — Normal Pulling `Pulling image %q`, Warning Failed `Failed to
//   pull image %q: %v`, the waiting message = the runtime's error (evalCRIPullErr), then Normal BackOff `Back-off
//   pulling image %q` with the waiting message `Back-off pulling image %q: ErrImagePull: <error>`
//   (prevPullErrMsg); kuberuntime_container.go: Warning Failed `Error: ErrImagePull` / `Error: ImagePullBackOff`.
//   The runtime's errors are containerd's: `rpc error: code = NotFound desc = failed to pull and unpack image
//   "docker.io/…": failed to resolve reference "…": …: not found`, and for a refused token `… failed to authorize:
//   failed to fetch anonymous token: unexpected status from GET request to <realm>?scope=…&service=…: 401
//   Unauthorized` (containerd remotes/errors ErrUnexpectedStatus; realm https://nvcr.io/proxy_auth).
// - Crash loops: kuberuntime_manager.go doBackOff — waiting CrashLoopBackOff `back-off %s restarting failed
//   container=%s pod=%s` (format.Pod: name_namespace(uid)), Warning BackOff `Back-off restarting failed container
//   %s in pod %s`; back-off 10 s doubling to 5 min, the first restart immediate.
// - OOM: the runtime reports the container terminated with reason OOMKilled and exit code 137; the kubelet records
//   no event of its own for a container's cgroup OOM (pkg/kubelet/oom only reports a system OOM, on the Node).
// - Events: Created `Created container: %v`, Started `Started container %v` (kuberuntime_container.go startContainer).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/core/doctor/index.js';
import { backoffText, restartDelayMs } from '../../src/sim/kubelet/backoff.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { KEYS, SIM_ANNOTATIONS, startClusterControllers, type ClusterControllers } from '../../src/sim/operator/index.js';
import { namespace } from '../../src/sim/fixtures/builders.js';
import type { KubeObject } from '../../src/sim/store/types.js';
import { KUBECTL_NEWEST, kubectlRunner } from './sim-apiserver-harness.js';
import { gpuNode, noServers, waitFor, type ContainerStatus } from './sim-operator-harness.js';

const NS = 'lab';
const VLLM = 'vllm/vllm-openai:v0.11.0';
const NIM = 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4';

function pod(name: string, node: string, container: Record<string, unknown>, extra: { restartPolicy?: string; volumes?: unknown[]; annotations?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { nodeName: node, restartPolicy: extra.restartPolicy ?? 'Always', containers: [{ name: 'main', ...container }], ...(extra.volumes ? { volumes: extra.volumes } : {}) },
  };
}

const gpu = { 'nvidia.com/gpu': 1 };
const shm = [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '32Gi' } }];
const SCENARIOS: KubeObject[] = [
  pod('evicted-limit', 'gpu-0', { image: VLLM, command: ['vllm', 'serve'], args: ['Qwen/Qwen3-32B'], resources: { limits: { ...gpu, 'ephemeral-storage': '50Gi' } } }),
  pod('evicted-node', 'gpu-small', { image: VLLM, command: ['vllm', 'serve'], args: ['Qwen/Qwen3-32B'], resources: { limits: gpu } }),
  pod('oom', 'gpu-0', { image: VLLM, command: ['vllm', 'serve'], args: ['Qwen/Qwen3-8B', '--tensor-parallel-size', '2'], resources: { limits: { 'nvidia.com/gpu': 2, memory: '16Gi' } }, volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] }, { volumes: shm }),
  pod('crashloop', 'gpu-0', { image: VLLM, command: ['vllm', 'serve'], args: ['Qwen/Qwen3-8B', '--tensor-parallel-size', '2'], resources: { limits: { 'nvidia.com/gpu': 2 } } }),
  pod('pull-unauthorized', 'gpu-0', { image: NIM, resources: { limits: gpu } }),
  pod('pull-notfound', 'gpu-0', { image: 'vllm/vllm-openai:0.11.0', command: ['vllm', 'serve'], args: ['Qwen/Qwen3-8B'], resources: { limits: gpu } }),
  pod('completed', 'gpu-0', { image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }, { restartPolicy: 'Never', annotations: { [SIM_ANNOTATIONS.runFor]: '30s' } }),
  pod('error', 'gpu-0', { image: VLLM, command: ['vllm', 'serve'], args: ['meta-llama/Llama-3.1-8B-Instruct'], resources: { limits: gpu } }, { restartPolicy: 'Never' }),
];

type PodStatus = { phase: string; reason?: string; message?: string; conditions?: Array<{ type: string; reason?: string; message?: string }>; containerStatuses?: ContainerStatus[] };
const statusOf = (p: KubeObject) => (p.status ?? {}) as PodStatus;
const main = (p: KubeObject) => statusOf(p).containerStatuses?.[0];

describe('pod status as the kubelet reports it, through kubectl 1.33', () => {
  let sim: Simulator;
  let controllers: ClusterControllers;
  let kubectl: ReturnType<typeof kubectlRunner>;
  /** Every version of every pod, in order. */
  const history: KubeObject[] = [];
  const versions = (name: string) => history.filter((p) => p.metadata.name === name);
  const find = (name: string, what: string, test: (p: KubeObject) => boolean) => waitFor(`${name}: ${what}`, () => versions(name).find(test), 20_000);
  const events = (name: string) => sim.store.list(KEYS.events, NS).filter((e) => (e.involvedObject as { name: string }).name === name) as unknown as Array<{ type: string; reason: string; message: string; count: number; involvedObject: Record<string, unknown> }>;

  /** A recorded version of a pod, frozen under a new name with its events, for kubectl to print. */
  function freeze(version: KubeObject, as: string): void {
    const copy = sim.store.create(KEYS.pods, { ...version, metadata: { name: as, namespace: NS, annotations: { [SIM_ANNOTATIONS.static]: 'true' } } });
    sim.store.update(KEYS.pods, { ...copy, status: version.status });
    events(version.metadata.name).forEach((e, i) => sim.store.create(KEYS.events, { ...(e as unknown as KubeObject), metadata: { name: `${as}.${i}`, namespace: NS }, involvedObject: { ...e.involvedObject, name: as, uid: copy.metadata.uid } }));
  }

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ies-kubelet-status-'));
    sim = await startSimulator({ kubeconfigPath: join(dir, 'kubeconfig'), speed: 4000 });
    sim.store.subscribe((event) => {
      if (event.object.kind === 'Pod' && event.type !== 'DELETED') history.push(structuredClone(event.object));
    });
    sim.store.create(KEYS.namespaces, namespace(NS));
    sim.store.create(KEYS.nodes, gpuNode('gpu-0', 8));
    sim.store.create(KEYS.nodes, gpuNode('gpu-small', 8, { ephemeral: '64Gi' }));
    controllers = startClusterControllers({ store: sim.store, clock: sim.clock, serverFactory: noServers });
    for (const p of SCENARIOS) sim.store.create(KEYS.pods, p);
    kubectl = kubectlRunner(KUBECTL_NEWEST, sim.kubeconfigPath);
  });

  after(async () => {
    await controllers?.stop();
    await sim?.stop();
  });

  it('plays each failure to the states kubectl shows, then freezes them', async () => {
    const evictedLimit = await find('evicted-limit', 'Evicted with its container still running', (p) => statusOf(p).reason === 'Evicted' && !!main(p)?.state.running);
    const killedLimit = await find('evicted-limit', 'container reported terminated', (p) => statusOf(p).reason === 'Evicted' && !!main(p)?.state.terminated);
    const evictedNode = await find('evicted-node', 'Evicted', (p) => statusOf(p).reason === 'Evicted' && !!main(p)?.state.running);
    const killedNode = await find('evicted-node', 'container reported terminated', (p) => statusOf(p).reason === 'Evicted' && !!main(p)?.state.terminated);
    const oomKilled = await find('oom', 'terminated OOMKilled', (p) => main(p)?.state.terminated?.reason === 'OOMKilled');
    const oomLoop = await find('oom', 'CrashLoopBackOff after an OOM kill', (p) => main(p)?.state.waiting?.reason === 'CrashLoopBackOff' && main(p)!.lastState.terminated?.reason === 'OOMKilled' && main(p)!.restartCount >= 2);
    const crashed = await find('crashloop', 'terminated Error', (p) => main(p)?.state.terminated?.reason === 'Error');
    const looping = await find('crashloop', 'CrashLoopBackOff, 3 restarts', (p) => main(p)?.state.waiting?.reason === 'CrashLoopBackOff' && main(p)!.restartCount >= 3);
    const errPull = await find('pull-unauthorized', 'ErrImagePull', (p) => main(p)?.state.waiting?.reason === 'ErrImagePull');
    const backOff = await find('pull-unauthorized', 'ImagePullBackOff', (p) => main(p)?.state.waiting?.reason === 'ImagePullBackOff');
    const notFound = await find('pull-notfound', 'ImagePullBackOff', (p) => main(p)?.state.waiting?.reason === 'ImagePullBackOff');
    const completed = await find('completed', 'Succeeded', (p) => statusOf(p).phase === 'Succeeded');
    const failed = await find('error', 'Failed', (p) => statusOf(p).phase === 'Failed');
    await controllers.stop();
    const frozen: Array<[KubeObject, string]> = [
      [evictedLimit, 'a-evicted'], [killedLimit, 'a-evicted-killed'], [evictedNode, 'b-evicted'], [killedNode, 'b-evicted-killed'],
      [oomKilled, 'c-oomkilled'], [oomLoop, 'c-oom-crashloop'], [crashed, 'd-crashed'], [looping, 'd-crashloop'],
      [errPull, 'e-errimagepull'], [backOff, 'e-imagepullbackoff'], [notFound, 'f-notfound'], [completed, 'g-completed'], [failed, 'h-error'],
    ];
    for (const [version, as] of frozen) freeze(version, as);
  });

  it('kubectl get pods: STATUS and RESTARTS as a real cluster shows them', async () => {
    const r = await kubectl.run(['get', 'pods', '-n', NS]);
    assert.equal(r.code, 0, r.stderr);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? assert.fail(`no row ${name} in\n${r.stdout}`);
    const expected: Record<string, RegExp> = {
      'a-evicted': /\s1\/1\s+Evicted\s+0\s/,
      'a-evicted-killed': /\s0\/1\s+Error\s+0\s/,
      'b-evicted': /\s1\/1\s+Evicted\s+0\s/,
      'b-evicted-killed': /\s0\/1\s+Error\s+0\s/,
      'c-oomkilled': /\s0\/1\s+OOMKilled\s/,
      'c-oom-crashloop': /\s0\/1\s+CrashLoopBackOff\s+\d+ \(\S+ ago\)\s/,
      'd-crashed': /\s0\/1\s+Error\s/,
      'd-crashloop': /\s0\/1\s+CrashLoopBackOff\s+[3-9] \(\S+ ago\)\s/,
      'e-errimagepull': /\s0\/1\s+ErrImagePull\s+0\s/,
      'e-imagepullbackoff': /\s0\/1\s+ImagePullBackOff\s+0\s/,
      'f-notfound': /\s0\/1\s+ImagePullBackOff\s+0\s/,
      'g-completed': /\s0\/1\s+Completed\s+0\s/,
      'h-error': /\s0\/1\s+Error\s+0\s/,
    };
    for (const [name, pattern] of Object.entries(expected)) assert.match(row(name), pattern, name);
  });

  it('eviction: the kubelet\'s messages, the condition only for node pressure, the events', async () => {
    const limit = statusOf(sim.store.get(KEYS.pods, NS, 'a-evicted-killed')!);
    assert.equal(limit.phase, 'Failed');
    assert.equal(limit.message, 'Pod ephemeral local storage usage exceeds the total limit of containers 50Gi. ');
    assert.equal(limit.conditions?.find((c) => c.type === 'DisruptionTarget'), undefined);
    assert.deepEqual(main(sim.store.get(KEYS.pods, NS, 'a-evicted-killed')!)!.state.terminated && { exitCode: main(sim.store.get(KEYS.pods, NS, 'a-evicted-killed')!)!.state.terminated!.exitCode, reason: main(sim.store.get(KEYS.pods, NS, 'a-evicted-killed')!)!.state.terminated!.reason }, { exitCode: 137, reason: 'Error' });
    const node = statusOf(sim.store.get(KEYS.pods, NS, 'b-evicted')!);
    // 64Gi disk: threshold 10 % (not a whole number of KiB, so plain bytes), 5 % left, the container's 85 %.
    assert.equal(node.message, 'The node was low on resource: ephemeral-storage. Threshold quantity: 6871947673, available: 3355440Ki. Container main was using 57042532Ki, request is 0, has larger consumption of ephemeral-storage. ');
    const disruption = node.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.deepEqual([disruption?.reason, disruption?.message], ['TerminationByKubelet', node.message]);
    const d = await kubectl.run(['describe', 'pod', '-n', NS, 'b-evicted-killed']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Status:\s+Failed$/m);
    assert.match(d.stdout, /^Reason:\s+Evicted$/m);
    assert.match(d.stdout, /^Message:\s+The node was low on resource: ephemeral-storage\. Threshold quantity: /m);
    assert.match(d.stdout, /State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+137/);
    assert.match(d.stdout, /Warning\s+Evicted\s+.*kubelet\s+The node was low on resource: ephemeral-storage\./);
    assert.match(d.stdout, /Normal\s+Killing\s+.*kubelet\s+Stopping container main/);
    const ids = diagnose({ logs: [], pods: [sim.store.get(KEYS.pods, NS, 'b-evicted-killed') as never], events: events('b-evicted-killed') as never }).map((f) => f.signature);
    assert.ok(ids.includes('ephemeral-storage-eviction'), ids.join(','));
  });

  it('OOMKilled: Last State Terminated OOMKilled 137, then CrashLoopBackOff; no kubelet OOM event', async () => {
    const s = main(sim.store.get(KEYS.pods, NS, 'c-oom-crashloop')!)!;
    assert.deepEqual([s.lastState.terminated?.reason, s.lastState.terminated?.exitCode], ['OOMKilled', 137]);
    const d = await kubectl.run(['describe', 'pod', '-n', NS, 'c-oom-crashloop']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n\s+Last State:\s+Terminated\n\s+Reason:\s+OOMKilled\n\s+Exit Code:\s+137\n/);
    assert.match(d.stdout, new RegExp(`Restart Count:\\s+${s.restartCount}\\n`));
    assert.match(d.stdout, /Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container main in pod oom_lab\(/);
    assert.ok(!events('oom').some((e) => /OOM/i.test(e.reason)), 'the kubelet records no event for a container OOM kill');
    const ids = diagnose({ logs: [], pods: [sim.store.get(KEYS.pods, NS, 'c-oom-crashloop') as never], events: [] }).map((f) => f.signature);
    assert.ok(ids.includes('oom-killed'), ids.join(','));
  });

  it('crash loop: the back-off message doubling from 10 s, restartCount, the events in order of a start', async () => {
    for (const version of versions('crashloop')) {
      const s = main(version);
      const waiting = s?.state.waiting;
      if (waiting?.reason !== 'CrashLoopBackOff') continue;
      // After restart r the next one waits 10 s × 2^(r-1): the first restart was immediate.
      assert.equal(waiting.message, `back-off ${backoffText(restartDelayMs(s!.restartCount + 1))} restarting failed container=main pod=crashloop_${NS}(${version.metadata.uid})`);
    }
    assert.deepEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s'], [2, 3, 4, 5, 6, 7, 8].map((n) => backoffText(restartDelayMs(n))));
    const reasons = events('crashloop').map((e) => e.reason);
    // No Pulling when another pod on the node pulled the image first (then every start says "already present").
    for (const reason of ['Pulled', 'Created', 'Started', 'BackOff']) assert.ok(reasons.includes(reason), `${reason} in ${reasons.join(',')}`);
    assert.ok(events('crashloop').some((e) => e.reason === 'Created' && e.message === 'Created container: main'));
    assert.ok(events('crashloop').some((e) => e.reason === 'Pulled' && e.message === `Container image "${VLLM}" already present on machine`));
    const d = await kubectl.run(['describe', 'pod', '-n', NS, 'd-crashloop']);
    assert.match(d.stdout, /Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n/);
  });

  it('image pull: 401 Unauthorized from nvcr.io and not found, ErrImagePull then ImagePullBackOff', async () => {
    const ref = NIM;
    const unauthorized = `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://nvcr.io/proxy_auth?scope=repository%3Anim%2Fmeta%2Fllama-3.1-8b-instruct%3Apull&service=nvcr.io: 401 Unauthorized`;
    assert.equal(main(sim.store.get(KEYS.pods, NS, 'e-errimagepull')!)!.state.waiting!.message, unauthorized);
    assert.equal(main(sim.store.get(KEYS.pods, NS, 'e-imagepullbackoff')!)!.state.waiting!.message, `Back-off pulling image "${NIM}": ErrImagePull: ${unauthorized}`);
    const missing = 'docker.io/vllm/vllm-openai:0.11.0';
    const notFound = `rpc error: code = NotFound desc = failed to pull and unpack image "${missing}": failed to resolve reference "${missing}": ${missing}: not found`;
    assert.equal(main(sim.store.get(KEYS.pods, NS, 'f-notfound')!)!.state.waiting!.message, `Back-off pulling image "vllm/vllm-openai:0.11.0": ErrImagePull: ${notFound}`);
    const d = await kubectl.run(['describe', 'pod', '-n', NS, 'e-imagepullbackoff']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /State:\s+Waiting\n\s+Reason:\s+ImagePullBackOff\n/);
    const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const event = (type: string, reason: string, message: string) => new RegExp(`${type}\\s+${reason}\\s+.*kubelet\\s+${message}`);
    assert.match(d.stdout, event('Normal', 'Pulling', esc(`Pulling image "${NIM}"`)));
    assert.match(d.stdout, event('Warning', 'Failed', `${esc(`Failed to pull image "${NIM}": rpc error: code = Unknown desc = `)}.*: 401 Unauthorized`));
    assert.match(d.stdout, event('Warning', 'Failed', 'Error: ErrImagePull'));
    assert.match(d.stdout, event('Normal', 'BackOff', esc(`Back-off pulling image "${NIM}"`)));
    assert.match(d.stdout, event('Warning', 'Failed', 'Error: ImagePullBackOff'));
    const pods = ['e-imagepullbackoff', 'f-notfound'].map((n) => sim.store.get(KEYS.pods, NS, n) as never);
    const unauthorizedIds = diagnose({ logs: [], pods: [pods[0]], events: events('e-imagepullbackoff') as never }).map((f) => f.signature);
    assert.ok(unauthorizedIds.includes('image-pull-unauthorized'), unauthorizedIds.join(','));
    const notFoundIds = diagnose({ logs: [], pods: [pods[1]], events: events('f-notfound') as never }).map((f) => f.signature);
    assert.ok(!notFoundIds.includes('image-pull-unauthorized') && notFoundIds.length > 0, notFoundIds.join(','));
  });
});
