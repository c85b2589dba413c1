import type { EngineGauges } from '../metrics';
import { BusyMeter } from './busyMeter';
import { StepClock } from './stepClock';

/** A continuous-batching LLM engine (vLLM's scheduler, simplified): the knobs that make latency depend on load. */
export interface BatchingEngineOptions {
  /** At most this many sequences in the running batch (vLLM `--max-num-seqs`). Default 256. */
  maxNumSeqs?: number;
  /** KV-cache capacity in tokens (vLLM logs it as "GPU KV cache size: N tokens"). Default 262,144. */
  kvCacheTokens?: number;
  /** Tokens per KV-cache block. Default 16. */
  blockSize?: number;
  /** Fixed cost of one engine step (one forward pass), ms. Default 5. */
  stepMs?: number;
  /** Added to a step for every sequence in the batch, ms. Default 0.05. */
  decodeMsPerSeq?: number;
  /** Added to a step for every prompt token prefilled in it (not found in the prefix cache), ms. Default 0.02. */
  prefillMsPerToken?: number;
  /** Whole-prompt prefix caching: a prompt seen before skips the prefill of its full blocks. Default true. */
  prefixCaching?: boolean;
}

export const DEFAULT_BATCHING: Required<BatchingEngineOptions> = {
  maxNumSeqs: 256, kvCacheTokens: 262_144, blockSize: 16, stepMs: 5, decodeMsPerSeq: 0.05, prefillMsPerToken: 0.02, prefixCaching: true,
};

export interface GenerationRequest {
  promptTokens: number;
  /** Tokens to generate (the reply's length after max_tokens). */
  outputTokens: number;
  /** Identifies the prompt for prefix caching (the same key: the same prompt). */
  promptKey?: string;
}

/** A submitted request as its handler sees it: tokens arrive one by one as engine steps finish. */
export class EngineSequence {
  generated = 0;
  /** Tokens whose KV entries are held (prompt + generated) while running. */
  kvTokens = 0;
  blocks = 0;
  state: 'waiting' | 'running' | 'finished' = 'waiting';
  readonly arrivedAt = performance.now();
  admittedAt?: number;
  firstTokenAt?: number;
  readonly tokenTimes: number[] = [];
  /** Prefilled in the step that is running now (its first token comes at the step's end). */
  prefilling = false;
  error?: Error;
  private waiter?: () => void;

  constructor(readonly request: GenerationRequest) {}

  /** Resolves when another token is available, the sequence finished, or it failed. */
  next(): Promise<void> {
    if (this.state === 'finished') return Promise.resolve();
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  get done(): boolean {
    return this.state === 'finished';
  }
}

/**
 * The scheduler loop: each step admits waiting sequences (first come, first served) while the batch has room and the
 * KV cache has blocks for their prompt, prefills them, and decodes one token for every other running sequence. A step
 * costs stepMs + decodeMsPerSeq × batch + prefillMsPerToken × prefilled tokens. When a decoding sequence needs a block
 * and none is free, the most recently admitted sequence is preempted (its blocks freed; it goes back to the front of
 * the queue and is prefilled again, prompt and generated tokens, when it is readmitted), as vLLM v1 does.
 */
export class BatchingEngine {
  readonly options: Required<BatchingEngineOptions>;
  private readonly waiting: EngineSequence[] = [];
  private readonly running: EngineSequence[] = [];
  private readonly totalBlocks: number;
  private usedBlocks = 0;
  private preemptions = 0;
  private prefixQueries = 0;
  private prefixHits = 0;
  private readonly prefixCache = new Map<string, true>();
  private readonly clock = new StepClock();
  private looping = false;
  private closed = false;
  readonly busy = new BusyMeter();

  constructor(options: BatchingEngineOptions = {}) {
    this.options = { ...DEFAULT_BATCHING, ...options };
    this.totalBlocks = Math.floor(this.options.kvCacheTokens / this.options.blockSize);
  }

  submit(request: GenerationRequest): EngineSequence {
    const seq = new EngineSequence(request);
    if (this.blocksFor(request.promptTokens + 1) > this.totalBlocks) {
      seq.error = new Error(`the prompt (${request.promptTokens} tokens) does not fit the KV cache (${this.options.kvCacheTokens} tokens)`);
      seq.state = 'finished';
      return seq;
    }
    if (request.outputTokens <= 0) {
      seq.state = 'finished';
      return seq;
    }
    this.waiting.push(seq);
    this.kick();
    return seq;
  }

  /** The client went away: the sequence leaves the queue or the batch and frees its blocks. */
  abort(seq: EngineSequence): void {
    if (seq.state === 'finished') return;
    this.remove(this.waiting, seq);
    if (this.remove(this.running, seq)) this.free(seq);
    seq.state = 'finished';
    seq.wake();
  }

