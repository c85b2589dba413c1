const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];

class Histogram {
  readonly counts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  count = 0;
  sum = 0;

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    LATENCY_BUCKETS.forEach((bound, i) => { if (seconds <= bound) this.counts[i]++; });
  }

  render(name: string, labels: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    LATENCY_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{${labels},le="${bound}"} ${this.counts[i]}`));
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${this.count}`, `${name}_sum{${labels}} ${this.sum}`, `${name}_count{${labels}} ${this.count}`);
    return lines;
  }
}

/** The vLLM Prometheus metrics the product reads, with values that move as the simulated server works. */
export class ServerMetrics {
  private running = 0;
  private readonly ttft = new Histogram();
  private readonly e2e = new Histogram();
  private promptTokens = 0;
  private generationTokens = 0;
  private readonly finished = new Map<string, number>();

  constructor(private readonly modelId: string, private readonly kvBlocks = 64) {}

  /** Marks a request running; call the returned function when it finishes. */
  start(): (outcome: { promptTokens?: number; generationTokens?: number; ttftSeconds?: number; finishReason?: string }) => void {
    const begun = performance.now();
    this.running++;
    let finished = false;
    return (outcome) => {
      if (finished) return;
      finished = true;
      this.running--;
      this.e2e.observe((performance.now() - begun) / 1000);
      if (outcome.ttftSeconds !== undefined) this.ttft.observe(outcome.ttftSeconds);
      this.promptTokens += outcome.promptTokens ?? 0;
      this.generationTokens += outcome.generationTokens ?? 0;
      const reason = outcome.finishReason ?? 'stop';
      this.finished.set(reason, (this.finished.get(reason) ?? 0) + 1);
    };
  }

  get runningRequests(): number {
    return this.running;
  }

  render(): string {
    const labels = `model_name="${this.modelId.replace(/["\\]/g, '\\$&')}"`;
    const kv = Math.min(1, this.running / this.kvBlocks);
    const lines = [
      '# HELP vllm:num_requests_running Number of requests in model execution batches.',
      '# TYPE vllm:num_requests_running gauge',
      `vllm:num_requests_running{${labels}} ${this.running}`,
      '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
      '# TYPE vllm:num_requests_waiting gauge',
      `vllm:num_requests_waiting{${labels}} 0`,
      '# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.',
      '# TYPE vllm:kv_cache_usage_perc gauge',
      `vllm:kv_cache_usage_perc{${labels}} ${kv}`,
      '# HELP vllm:prompt_tokens_total Number of prefill tokens processed.',
      '# TYPE vllm:prompt_tokens_total counter',
      `vllm:prompt_tokens_total{${labels}} ${this.promptTokens}`,
      '# HELP vllm:generation_tokens_total Number of generation tokens processed.',
      '# TYPE vllm:generation_tokens_total counter',
      `vllm:generation_tokens_total{${labels}} ${this.generationTokens}`,
      '# HELP vllm:request_success_total Count of successfully processed requests.',
      '# TYPE vllm:request_success_total counter',
      ...[...this.finished.entries()].map(([reason, n]) => `vllm:request_success_total{finished_reason="${reason}",${labels}} ${n}`),
      ...this.ttft.render('vllm:time_to_first_token_seconds', labels, 'Histogram of time to first token in seconds.'),
      ...this.e2e.render('vllm:e2e_request_latency_seconds', labels, 'Histogram of end to end request latency in seconds.'),
    ];
    return lines.join('\n') + '\n';
  }
}
