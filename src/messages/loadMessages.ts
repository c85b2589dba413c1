// The playground's Load tab and engine dashboard messages, as zod schemas (validated on both sides, like every
// playground message). No node, no vscode imports: bundled into the browser too. playgroundMessages.ts joins them
// into its two unions.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const requestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const count = z.number().int().nonnegative();
const figure = z.number().finite();
const ms = z.number().positive().max(3_600_000);

/** What one Load request is: a streamed text chat, a streamed caption (image + text) or an image edit over one transport. */
export const loadKindSchema = z.enum(['chat', 'caption', 'edit']);

export const loadSloSchema = z.strictObject({ ttftMs: ms.optional(), tpotMs: ms.optional(), e2eMs: ms.optional() });

export const loadSettingsSchema = z.strictObject({
  kind: loadKindSchema,
  transport: z.enum(['omni', 'chat', 'nunchaku']),
  /** Closed loop (a number of requests in flight) or open loop (a mean arrival rate, Poisson arrivals); default concurrency. */
  sweep: z.enum(['concurrency', 'rate']).optional(),
  /** The concurrency sweep, run in this order. */
  concurrency: z.array(z.number().int().min(1).max(1024)).min(1).max(16),
  /** The rate sweep (requests per second), run in this order, when `sweep` is `rate`. */
  rates: z.array(z.number().positive().max(10_000)).min(1).max(16).optional(),
  requestsPerLevel: z.number().int().min(1).max(100_000).optional(),
  durationSeconds: z.number().min(1).max(3600).optional(),
  warmup: z.number().int().min(0).max(100),
  inputTokens: z.number().int().min(1).max(131_072).optional(),
  outputTokens: z.number().int().min(1).max(131_072),
  /** Caption and edit: a folder of PNG / JPEG / WebP images on the host; absent: generated gradients. */
  imagesDir: text(4000).optional(),
  slo: loadSloSchema,
}).refine((s) => s.requestsPerLevel === undefined || s.durationSeconds === undefined, { message: 'give requests per level or a duration per level, not both' })
  .refine((s) => s.sweep !== 'rate' || s.rates !== undefined, { message: 'a rate sweep needs its rates' });

const percentilesSchema = z.strictObject({
  count, p50: figure.optional(), p90: figure.optional(), p95: figure.optional(), p99: figure.optional(),
  mean: figure.optional(), min: figure.optional(), max: figure.optional(),
});

/** One finished level, as the results table shows it (the histograms stay on the host, in the saved JSON). */
export const loadLevelSchema = z.strictObject({
  /** One of the two: the level's concurrency or its mean arrival rate (req/s). */
  concurrency: z.number().int().min(1).optional(),
  rate: z.number().positive().optional(),
  requests: count,
  errors: count,
  errorsByKind: z.strictObject({ timeout: count.optional(), http: count.optional(), connection: count.optional(), invalid: count.optional() }),
  /** HTTP error statuses and how often each came. */
  errorsByStatus: z.array(z.strictObject({ status: z.number().int().min(100).max(599), count })).max(50),
  errorRate: figure,
  rps: figure,
  outputTokensPerSecond: figure,
  imagesPerSecond: figure,
  ttftMs: percentilesSchema,
  tpotMs: percentilesSchema,
  e2eMs: percentilesSchema,
  goodput: figure,
  meetsSlo: z.boolean(),
  /** When the level ended (epoch ms), to place it on the chart's time axis. */
  endedAt: figure,
});

const quantilesSchema = z.strictObject({ p50: figure.optional(), p90: figure.optional(), p99: figure.optional(), count });

export const gpuFigureSchema = z.strictObject({
  namespace: text(253),
  pod: text(253),
  gpu: text(50),
  /** 0–100. */
  utilization: figure.optional(),
  fbUsedMiB: figure.optional(),
  fbFreeMiB: figure.optional(),
});

