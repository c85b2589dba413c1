import type { EngineGauges } from '../metrics';
import { BusyMeter } from './busyMeter';
import { StepClock } from './stepClock';

/** A diffusion image-edit engine: the knobs that make an edit's latency depend on steps, size and load. */
export interface DiffusionEngineOptions {
  /** Jobs run together in one batch (same step count), at most this many. Default 1. */
  maxBatch?: number;
  /** Cost of one denoising step of a batch, ms, before the per-megapixel part. Default 10. */
  stepMs?: number;
  /** Added to a step for every output megapixel in the batch, ms. Default 20. */
  stepMsPerMegapixel?: number;
  /** Once per batch (text encoder, VAE decode), ms. Default 50. */
  batchOverheadMs?: number;
}

export const DEFAULT_DIFFUSION: Required<DiffusionEngineOptions> = { maxBatch: 1, stepMs: 10, stepMsPerMegapixel: 20, batchOverheadMs: 50 };

export interface DiffusionJob {
  steps: number;
  /** Output megapixels of this job (width × height × images / 10⁶). */
  megapixels: number;
}

interface Queued {
  job: DiffusionJob;
  resolve: (queueMs: number) => void;
  arrivedAt: number;
}

/**
 * First come, first served batches: the job at the head of the queue starts a batch and takes with it the queued jobs
 * with the same step count, up to maxBatch. A batch costs batchOverheadMs + steps × (stepMs + stepMsPerMegapixel × its
 * megapixels); one batch runs at a time, as on one GPU.
 */
export class DiffusionEngine {
  readonly options: Required<DiffusionEngineOptions>;
  private readonly queue: Queued[] = [];
  private runningJobs = 0;
  private looping = false;
  private readonly clock = new StepClock();
  readonly busy = new BusyMeter();

  constructor(options: DiffusionEngineOptions = {}) {
    this.options = { ...DEFAULT_DIFFUSION, ...options };
  }

  /** Resolves with the time the job waited in the queue (ms) once its batch has run. */
  run(job: DiffusionJob): Promise<number> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve, arrivedAt: performance.now() });
      if (!this.looping) {
        this.looping = true;
        this.clock.reset();
        void this.loop();
      }
    });
  }

  gauges(): EngineGauges {
    return { running: this.runningJobs, waiting: this.queue.length, kvCacheUsage: 0, preemptions: 0, prefixCacheQueries: 0, prefixCacheHits: 0 };
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length) {
        const head = this.queue.shift()!;
        const batch = [head];
        for (let i = 0; i < this.queue.length && batch.length < this.options.maxBatch;) {
          if (this.queue[i].job.steps === head.job.steps) batch.push(...this.queue.splice(i, 1));
          else i++;
        }
        const started = performance.now();
        const megapixels = batch.reduce((sum, q) => sum + q.job.megapixels, 0);
        const o = this.options;
        this.runningJobs = batch.length;
        await this.clock.step(o.batchOverheadMs + head.job.steps * (o.stepMs + o.stepMsPerMegapixel * megapixels));
        this.busy.add(started, performance.now());
        this.runningJobs = 0;
        for (const q of batch) q.resolve(started - q.arrivedAt);
      }
    } finally {
      this.looping = false;
    }
  }
}
