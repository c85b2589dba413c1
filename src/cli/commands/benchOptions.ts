import { BENCH_MODES, DEFAULT_PASS, type BenchMode, type LevelSpec, type PassCriteria, type Slo } from '../../core/bench/types.js';
import { parseSlo, SloSyntaxError } from '../../core/bench/slo.js';
import { UsageError } from '../usageError.js';
import { clusterOptionSpecs } from './clusterOptions.js';
import { parseDuration } from './health.js';

export const benchOptionSpecs = {
  url: { type: 'string' }, mode: { type: 'string' }, kind: { type: 'string' }, transport: { type: 'string' }, model: { type: 'string' },
  concurrency: { type: 'string' }, rate: { type: 'string' }, rates: { type: 'string' },
  requests: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string', default: '2' },
  'prompt-tokens': { type: 'string' }, 'input-tokens': { type: 'string' }, 'max-tokens': { type: 'string' }, 'output-tokens': { type: 'string' },
  images: { type: 'string' }, steps: { type: 'string' }, size: { type: 'string' },
  slo: { type: 'string' }, goodput: { type: 'string' }, 'max-error-rate': { type: 'string' }, 'require-level': { type: 'string' },
  seed: { type: 'string', default: '1' }, 'api-key-env': { type: 'string' },
  'ca-file': { type: 'string' }, insecure: { type: 'boolean', default: false }, direct: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '120s' }, out: { type: 'string' }, format: { type: 'string', default: 'text' },
  ...clusterOptionSpecs,
  help: { type: 'boolean', short: 'h' },
} as const;

export type BenchOptionValues = { [K in keyof typeof benchOptionSpecs]?: (typeof benchOptionSpecs)[K] extends { multiple: true } ? string[] : (typeof benchOptionSpecs)[K]['type'] extends 'boolean' ? boolean : string };

export interface BenchCliSettings {
  mode: BenchMode;
  levels: LevelSpec[];
  requestsPerLevel?: number;
  durationMsPerLevel?: number;
  warmup: number;
  promptTokens?: number;
  maxTokens?: number;
  steps?: number;
  size?: string;
  slo: Slo;
  pass: PassCriteria;
  requireLevel?: number;
  seed: number;
  timeoutMs: number;
  format: 'text' | 'json';
}

const DEFAULT_LEVELS = [1, 2, 4, 8];
const DEFAULT_REQUESTS = 50;

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

function share(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const percent = text.trim().endsWith('%');
  const n = Number(percent ? text.trim().slice(0, -1) : text) / (percent ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a share between 0 and 1 (or a percentage), got ${JSON.stringify(text)}`);
  return n;
}

/** `1,2,4,8` → numbers; integers for concurrency, positive numbers for rates. */
export function parseList(name: string, text: string, integer: boolean): number[] {
  const values = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!values.length || values.some((v) => !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))) {
    throw new UsageError(`--${name} takes a comma-separated list of positive ${integer ? 'integers' : 'numbers'}, e.g. ${integer ? '1,2,4,8' : '0.5,1,2,4'}; got ${JSON.stringify(text)}`);
  }
  return [...new Set(values)];
}

/** `--mode`, or the contract's `--kind chat|caption|edit` with `--transport omni|chat|nunchaku`. */
function modeOf(values: BenchOptionValues): BenchMode {
  if (values.mode !== undefined) {
    if (values.kind !== undefined || values.transport !== undefined) throw new UsageError('give --mode, or --kind with --transport, not both');
    if (!BENCH_MODES.includes(values.mode as BenchMode)) throw new UsageError(`unknown --mode ${values.mode}: use ${BENCH_MODES.join(', ')}`);
    return values.mode as BenchMode;
  }
  const kind = values.kind;
  if (kind === undefined) throw new UsageError(`--mode is required: ${BENCH_MODES.join(', ')}`);
  if (kind === 'chat' || kind === 'caption') {
    if (values.transport !== undefined) throw new UsageError('--transport goes with --kind edit');
    return kind;
  }
  if (kind !== 'edit') throw new UsageError(`unknown --kind ${kind}: use chat, caption or edit (or --mode)`);
  const transport = values.transport ?? 'omni';
  if (!['omni', 'chat', 'nunchaku'].includes(transport)) throw new UsageError(`unknown --transport ${transport}: use omni, chat or nunchaku`);
  return `edit-${transport}` as BenchMode;
}

/** Reads and checks every option that does not need the network. */
export function readBenchSettings(values: BenchOptionValues): BenchCliSettings {
  const mode = modeOf(values);
  const rateText = values.rate ?? values.rates;
  if (values.rate !== undefined && values.rates !== undefined) throw new UsageError('give --rate once');
  if (values.concurrency !== undefined && rateText !== undefined) throw new UsageError('give --concurrency or --rate, not both');
  const levels: LevelSpec[] = rateText !== undefined
    ? parseList('rate', rateText, false).map((rate) => ({ rate }))
    : (values.concurrency !== undefined ? parseList('concurrency', values.concurrency, true) : DEFAULT_LEVELS).map((concurrency) => ({ concurrency }));
  const requests = positiveInt('requests', values.requests);
  const durationMs = values.duration !== undefined ? parseDurationOption('duration', values.duration) : undefined;
  if (values['prompt-tokens'] !== undefined && values['input-tokens'] !== undefined) throw new UsageError('give --prompt-tokens once');
  if (values['max-tokens'] !== undefined && values['output-tokens'] !== undefined) throw new UsageError('give --max-tokens once');
  const warmup = Number(values.warmup ?? '2');
  if (!Number.isInteger(warmup) || warmup < 0) throw new UsageError(`--warmup must be a non-negative integer, got ${JSON.stringify(values.warmup)}`);
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(values.seed)}`);
  let slo: Slo = {};
  if (values.slo !== undefined) {
    try {
      slo = parseSlo(values.slo);
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new UsageError(`--slo: ${error.message}`);
      throw error;
    }
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  if (values.size !== undefined && !/^(auto|\d+x\d+)$/i.test(values.size)) throw new UsageError(`--size ${values.size}: use WIDTHxHEIGHT or auto`);
  if (mode === 'chat' && values.images !== undefined) throw new UsageError('--images goes with caption and edit modes; chat sends text only');
  const requireLevel = values['require-level'] === undefined ? undefined : Number(values['require-level']);
  if (requireLevel !== undefined && !levels.some((l) => ('concurrency' in l ? l.concurrency : l.rate) === requireLevel)) {
    throw new UsageError(`--require-level ${values['require-level']} is not one of the levels (${levels.map((l) => ('concurrency' in l ? l.concurrency : l.rate)).join(', ')})`);
  }
  return {
    mode, levels,
    requestsPerLevel: requests ?? (durationMs === undefined ? DEFAULT_REQUESTS : undefined),
    durationMsPerLevel: durationMs,
    warmup,
    promptTokens: positiveInt('prompt-tokens', values['prompt-tokens'] ?? values['input-tokens']),
    maxTokens: positiveInt('max-tokens', values['max-tokens'] ?? values['output-tokens']),
    steps: positiveInt('steps', values.steps),
    size: values.size,
    slo,
    pass: { goodput: share('goodput', values.goodput, DEFAULT_PASS.goodput), errorRate: share('max-error-rate', values['max-error-rate'], DEFAULT_PASS.errorRate) },
    requireLevel,
    seed,
    timeoutMs: parseDurationOption('timeout', values.timeout ?? '120s'),
    format: values.format,
  };
}

function parseDurationOption(name: string, text: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw new UsageError(`--${name} ${JSON.stringify(text)}: use e.g. 500ms, 30s or 2m`);
  }
}