/** One telemetry scrape, normalised (see src/core/telemetry). Ratios 0–1, latencies in milliseconds. */
export const telemetrySampleSchema = z.strictObject({
  at: figure,
  /** Which engine the names came from, e.g. "vLLM (current names)". */
  engine: text(100).optional(),
  running: figure.optional(),
  waiting: figure.optional(),
  kvCacheUsage: figure.optional(),
  prefixCacheHitRate: figure.optional(),
  /** Since the previous scrape. */
  preemptions: figure.optional(),
  ttftMs: quantilesSchema.optional(),
  itlMs: quantilesSchema.optional(),
  gpus: z.array(gpuFigureSchema).max(256),
  /** Why there are no GPU figures (no dcgm-exporter, …). */
  gpuNote: text(2000).optional(),
  /** Why this scrape failed. */
  error: text(2000).optional(),
});

/** The endpoint a dashboard watches: the same target the playground sends to (the host looks up key and port-forward). */
const dashboardTarget = z.strictObject({
  endpointKey: text(1000),
  baseUrl: z.string().regex(/^https?:\/\/\S+$/, 'base URL must start with http:// or https://').max(2000),
  model: text(500),
  timeoutMs: z.number().int().min(100).max(900_000),
});

/** Webview → host. */
export const loadWebviewMessages = [
  z.strictObject({ type: z.literal('loadRun'), requestId, target: dashboardTarget, settings: loadSettingsSchema }),
  z.strictObject({ type: z.literal('loadCancel'), requestId }),
  z.strictObject({ type: z.literal('loadSave'), requestId }),
  z.strictObject({ type: z.literal('pickImagesFolder') }),
  z.strictObject({ type: z.literal('dashboardWatch'), target: dashboardTarget }),
  z.strictObject({ type: z.literal('dashboardStop') }),
] as const;

/** Host → webview. */
export const loadHostMessages = [
  z.strictObject({ type: z.literal('loadStarted'), requestId, levels: z.array(z.number().positive()).max(16), at: figure }),
  z.strictObject({
    type: z.literal('loadProgress'), requestId,
    /** 0–1 over the whole sweep (warm-up included). */
    fraction: z.number().min(0).max(1),
    label: text(500),
    /** Live figures of the level being run. */
    concurrency: z.number().int().min(1).optional(),
    e2eP50: figure.optional(),
    ttftP50: figure.optional(),
  }),
  z.strictObject({ type: z.literal('loadLevel'), requestId, level: loadLevelSchema }),
  z.strictObject({
    type: z.literal('loadDone'), requestId, cancelled: z.boolean(), summary: text(2000),
    /** The highest level meeting the SLO: a concurrency or a request rate, exactly one; null when none did. */
    knee: z.union([z.strictObject({ concurrency: z.number().int().min(1) }), z.strictObject({ rate: z.number().positive() })]).nullable(),
    /** The run could not start or stopped on an error. */
    error: text(5000).optional(),
  }),
  z.strictObject({ type: z.literal('imagesFolder'), path: text(4000) }),
  z.strictObject({ type: z.literal('telemetry'), source: z.enum(['load', 'dashboard']), endpointKey: text(1000), sample: telemetrySampleSchema }),
  z.strictObject({ type: z.literal('showTab'), tab: z.enum(['caption', 'edit', 'load', 'dashboard']), endpointKey: text(1000).optional() }),
] as const;

export type LoadSettings = z.infer<typeof loadSettingsSchema>;
export type LoadLevel = z.infer<typeof loadLevelSchema>;
export type TelemetrySampleMessage = z.infer<typeof telemetrySampleSchema>;
export type GpuFigure = z.infer<typeof gpuFigureSchema>;

export const DEFAULT_LOAD_SETTINGS: LoadSettings = {
  kind: 'chat', transport: 'omni', concurrency: [1, 2, 4, 8], requestsPerLevel: 20, durationSeconds: undefined, warmup: 2,
  inputTokens: 128, outputTokens: 64, imagesDir: undefined, slo: { ttftMs: 500, tpotMs: 50 },
};
