/** Weight-download progress as huggingface_hub's tqdm bars print it, e.g. `model-00002-of-00004.safetensors:  50%|█████| 2.46G/4.92G [...]`. */
export interface DownloadProgress {
  /** 0..1 over the whole download when the shard numbering tells it, else over the current file. */
  fraction: number;
  file?: string;
  /** The size part of the bar, e.g. `2.46G/4.92G`. */
  bytes?: string;
}

const TQDM = /^(?:.*?\s)?([\w./-]+?):\s+(\d{1,3})%\|[^|]*\|\s*([\d.]+[kMGT]?B?\/[\d.]+[kMGT]?B?)?/;
const SHARD = /-(\d+)-of-(\d+)\.safetensors$/;

/** Reads one log line; undefined unless it is a download bar (loading bars such as "Loading safetensors checkpoint shards" are not). */
export function parseDownloadProgress(line: string): DownloadProgress | undefined {
  const m = TQDM.exec(line);
  if (!m) return undefined;
  const file = m[1];
  if (!/\.(safetensors|bin|json|pt|gguf|model|txt)$/.test(file) && !/^Fetching/.test(file)) return undefined;
  const fileFraction = Math.min(1, Number(m[2]) / 100);
  const shard = SHARD.exec(file);
  const fraction = shard ? (Number(shard[1]) - 1 + fileFraction) / Number(shard[2]) : fileFraction;
  return { fraction, file, ...(m[3] ? { bytes: m[3] } : {}) };
}

/** A line that says the server is loading or starting (weights on disk). */
export function isServerStartingLine(line: string): boolean {
  return /Loading (safetensors checkpoint shards|weights|pipeline components)|Starting vLLM API server|Waiting for application startup|Started server process|Uvicorn running|Application startup complete/.test(line);
}
