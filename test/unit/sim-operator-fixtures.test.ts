import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeGpuPools } from '../../src/core/cluster/gpuPools.js';
import { createClock } from '../../src/sim/clock.js';
import { createClusterStore, KEYS, loadFixture } from '../../src/sim/operator/index.js';
import { nodeUsage } from '../../src/sim/scheduler/scheduler.js';
import { allocatable } from '../../src/sim/scheduler/nodeFit.js';
import type { ObjectStore } from '../../src/sim/store/types.js';

function assertAllocatedWithinCapacity(store: ObjectStore): void {
  const usage = nodeUsage(store.list(KEYS.pods));
  for (const node of store.list(KEYS.nodes)) {
    for (const [resource, used] of usage.get(node.metadata.name) ?? []) {
      assert.ok(used <= allocatable(node, resource), `${node.metadata.name}: ${resource} ${used} > ${allocatable(node, resource)}`);
    }
  }
}

test('demo fixture: gpu-lab pools, secrets, NIMServices, and a Succeeded GPU pod that holds no GPU', () => {
  const store = createClusterStore(createClock(1));
  loadFixture(store, 'demo');
  const pools = computeGpuPools(store.list(KEYS.nodes) as never, store.list(KEYS.pods) as never);
  const byName = Object.fromEntries(pools.map((p) => [p.name, p]));
  assert.equal(byName.h100.capacity, 16);
  assert.equal(byName.l40s.capacity, 16);
  assert.equal(byName['a100-mig'].mig['nvidia.com/mig-1g.10gb'].capacity, 14);
  assert.equal(byName.h100.allocated, 0, 'the Succeeded eval pod must not count');
  assert.equal(byName.l40s.unschedulableNodes, 1);
  assert.equal(byName['a100-mig'].unschedulableNodes, 1);
  const secret = store.get(KEYS.secrets, 'osmo-nims', 'ngc-api-secret')!;
  assert.match(Buffer.from((secret.data as Record<string, string>).NGC_API_KEY, 'base64').toString(), /FAKE/);
  assert.ok(store.get(KEYS.secrets, 'osmo-nims', 'hf-token-secret'));
  assert.ok(store.get(KEYS.secrets, 'osmo-nims', 'nvcr-pull-secret'));
  const qwen = store.get(KEYS.nimServices, 'osmo-nims', 'qwen-image-edit-nvpcb-ovsl2sl')!;
  assert.deepEqual((qwen.spec as { args: string[] }).args, ['nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', '--omni', '--port', '8000']);
  assert.equal((qwen.spec as { storage: { sharedMemorySizeLimit: string } }).storage.sharedMemorySizeLimit, '32Gi');
  assert.ok(store.get(KEYS.nimServices, 'osmo-nims', 'nemotron-nano-vl-caption'));
  assert.equal((store.get(KEYS.pods, 'ml-training', 'eval-run-0412')!.status as { phase: string }).phase, 'Succeeded');
  assert.ok(store.list(KEYS.crds).some((c) => c.metadata.name === 'nimservices.apps.nvidia.com'));
  // Loading twice is harmless.
  loadFixture(store, 'demo');
});

test('empty fixture has no nodes; unknown names are refused', () => {
  const store = createClusterStore(createClock(1));
  loadFixture(store, 'empty');
  assert.equal(store.list(KEYS.nodes).length, 0);
  assert.throws(() => loadFixture(store, 'huge' as never), /unknown fixture "huge"; expected one of demo, empty, large/);
});

test('large fixture is deterministic in shape and never over-allocates', () => {
  const store = createClusterStore(createClock(1));
  loadFixture(store, 'large', { large: { nodes: 500, pods: 2000, nimServices: 50 } });
  assert.equal(store.list(KEYS.nodes).length, 500);
  assert.equal(store.list(KEYS.pods).length, 2000);
  assert.equal(store.list(KEYS.nimServices).length, 50);
  assert.ok(store.list(KEYS.nimServices).every((n) => (n.status as { state: string }).state === 'Ready'));
  assertAllocatedWithinCapacity(store);
});
