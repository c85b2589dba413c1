import { WarmupState } from './warmup';

export interface FailSpec {
  status: number;
  /** Body to send; a string is sent as text/plain, anything else as JSON. Default: the server's own error shape. */
  body?: unknown;
}

export interface FaultSettings {
  /** Added before every request is handled. */
  latencyMs: number;
  /** Probability 0-1 that a request fails with 500 in the server's error shape. */
  failRate: number;
  /** How many of the next requests get their socket destroyed mid-response. */
  dropConnections: number;
  /** Queue of failures for the next requests, first in first out. */
  failNext: FailSpec[];
}

/** What `/__sim/control` accepts (all optional); `failNext` may be one spec or a list. */
export interface FaultPatch {
  latencyMs?: number;
  failRate?: number;
  dropConnections?: number;
  failNext?: FailSpec | FailSpec[] | null;
  /** Restart warm-up: the server answers 503 for this many ms from now. */
  warmupMs?: number;
  /** Clear every fault before applying the rest of the patch. */
  reset?: boolean;
}

export interface FaultDecision {
  latencyMs: number;
  fail?: FailSpec;
  drop: boolean;
}

export interface FaultCounters {
  requests: number;
  failed: number;
  dropped: number;
}

export class FaultPatchError extends Error {}

/** Faults a test or the cluster simulator injects into one running inference server. */
export class FaultControl {
  private settings: FaultSettings = { latencyMs: 0, failRate: 0, dropConnections: 0, failNext: [] };
  private readonly counters: FaultCounters = { requests: 0, failed: 0, dropped: 0 };

  constructor(private readonly warmup: WarmupState, initial?: Partial<FaultSettings>, private readonly random: () => number = Math.random) {
    if (initial) this.update(initial);
  }

  /** Validates and applies a patch; throws FaultPatchError with a message naming the bad field. */
  update(patch: FaultPatch | Partial<FaultSettings>): FaultSettings & { warm: boolean } {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new FaultPatchError('control body must be a JSON object');
    const known = new Set(['latencyMs', 'failRate', 'dropConnections', 'failNext', 'warmupMs', 'reset']);
    const unknown = Object.keys(patch).filter((k) => !known.has(k));
    if (unknown.length) throw new FaultPatchError(`unknown control field(s) ${unknown.join(', ')}; expected ${[...known].join(', ')}`);
    const p = patch as FaultPatch;
    const next: FaultSettings = p.reset ? { latencyMs: 0, failRate: 0, dropConnections: 0, failNext: [] } : { ...this.settings, failNext: [...this.settings.failNext] };
    if (p.latencyMs !== undefined) next.latencyMs = nonNegative('latencyMs', p.latencyMs);
    if (p.failRate !== undefined) {
      next.failRate = nonNegative('failRate', p.failRate);
      if (next.failRate > 1) throw new FaultPatchError(`failRate must be between 0 and 1, got ${p.failRate}`);
    }
    if (p.dropConnections !== undefined) next.dropConnections = Math.floor(nonNegative('dropConnections', p.dropConnections));
    if (p.failNext === null) next.failNext = [];
    else if (p.failNext !== undefined) next.failNext.push(...(Array.isArray(p.failNext) ? p.failNext : [p.failNext]).map(checkFailSpec));
    if (p.warmupMs !== undefined) this.warmup.restart(nonNegative('warmupMs', p.warmupMs));
    this.settings = next;
    return this.state();
  }

  reset(): void {
    this.update({ reset: true });
  }

  state(): FaultSettings & { warm: boolean; counters: FaultCounters } {
    return { ...this.settings, failNext: [...this.settings.failNext], warm: this.warmup.isWarm(), counters: { ...this.counters } };
  }

  /** Consumes one request's worth of faults: a queued failure first, then a pending drop, then the fail rate. */
  decide(): FaultDecision {
    this.counters.requests++;
    const decision: FaultDecision = { latencyMs: this.settings.latencyMs, drop: false };
    const queued = this.settings.failNext.shift();
    if (queued) decision.fail = queued;
    else if (this.settings.dropConnections > 0) {
      this.settings.dropConnections--;
      decision.drop = true;
    } else if (this.settings.failRate > 0 && this.random() < this.settings.failRate) {
      decision.fail = { status: 500 };
    }
    if (decision.fail) this.counters.failed++;
    if (decision.drop) this.counters.dropped++;
    return decision;
  }
}

function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FaultPatchError(`${field} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkFailSpec(spec: unknown): FailSpec {
  const status = (spec as FailSpec | null)?.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new FaultPatchError(`failNext.status must be an HTTP error status 400-599, got ${JSON.stringify(status)}`);
  }
  return { status, body: (spec as FailSpec).body };
}
