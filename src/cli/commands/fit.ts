import { containerAsNimService, isFitCandidate } from '../../core/fit/containerAsNimService.js';
import { servingContainers } from '../../core/workload/servingContainer.js';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NodeLike } from '../../core/cluster/kubeTypes.js';
import { fitNimService, type FitResult } from '../../core/fit/fitNimService.js';
import { targetFromGiB, targetFromManifest, targetFromPool } from '../../core/fit/fitTarget.js';
import { factsFromConfig, ModelFactsError, type ModelFacts } from '../../core/fit/modelFacts.js';
import { servingPlan } from '../../core/fit/servingPlan.js';
import type { NimService } from '../../core/kube/nimService.js';
import { loadClusterSnapshot } from '../../core/kube/clusterSnapshot.js';
import { parseManifestFile } from '../../core/manifest/parseManifest.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../usageError.js';
import { formatFitText, fitJson } from './fitFormat.js';
import { clusterFailure } from './pools.js';

export const fitHelp = `Usage: ies fit FILE [--pool P | --gpu-memory-gib G] [options]

Estimates, before apply, whether each NIMService's (or vLLM workload's) model fits the GPU memory it lands on, the way vLLM sizes it
at startup: weights (parameters × bytes of the dtype / quantization) ÷ tensor-parallel size, the KV cache for one
sequence of max-model-len (layers × KV heads × head dim × 2 × bytes per token), and the profiled activation and
non-torch overhead, against GPU memory × --gpu-memory-utilization (default 0.9). Model facts come from the
built-in catalogue or a config.json (--config); the model from vLLM's model argument or the NIM image.

Options:
  --pool P                  compare with a GPU pool of the cluster (its nodes' nvidia.com/gpu.memory labels or MIG slices)
  --gpu-memory-gib G        compare with a GPU of G GiB
  --config FILE             the model's config.json (when the model is not in the catalogue, or to override it)
  --kubeconfig FILE         kubeconfig for --pool (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context for --pool
  --format text|json        output format (default text)

Without --pool or --gpu-memory-gib the GPU comes from the manifest: nodeSelector nvidia.com/gpu.product or a
requested MIG slice.

Exit codes: 0 everything fits, 1 something does not fit, 2 unknown model facts or GPU, usage error or unreadable file.`;

function readNimServices(file: string, cwd: string): NimService[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  // NIMServices as they are; vLLM containers of any other workload kind (Deployment, StatefulSet, …) in the same shape.
  const nims = parseManifestFile(text).documents.flatMap((d): NimService[] => {
    if (d.isKind('apps.nvidia.com', 'NIMService')) return [d.toJS() as NimService];
    return servingContainers(d).filter(isFitCandidate).map(containerAsNimService);
  });
  if (!nims.length) throw new UsageError(`${file} holds no NIMService and no vLLM workload`);
  return nims;
}

function readConfig(file: string, cwd: string): ModelFacts {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read --config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return factsFromConfig(config, typeof config._name_or_path === 'string' ? config._name_or_path : relative(cwd, resolve(cwd, file)), file);
  } catch (error) {
    if (error instanceof ModelFactsError) throw new UsageError(`--config ${file}: ${error.message}`);
    throw error;
  }
}

export async function runFit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      pool: { type: 'string' },
      'gpu-memory-gib': { type: 'string' },
      config: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(fitHelp + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  if (positionals.length !== 1) throw new UsageError('takes exactly one FILE (see ies fit --help)');
  if (values.pool !== undefined && values['gpu-memory-gib'] !== undefined) throw new UsageError('give either --pool or --gpu-memory-gib, not both');
  const gpuGiB = values['gpu-memory-gib'] === undefined ? undefined : Number(values['gpu-memory-gib']);
  if (gpuGiB !== undefined && !(gpuGiB > 0)) throw new UsageError(`--gpu-memory-gib ${values['gpu-memory-gib']}: give the GPU memory in GiB, e.g. 80`);
  const nims = readNimServices(positionals[0], io.cwd);
  const facts = values.config ? readConfig(values.config, io.cwd) : undefined;
  const nodes = values.pool ? await poolNodesOf(values.pool, values, io) : undefined;
  const results: FitResult[] = nims.map((nim) => {
    const plan = servingPlan(nim);
    const target = gpuGiB !== undefined ? targetFromGiB(gpuGiB) : nodes ? targetFromPool(nodes, values.pool!, plan) : targetFromManifest(plan);
    const result = fitNimService(nim, { facts, target });
    if (result.status === 'unknown' && nodes && !target) return { ...result, missing: `pool ${values.pool} has no GPU memory figures (nvidia.com/gpu.memory labels or MIG slices): pass --gpu-memory-gib G` };
    return result;
  });
  io.out(values.format === 'json' ? JSON.stringify({ documents: results.map(fitJson) }, null, 2) + '\n' : formatFitText(results));
  if (results.some((r) => r.status === 'unknown')) return EXIT_USAGE;
  return results.some((r) => r.status === 'estimated' && !r.estimate.fits) ? EXIT_FINDINGS : EXIT_OK;
}

async function poolNodesOf(pool: string, values: { kubeconfig?: string; context?: string }, io: CliIo): Promise<NodeLike[]> {
  const cache = await loadClusterSnapshot({ kubeconfig: values.kubeconfig, context: values.context, env: io.env }).catch((e) => clusterFailure(e, values.context));
  try {
    const pools = cache.pools.pools();
    if (!pools.some((p) => p.name === pool)) throw new UsageError(`no GPU pool ${pool} in ${cache.context}: pools are ${pools.map((p) => p.name).join(', ') || 'none'} (see ies pools)`);
    return [...cache.informers.nodes.items.values()];
  } finally {
    cache.dispose();
  }
}
