import type { Percentiles } from './histogram.js';

/** What a bench request is: a streamed caption (image + text), a streamed text chat, or an image edit over one of the three transports. */
export const BENCH_MODES = ['caption', 'chat', 'edit-omni', 'edit-chat', 'edit-nunchaku'] as const;
export type BenchMode = (typeof BENCH_MODES)[number];

export const isEditMode = (mode: BenchMode): mode is 'edit-omni' | 'edit-chat' | 'edit-nunchaku' => mode.startsWith('edit-');

/** Why a request failed: no answer in time, an HTTP error status, no connection (refused, reset, DNS, TLS), or an answer that is not what the mode expects. */
export const ERROR_KINDS = ['timeout', 'http', 'connection', 'invalid'] as const;
export type BenchErrorKind = (typeof ERROR_KINDS)[number];

/** Latency bounds a request must all meet to count towards goodput (milliseconds); absent bounds are not checked. */
export interface Slo {
  ttftMs?: number;
  tpotMs?: number;
  e2eMs?: number;
}

/** A level passes when at least `goodput` of its requests meet the SLO and at most `errorRate` of them failed. */
export interface PassCriteria {
  goodput: number;
  errorRate: number;
}

export const DEFAULT_PASS: PassCriteria = { goodput: 0.95, errorRate: 0.01 };

/** One sweep step: a fixed number of requests in flight (closed loop) or a mean arrival rate with Poisson arrivals (open loop). */
export type LevelSpec = { concurrency: number } | { rate: number };

/** One measured request. Times in milliseconds from the moment it was sent. */
export interface RequestSample {
  /** 0-based within its level. */
  index: number;
  /** Sent as X-Request-Id with streamed requests: the id vLLM logs the request under. */
  requestId?: string;
  /** Wall-clock time it was sent (epoch ms), to line requests up with engine metrics scraped meanwhile. */
  sentAt?: number;
  ok: boolean;
  /** Until the whole answer was read (or the failure). */
  e2eMs: number;
  /** Streamed modes: until the first token. */
  ttftMs?: number;
  /** Streamed modes: (e2e − ttft) / (output tokens − 1). */
  tpotMs?: number;
  /** Gaps between streamed chunks that carried content (inter-token latency). */
  itlMs?: number[];
  outputTokens?: number;
  /** Whether outputTokens came from the server's usage or was counted from the stream. */
  tokensFrom?: 'usage' | 'stream';
  /** Edit modes: images in the answer. */
  images?: number;
  error?: { kind: BenchErrorKind; status?: number; message: string };
}

/** Per-level figures, as written to the results JSON (see docs/bench-schema.md). */
export interface LevelResult {
  concurrency?: number;
  /** Requested mean arrival rate (req/s) for a rate level. */
  rate?: number;
  /** Requests finished (ok or failed) in this level. */
  requests: number;
  errors: number;
  errorsByKind: Partial<Record<BenchErrorKind, number>>;
  /** HTTP error statuses and how often each came. */
  errorsByStatus: Record<string, number>;
  /** First few distinct error messages, for the report. */
  errorExamples: string[];
  errorRate: number;
  durationMs: number;
  /** Finished requests per second (ok and failed). */
  rps: number;
  outputTokens: number;
  outputTokensPerSecond: number;
  images: number;
  imagesPerSecond: number;
  ttftMs: Percentiles;
  tpotMs: Percentiles;
  itlMs: Percentiles;
  e2eMs: Percentiles;
  /** Share of finished requests that succeeded and met every SLO bound (1 when no SLO: the share that succeeded). */
  goodput: number;
  /** Requests per second that met the SLO. */
  goodRps: number;
  meetsSlo: boolean;
  /** HdrHistogram compressed base64 (microseconds) of each latency, for merging runs. */
  histograms: { ttft: string; tpot: string; itl: string; e2e: string };
}

export interface Knee {
  concurrency?: number;
  rate?: number;
}

export interface BenchResult {
  schema: 'ies-bench/1';
  tool: string;
  startedAt: string;
  finishedAt: string;
  /** TARGET as given, or the URL. */
  target: string;
  baseUrl: string;
  model?: string;
  mode: BenchMode;
  settings: {
    levels: LevelSpec[];
    requestsPerLevel?: number;
    durationMsPerLevel?: number;
    warmup: number;
    promptTokens?: number;
    maxTokens?: number;
    seed: number;
    images?: number;
    timeoutMs: number;
  };
  slo: Slo;
  pass: PassCriteria;
  warmup: { requests: number; errors: number };
  levels: LevelResult[];
  /** The highest level that meets the SLO; null when none does. */
  knee: Knee | null;
  /** The verdict in one sentence. */
  summary: string;
  /** Stopped before every level ran (Ctrl-C, a cancelled run): the levels hold what was measured. */
  cancelled: boolean;
}