  gauges(): EngineGauges {
    return {
      running: this.running.length,
      waiting: this.waiting.length,
      kvCacheUsage: this.totalBlocks ? Math.round((this.usedBlocks / this.totalBlocks) * 1e6) / 1e6 : 0,
      preemptions: this.preemptions,
      prefixCacheQueries: this.prefixQueries,
      prefixCacheHits: this.prefixHits,
    };
  }

  close(): void {
    this.closed = true;
    for (const seq of [...this.waiting, ...this.running]) {
      seq.error = new Error('engine stopped');
      seq.state = 'finished';
      seq.wake();
    }
    this.waiting.length = 0;
    this.running.length = 0;
  }

  private kick(): void {
    if (this.looping || this.closed) return;
    this.looping = true;
    this.clock.reset();
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed && (this.waiting.length || this.running.length)) {
        const costMs = this.schedule();
        const begun = performance.now();
        await this.clock.step(costMs);
        this.busy.add(begun, performance.now());
        this.finishStep();
      }
    } finally {
      this.looping = false;
    }
  }

  /** Plans one step (admissions, growth of the batch's KV, preemptions) and returns its cost in ms. */
  private schedule(): number {
    const o = this.options;
    let prefillTokens = 0;
    // Every decoding sequence needs room for the token it is about to produce.
    for (let i = 0; i < this.running.length; i++) {
      const seq = this.running[i];
      const need = this.blocksFor(seq.kvTokens + 1) - seq.blocks;
      while (need > 0 && this.usedBlocks + need > this.totalBlocks) {
        const victim = this.running[this.running.length - 1];
        this.preempt(victim);
        if (victim === seq) break;
      }
      if (seq.state !== 'running') { i--; continue; }
      this.usedBlocks += Math.max(0, need);
      seq.blocks += Math.max(0, need);
    }
    while (this.waiting.length && this.running.length < o.maxNumSeqs) {
      const seq = this.waiting[0];
      const tokens = seq.request.promptTokens + seq.generated;
      const blocks = this.blocksFor(tokens + 1);
      if (blocks > this.totalBlocks) {
        // Grown past the whole cache on its own (vLLM would have capped it at max_model_len): it can never run again.
        this.waiting.shift();
        seq.error = new Error(`the sequence needs ${tokens + 1} tokens of KV cache, more than the whole cache (${this.options.kvCacheTokens} tokens)`);
        seq.state = 'finished';
        seq.wake();
        continue;
      }
      if (this.usedBlocks + blocks > this.totalBlocks) break;
      this.waiting.shift();
      this.usedBlocks += blocks;
      seq.blocks = blocks;
      seq.kvTokens = tokens;
      seq.state = 'running';
      seq.prefilling = true;
      seq.admittedAt ??= performance.now();
      prefillTokens += tokens - this.cachedPrefix(seq);
      this.running.push(seq);
    }
    return o.stepMs + o.decodeMsPerSeq * this.running.length + o.prefillMsPerToken * prefillTokens;
  }

  private finishStep(): void {
    const now = performance.now();
    for (const seq of [...this.running]) {
      seq.prefilling = false;
      seq.generated++;
      seq.kvTokens++;
      seq.tokenTimes.push(now);
      seq.firstTokenAt ??= now;
      if (seq.generated >= seq.request.outputTokens) {
        this.remove(this.running, seq);
        this.free(seq);
        seq.state = 'finished';
      }
      seq.wake();
    }
  }

  private cachedPrefix(seq: EngineSequence): number {
    const { promptKey, promptTokens } = seq.request;
    if (seq.generated > 0 || !this.options.prefixCaching || promptKey === undefined) return 0;
    this.prefixQueries += promptTokens;
    const cached = this.prefixCache.has(promptKey);
    if (cached) {
      this.prefixCache.delete(promptKey);
    } else if (this.prefixCache.size >= 4096) {
      this.prefixCache.delete(this.prefixCache.keys().next().value as string);
    }
    this.prefixCache.set(promptKey, true);
    if (!cached) return 0;
    const hit = Math.floor(promptTokens / this.options.blockSize) * this.options.blockSize;
    this.prefixHits += hit;
    return hit;
  }

  private preempt(seq: EngineSequence): void {
    this.remove(this.running, seq);
    this.free(seq);
    seq.state = 'waiting';
    seq.prefilling = false;
    this.waiting.unshift(seq);
    this.preemptions++;
  }

  private free(seq: EngineSequence): void {
    this.usedBlocks -= seq.blocks;
    seq.blocks = 0;
    seq.kvTokens = 0;
  }

  private blocksFor(tokens: number): number {
    return Math.ceil(tokens / this.options.blockSize);
  }

  private remove(list: EngineSequence[], seq: EngineSequence): boolean {
    const i = list.indexOf(seq);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }
}
