import { z } from 'zod';
import { BENCH_MODES, ERROR_KINDS, type BenchResult } from './types.js';

const ms = z.number().nonnegative();
const share = z.number().min(0).max(1);

const percentiles = z.object({
  count: z.number().int().nonnegative(),
  p50: ms.optional(), p90: ms.optional(), p95: ms.optional(), p99: ms.optional(),
  mean: ms.optional(), min: ms.optional(), max: ms.optional(),
}).describe('Milliseconds; only count when nothing was recorded');

const levelSpec = z.union([
  z.object({ concurrency: z.number().int().positive() }),
  z.object({ rate: z.number().positive().describe('mean arrivals per second, Poisson') }),
]);

const slo = z.object({ ttftMs: ms.optional(), tpotMs: ms.optional(), e2eMs: ms.optional() });

export const levelResultSchema = z.object({
  concurrency: z.number().int().positive().optional(),
  rate: z.number().positive().optional(),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  errorsByKind: z.partialRecord(z.enum(ERROR_KINDS), z.number().int().nonnegative()),
  errorsByStatus: z.record(z.string().regex(/^\d{3}$/), z.number().int().nonnegative()),
  errorExamples: z.array(z.string()),
  errorRate: share,
  durationMs: ms,
  rps: z.number().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  outputTokensPerSecond: z.number().nonnegative(),
  images: z.number().int().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
  ttftMs: percentiles,
  tpotMs: percentiles,
  itlMs: percentiles,
  e2eMs: percentiles,
  goodput: share,
  goodRps: z.number().nonnegative(),
  meetsSlo: z.boolean(),
  histograms: z.object({ ttft: z.string(), tpot: z.string(), itl: z.string(), e2e: z.string() }).describe('HdrHistogram V2 compressed, base64, values in microseconds'),
}).refine((l) => (l.concurrency === undefined) !== (l.rate === undefined), { message: 'a level has either concurrency or rate' });

/** The results file of `ies bench --out`, validated on read (`ies bench compare`); documented in docs/bench-schema.md. */
export const benchResultSchema = z.object({
  schema: z.literal('ies-bench/1'),
  tool: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  target: z.string(),
  baseUrl: z.string(),
  model: z.string().optional(),
  mode: z.enum(BENCH_MODES),
  settings: z.object({
    levels: z.array(levelSpec),
    requestsPerLevel: z.number().int().positive().optional(),
    durationMsPerLevel: z.number().positive().optional(),
    warmup: z.number().int().nonnegative(),
    promptTokens: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
    seed: z.number().int(),
    images: z.number().int().positive().optional(),
    timeoutMs: z.number().positive(),
  }),
  slo,
  pass: z.object({ goodput: share, errorRate: share }),
  warmup: z.object({ requests: z.number().int().nonnegative(), errors: z.number().int().nonnegative() }),
  levels: z.array(levelResultSchema),
  knee: z.union([z.object({ concurrency: z.number().int().positive() }), z.object({ rate: z.number().positive() }), z.null()]),
  summary: z.string(),
  cancelled: z.boolean(),
});

export class BenchFileError extends Error {}

/** Parses and validates a results file's text; the error names the file and the first few problems by path. */
export function readBenchResult(text: string, name = 'results'): BenchResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BenchFileError(`${name} is not JSON: ${(error as Error).message}`);
  }
  const parsed = benchResultSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new BenchFileError(`${name} is not an ies bench results file: ${problems.join('; ')}`);
  }
  return parsed.data as BenchResult;
}

/** The JSON Schema of the results file (written to docs/bench-result.schema.json; a test keeps the two equal). */
export function benchResultJsonSchema(): unknown {
  return z.toJSONSchema(benchResultSchema, { io: 'input', unrepresentable: 'any' });
}
