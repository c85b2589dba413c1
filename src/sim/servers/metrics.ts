import { PromHistogram, VLLM_BUCKETS } from './promHistogram';

/** What an engine model reports about itself at scrape time (absent: the plain server's counts stand in). */
export interface EngineGauges {
  running: number;
  waiting: number;
  /** 0–1, share of the KV-cache blocks in use. */
  kvCacheUsage: number;
  preemptions: number;
  prefixCacheQueries: number;
  prefixCacheHits: number;
}

export interface RequestOutcome {
  promptTokens?: number;
  generationTokens?: number;
  ttftSeconds?: number;
  /** Gaps between tokens (vllm:inter_token_latency_seconds and its older name time_per_output_token_seconds). */
  interTokenSeconds?: number[];
  queueSeconds?: number;
  finishReason?: string;
}

/**
 * vLLM's Prometheus metrics with vLLM's own names, labels (`model_name`, `engine`) and histogram buckets
 * (vllm/v1/metrics/loggers.py), with values that move as the simulated server works.
 */
export class ServerMetrics {
  private running = 0;
  private readonly ttft = new PromHistogram(VLLM_BUCKETS.ttft);
  private readonly itl = new PromHistogram(VLLM_BUCKETS.perToken);
  private readonly e2e = new PromHistogram(VLLM_BUCKETS.requestLatency);
  private readonly queue = new PromHistogram(VLLM_BUCKETS.requestLatency);
  private promptTokens = 0;
  private generationTokens = 0;
  private readonly finished = new Map<string, number>();
  private engine?: () => EngineGauges;

  /** `nim`: NIM for LLMs' own unprefixed names (its observability page) come first, then vLLM's that it passes through. */
  constructor(private readonly modelId: string, private readonly kvBlocks = 64, private readonly dialect: 'vllm' | 'nim' = 'vllm') {}

  private maxRunning?: number;

  /** NIM's num_request_max: how many requests the engine runs at once. */
  setMaxRunning(n: number): void {
    this.maxRunning = n;
  }

  /** Gauges (running, waiting, KV cache, preemptions, prefix cache) from an engine model instead of the request count. */
  attachEngine(gauges: () => EngineGauges): void {
    this.engine = gauges;
  }

  /** Marks a request running; call the returned function when it finishes. */
  start(): (outcome: RequestOutcome) => void {
    const begun = performance.now();
    this.running++;
    let finished = false;
    return (outcome) => {
      if (finished) return;
      finished = true;
      this.running--;
      this.e2e.observe((performance.now() - begun) / 1000);
      if (outcome.ttftSeconds !== undefined) this.ttft.observe(outcome.ttftSeconds);
      for (const gap of outcome.interTokenSeconds ?? []) this.itl.observe(gap);
      if (outcome.queueSeconds !== undefined) this.queue.observe(outcome.queueSeconds);
      this.promptTokens += outcome.promptTokens ?? 0;
      this.generationTokens += outcome.generationTokens ?? 0;
      const reason = outcome.finishReason ?? 'stop';
      this.finished.set(reason, (this.finished.get(reason) ?? 0) + 1);
    };
  }

  get runningRequests(): number {
    return this.engine ? this.engine().running : this.running;
  }

  render(): string {
    const labels = `model_name="${this.modelId.replace(/["\\]/g, '\\$&')}",engine="0"`;
    const g: EngineGauges = this.engine?.() ?? {
      running: this.running, waiting: 0, kvCacheUsage: Math.min(1, this.running / this.kvBlocks), preemptions: 0, prefixCacheQueries: 0, prefixCacheHits: 0,
    };
    const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${labels}} ${value}`];
    const lines = [
      ...metric('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.', g.running),
      ...metric('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.', g.waiting),
      ...metric('vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.', g.kvCacheUsage),
      ...metric('vllm:gpu_cache_usage_perc', 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage.DEPRECATED: Use vllm:kv_cache_usage_perc instead.', g.kvCacheUsage),
      ...metric('vllm:prefix_cache_queries_total', 'counter', 'Prefix cache queries, in terms of number of queried tokens.', g.prefixCacheQueries),
      ...metric('vllm:prefix_cache_hits_total', 'counter', 'Prefix cache hits, in terms of number of cached tokens.', g.prefixCacheHits),
      ...metric('vllm:num_preemptions_total', 'counter', 'Cumulative number of preemption from the engine.', g.preemptions),
      ...metric('vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.', this.promptTokens),
      ...metric('vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.', this.generationTokens),
      '# HELP vllm:request_success_total Count of successfully processed requests.',
      '# TYPE vllm:request_success_total counter',
      ...[...this.finished.entries()].map(([reason, n]) => `vllm:request_success_total{${labels},finished_reason="${reason}"} ${n}`),
      ...this.ttft.render('vllm:time_to_first_token_seconds', labels, 'Histogram of time to first token in seconds.'),
      ...this.itl.render('vllm:inter_token_latency_seconds', labels, 'Histogram of inter-token latency in seconds.'),
      ...this.itl.render('vllm:time_per_output_token_seconds', labels, 'Histogram of time per output token in seconds.DEPRECATED: Use vllm:inter_token_latency_seconds instead.'),
      ...this.e2e.render('vllm:e2e_request_latency_seconds', labels, 'Histogram of e2e request latency in seconds.'),
      ...this.queue.render('vllm:request_queue_time_seconds', labels, 'Histogram of time spent in WAITING phase for request.'),
    ];
    return [...(this.dialect === 'nim' ? this.nimLines(g) : []), ...lines].join('\n') + '\n';
  }

  /** NIM for LLMs' metric names (docs.nvidia.com/nim/large-language-models/latest/observability.html). */
  private nimLines(g: EngineGauges): string[] {
    const labels = `model_name="${this.modelId.replace(/["\\]/g, '\\$&')}"`;
    const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${labels}} ${value}`];
    return [
      ...metric('gpu_cache_usage_perc', 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage', g.kvCacheUsage),
      ...metric('num_requests_running', 'gauge', 'Number of requests currently running on GPU', g.running),
      ...metric('num_requests_waiting', 'gauge', 'Number of requests waiting to be processed', g.waiting),
      ...metric('num_request_max', 'gauge', 'Max number of requests that can be run concurrently by the model', this.maxRunning ?? 256),
      ...metric('prompt_tokens_total', 'counter', 'Number of prefill tokens processed', this.promptTokens),
      ...metric('generation_tokens_total', 'counter', 'Number of generation tokens processed', this.generationTokens),
      '# HELP request_success_total Count of successfully processed requests',
      '# TYPE request_success_total counter',
      ...[...this.finished.entries()].map(([reason, n]) => `request_success_total{${labels},finished_reason="${reason}"} ${n}`),
      ...this.ttft.render('time_to_first_token_seconds', labels, 'Histogram of time to first token in seconds'),
      ...this.itl.render('time_per_output_token_seconds', labels, 'Histogram of time per output token in seconds'),
      ...this.e2e.render('e2e_request_latency_seconds', labels, 'Histogram of end to end request latency in seconds'),
    ];
  }
}
