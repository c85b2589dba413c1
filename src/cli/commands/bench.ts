import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openClusterTarget, type BenchClusterTarget } from '../../core/bench/clusterTarget.js';
import { buildDataset, DatasetError } from '../../core/bench/dataset.js';
import { detectModel } from '../../core/bench/detectModel.js';
import { formatBenchText } from '../../core/bench/formatText.js';
import { levelValue } from '../../core/bench/knee.js';
import { BenchProbeError, runBench } from '../../core/bench/runBench.js';
import { hasSlo } from '../../core/bench/slo.js';
import type { BenchResult } from '../../core/bench/types.js';
import { ClusterTargetError } from '../../core/kube/kubeAccess.js';
import { createDispatcher } from '../../core/http/dispatcher.js';
import { resolveProxy } from '../../core/http/proxy.js';
import packageJson from '../../../package.json';
import { processIo, type CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { runBenchCompare } from './benchCompare.js';
import { benchOptionSpecs, readBenchSettings, type BenchCliSettings } from './benchOptions.js';
import { progressLine, ProgressWriter } from './benchProgress.js';
import { readApiKey } from './caption.js';

export const benchHelp = `Usage: ies bench (TARGET | --url BASE/v1) --mode MODE [options]
       ies bench compare A.json B.json [--format text|json]

Load-tests an inference endpoint over the playground's own clients: a sweep of concurrency levels (closed loop)
or request rates (Poisson arrivals), and per level p50/p90/p95/p99 of time to first token (TTFT), time per output
token (TPOT), inter-token latency and end-to-end latency, requests/s, tokens/s, images/s, errors by kind, and goodput
against an SLO; then the knee — the highest level that still meets the SLO — in one sentence.

  TARGET                 namespace/name or nimservice/name (-n NS): a NIMService, reached through a port-forward
  --url BASE             the /v1 base, e.g. http://host:8000/v1
  --mode MODE            caption (image + text, streamed) | chat (text, streamed) | edit-omni (vLLM-omni multipart)
                         | edit-chat (chat-completions diffusion) | edit-nunchaku (Nunchaku /edit-image JSON)
                         (or --kind chat|caption|edit with --transport omni|chat|nunchaku)
Load:
  --concurrency LIST     requests in flight per level, e.g. 1,2,4,8 (default)
  --rate LIST            or mean arrival rates in req/s, e.g. 0.5,1,2 (Poisson arrivals, seeded)
  --requests N           requests per level (default 50)
  --duration D           or send for this long per level: 30s, 2m (requests in flight still finish)
  --warmup N             uncounted requests before the first level (default 2; the first checks the endpoint)
Dataset:
  --prompt-tokens N      prompts of about N tokens (4 characters each); default: the mode's usual prompt
  --max-tokens N         max_tokens of caption and chat requests (default 128)
  --images DIR           PNG/JPEG/WebP images for caption and edit modes (default: generated gradients);
                         caption images are pre-scaled as nv-ingest does (base64 ≤ 180,000 characters)
  --steps N, --size WxH  edit modes: num_inference_steps and output size (default: the server's)
  --seed N               prompts, image order, arrivals and edit seeds (default 1)
Verdict:
  --slo BOUNDS           e.g. ttft=500ms,tpot=50ms,e2e=20s: a request is good when it succeeded within every bound
  --goodput X            share of good requests a level needs (default 0.95)
  --max-error-rate X     share of failed requests a level may have (default 0.01)
  --require-level N      exit 1 unless this level (a concurrency or rate of the sweep) meets the SLO
Connection:
  --model ID             served model (default: the first of /v1/models, or the NIMService's)
  --api-key-env VAR      read the API key from this environment variable
  --ca-file FILE, --insecure, --timeout D (per request, default 120s), --direct (TARGET: in-cluster URL first)
  -n NS, --kubeconfig FILE, --context NAME   for TARGET
Output:
  --out FILE             write the results JSON (schema: docs/bench-schema.md); also on Ctrl-C, with what was measured
  --format text|json     report on stdout (default text); a progress line goes to stderr on a terminal

Exit codes: 0 the SLO is met at some level (the knee exists) or no SLO was given, 1 the SLO is met at no level
(or not at --require-level), 2 usage error, unreadable images, or an endpoint that cannot be benchmarked.`;

/** `ies bench`; `signal` lets a caller (a test) cancel as Ctrl-C does. */
export async function runBenchCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  if (args[0] === 'compare') return runBenchCompare(args.slice(1), io);
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: benchOptionSpecs });
  if (values.help) {
    io.out(`${benchHelp}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`one TARGET at a time, got ${positionals.join(' ')}`);
  if (!values.url === !positionals.length) throw new UsageError('give either TARGET (namespace/name) or --url BASE/v1');
  const settings = readBenchSettings(values);
  if (values.url !== undefined && !/^https?:\/\/[^/]/i.test(values.url)) throw new UsageError(`--url ${JSON.stringify(values.url)} is not an http(s) URL; expected e.g. http://host:8000/v1`);
  const apiKey = readApiKey(values['api-key-env'], io);
  let dataset;
  try {
    dataset = buildDataset({ mode: settings.mode, seed: settings.seed, promptTokens: settings.promptTokens, imagesDir: values.images === undefined ? undefined : resolve(io.cwd, values.images) });
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(error.message);
    throw error;
  }

  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  if (io === processIo) process.once('SIGINT', abort);
  let cluster: BenchClusterTarget | undefined;
  try {
    if (positionals.length) {
      try {
        cluster = await openClusterTarget({ target: positionals[0], namespace: values.namespace, kubeconfig: values.kubeconfig, context: values.context, env: io.env, tryDirect: values.direct, signal: controller.signal });
      } catch (error) {
        if (error instanceof ClusterTargetError) throw new UsageError(error.message);
        throw error;
      }
    }
    const baseUrl = cluster?.baseUrl ?? values.url!;
    const proxy = cluster ? {} : resolveProxy(baseUrl, { env: io.env });
    let dispatcher;
    try {
      dispatcher = createDispatcher({ caFile: values['ca-file'], insecureTls: values.insecure, timeoutMs: settings.timeoutMs, ...proxy });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    try {
      const model = values.model ?? cluster?.model ?? (settings.mode === 'edit-nunchaku' ? undefined : await detectModel(baseUrl, { dispatcher, apiKey, signal: controller.signal }));
      const result = await measure(settings, { baseUrl, model, label: cluster?.label ?? values.url!, apiKey, dispatcher, viaProxy: Boolean((proxy as { proxyUrl?: string }).proxyUrl), dataset, signal: controller.signal, io });
      if (values.out) writeFileSync(resolve(io.cwd, values.out), `${JSON.stringify(result, null, 2)}\n`);
      io.out(settings.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatBenchText(result));
      return verdictCode(result, settings);
    } finally {
      await dispatcher.close().catch(() => {});
    }
  } finally {
    if (io === processIo) process.off('SIGINT', abort);
    signal?.removeEventListener('abort', abort);
    await cluster?.close();
  }
}

async function measure(settings: BenchCliSettings, c: { baseUrl: string; model?: string; label: string; apiKey?: string; dispatcher: ReturnType<typeof createDispatcher>; viaProxy: boolean; dataset: ReturnType<typeof buildDataset>; signal: AbortSignal; io: CliIo }): Promise<BenchResult> {
  const tty = Boolean(c.io.errIsTTY);
  const progress = new ProgressWriter((t) => c.io.err(t), c.io === processIo ? process.stderr.columns || 120 : 120);
  try {
    return await runBench({
      target: { baseUrl: c.baseUrl, model: c.model, apiKey: c.apiKey }, label: c.label, mode: settings.mode, levels: settings.levels,
      requestsPerLevel: settings.requestsPerLevel, durationMsPerLevel: settings.durationMsPerLevel, warmup: settings.warmup,
      promptTokens: settings.promptTokens, maxTokens: settings.maxTokens, steps: settings.steps, size: settings.size, seed: settings.seed,
      slo: settings.slo, pass: settings.pass, timeoutMs: settings.timeoutMs, tool: `ies bench ${packageJson.version}`,
    }, {
      signal: c.signal, dispatcher: c.dispatcher, viaProxy: c.viaProxy, dataset: c.dataset,
      onEvent: tty ? (event) => {
        const line = progressLine(event, settings.levels.length);
        if (line) progress.show(line);
      } : undefined,
    });
  } catch (error) {
    if (error instanceof BenchProbeError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.clear();
  }
}

/** 1 when the SLO is met at no level, or not at the required one; 0 otherwise (and always without an SLO). */
export function verdictCode(result: BenchResult, settings: Pick<BenchCliSettings, 'requireLevel' | 'slo'>): number {
  if (settings.requireLevel !== undefined) {
    const level = result.levels.find((l) => levelValue(l) === settings.requireLevel);
    return level?.meetsSlo ? EXIT_OK : EXIT_FINDINGS;
  }
  if (!hasSlo(settings.slo)) return EXIT_OK;
  return result.knee ? EXIT_OK : EXIT_FINDINGS;
}
