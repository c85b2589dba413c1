export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition: samples only (HELP / TYPE lines and malformed lines are skipped). */
export function parsePrometheus(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    const value = Number(match[4]);
    if (!Number.isNaN(value) || match[4] === 'NaN') samples.push({ name: match[1], labels, value });
  }
  return samples;
}

export interface EngineMetrics {
  running?: number;
  waiting?: number;
  /** 0–1. */
  kvCacheUsage?: number;
}

/** vLLM's load gauges, summed over models; older vLLM calls the KV gauge `gpu_cache_usage_perc`. */
export function engineMetrics(samples: readonly MetricSample[]): EngineMetrics {
  const sum = (...names: string[]) => {
    const hits = samples.filter((s) => names.includes(s.name));
    return hits.length ? hits.reduce((n, s) => n + s.value, 0) : undefined;
  };
  const max = (...names: string[]) => {
    const hits = samples.filter((s) => names.includes(s.name));
    return hits.length ? Math.max(...hits.map((s) => s.value)) : undefined;
  };
  return {
    running: sum('vllm:num_requests_running'),
    waiting: sum('vllm:num_requests_waiting'),
    kvCacheUsage: max('vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'),
  };
}
