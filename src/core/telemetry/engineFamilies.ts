// Which metric families carry each engine figure, current name first. vLLM renamed several (0.10 deprecates
// gpu_cache_usage_perc, gpu_prefix_cache_*, time_per_output_token_seconds); NIM for LLMs serves vLLM's families
// without the `vllm:` prefix; vllm-omni is served by vLLM's own server and so exposes vLLM's names.

export const FAMILIES = {
  running: ['vllm:num_requests_running', 'num_requests_running'],
  waiting: ['vllm:num_requests_waiting', 'num_requests_waiting'],
  /** 0–1. */
  kvCacheUsage: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc', 'kv_cache_usage_perc', 'gpu_cache_usage_perc'],
  prefixHits: ['vllm:prefix_cache_hits_total', 'vllm:gpu_prefix_cache_hits_total', 'prefix_cache_hits_total', 'gpu_prefix_cache_hits_total'],
  prefixQueries: ['vllm:prefix_cache_queries_total', 'vllm:gpu_prefix_cache_queries_total', 'prefix_cache_queries_total', 'gpu_prefix_cache_queries_total'],
  /** vLLM before the prefix-cache counters (v0 engine): a ready-made gauge, 0–1. */
  prefixHitRateGauge: ['vllm:gpu_prefix_cache_hit_rate', 'gpu_prefix_cache_hit_rate'],
  preemptions: ['vllm:num_preemptions_total', 'num_preemptions_total'],
  /** Histograms (seconds): the family name without `_bucket`. */
  ttft: ['vllm:time_to_first_token_seconds', 'time_to_first_token_seconds'],
  itl: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds', 'inter_token_latency_seconds', 'time_per_output_token_seconds'],
} as const;

export type Figure = keyof typeof FAMILIES;

/** Which naming the page uses, for the dashboard's caption. */
export function engineNaming(names: ReadonlySet<string>): string | undefined {
  if (names.has('vllm:kv_cache_usage_perc')) return 'vLLM (current metric names)';
  if (names.has('vllm:gpu_cache_usage_perc') || names.has('vllm:num_requests_running')) return 'vLLM (older metric names)';
  if (names.has('num_requests_running') || names.has('gpu_cache_usage_perc')) return 'NVIDIA NIM';
  return undefined;
}
