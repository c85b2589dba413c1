/** vLLM's histogram bucket boundaries in seconds, as vllm/v1/metrics/loggers.py declares them. */
export const VLLM_BUCKETS = {
  ttft: [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0],
  /** inter_token_latency_seconds and time_per_output_token_seconds. */
  perToken: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0],
  /** e2e, queue, inference, prefill and decode time per request. */
  requestLatency: [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0],
} as const;

/** A cumulative Prometheus histogram rendered in the text exposition format (prometheus_client's float formatting). */
export class PromHistogram {
  private readonly counts: number[];
  count = 0;
  sum = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    for (let i = 0; i < this.bounds.length; i++) if (seconds <= this.bounds[i]) this.counts[i]++;
  }

  render(name: string, labels: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    this.bounds.forEach((bound, i) => lines.push(`${name}_bucket{${labels},le="${pyFloat(bound)}"} ${this.counts[i]}`));
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${this.count}`, `${name}_count{${labels}} ${this.count}`, `${name}_sum{${labels}} ${this.sum}`);
    return lines;
  }
}

/** prometheus_client writes bucket bounds with Python's float repr: `1.0`, `0.25`. */
function pyFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
