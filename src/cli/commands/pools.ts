import { parseArgs } from 'node:util';
import type { GpuPool } from '../../core/cluster/gpuPools.js';
import { describeKubeError, loadClusterSnapshot } from '../../core/kube/clusterSnapshot.js';
import { KubeApiError } from '../../core/kube/kubeApiError.js';
import type { CliIo } from '../io.js';
import { EXIT_OK, UsageError } from '../usageError.js';

export const poolsHelp = `Usage: ies pools [options]

GPU pools of a cluster: nodes sharing a pool label (karpenter.sh/nodepool, cloud.google.com/gke-nodepool,
eks.amazonaws.com/nodegroup, kubernetes.azure.com/agentpool, else nvidia.com/gpu.product) with total capacity
(allocatable nvidia.com/gpu), allocated (requests of running pods), free (cordoned / NotReady nodes count 0) and MIG.

Options:
  --kubeconfig FILE         kubeconfig (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context (default current-context)
  --pool-label KEY          pool label key, most specific first (repeatable; replaces the defaults)
  --format text|json        output format (default text)

Exit codes: 0 ok, 2 usage error or cluster unreachable / forbidden.`;

export function poolJson(pool: GpuPool) {
  return { name: pool.name, gpuProduct: pool.gpuProduct, nodes: pool.nodes, capacity: pool.capacity, allocated: pool.allocated, free: pool.free, mig: pool.mig, unschedulableNodes: pool.unschedulableNodes };
}

export function formatPoolsText(pools: GpuPool[]): string {
  if (!pools.length) return 'no GPU nodes\n';
  const rows = [['POOL', 'GPU', 'NODES', 'CAPACITY', 'ALLOCATED', 'FREE', 'UNSCHEDULABLE', 'MIG (allocated/capacity)']];
  for (const p of pools) {
    const mig = Object.entries(p.mig).map(([r, c]) => `${r.replace('nvidia.com/', '')} ${c.allocated}/${c.capacity}`).join(', ');
    rows.push([p.name, p.gpuProduct ?? '-', String(p.nodes), String(p.capacity), String(p.allocated), String(p.free), String(p.unschedulableNodes), mig || '-']);
  }
  return table(rows);
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export function parseClusterArgs(args: string[], extra: Record<string, { type: 'string'; multiple?: boolean }> = {}) {
  const { values } = parseArgs({
    args,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
      ...extra,
    },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  return values as { kubeconfig?: string; context?: string; format: 'text' | 'json'; help?: boolean } & Record<string, string | string[] | boolean | undefined>;
}

/** Cluster failures are exit 2 with one line: the command could not do what was asked. */
export function clusterFailure(error: unknown, context: string | undefined): never {
  if (error instanceof KubeApiError) throw new UsageError(describeKubeError(error, context ?? 'current context'));
  throw error;
}

export async function runPools(args: string[], io: CliIo): Promise<number> {
  const values = parseClusterArgs(args, { 'pool-label': { type: 'string', multiple: true } });
  if (values.help) {
    io.out(poolsHelp + '\n');
    return EXIT_OK;
  }
  const labels = values['pool-label'] as string[] | undefined;
  const cache = await loadClusterSnapshot({ kubeconfig: values.kubeconfig, context: values.context, env: io.env, poolLabelKeys: labels?.length ? labels : undefined }).catch((e) => clusterFailure(e, values.context));
  try {
    const pools = cache.pools.pools();
    io.out(values.format === 'json' ? JSON.stringify({ context: cache.context, pools: pools.map(poolJson) }) + '\n' : formatPoolsText(pools));
    return EXIT_OK;
  } finally {
    cache.dispose();
  }
}
