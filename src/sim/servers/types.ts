import type { BatchingEngineOptions } from './engine/batchingEngine';
import type { DiffusionEngineOptions } from './engine/diffusionEngine';
import type { FaultSettings } from './faults';

export type InferenceServerKind = 'vllm-omni' | 'vllm-vlm' | 'nunchaku' | 'omega' | 'nim-llm';

/** vLLM's error body: 'legacy' `{"object":"error",…}` before 0.10.1, 'current' `{"error":{…}}` after. */
export type VllmErrorStyle = 'legacy' | 'current';

export interface TlsOptions {
  key: string;
  cert: string;
}

export interface GenerationTiming {
  /** Simulated prefill time before the first token (or before a diffusion result). */
  firstTokenMs: number;
  /** Simulated decode time per generated token (or per diffusion step for image servers). */
  perTokenMs: number;
}

export interface InferenceServerOptions {
  /** Served model id, e.g. `nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL`; each kind has a default. */
  modelId?: string;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (health routes stay open, as in the real servers). */
  apiKey?: string;
  /** The server answers 503 (in its own shape) until this many ms after start. */
  warmupMs?: number;
  vllmErrorStyle?: VllmErrorStyle;
  host?: string;
  port?: number;
  tls?: TlsOptions;
  /** Request bodies above this are refused with 413. Default 32 MiB. */
  maxBodyBytes?: number;
  timing?: Partial<GenerationTiming>;
  /** Faults active from the start (same as posting them to `/__sim/control`). */
  faults?: Partial<FaultSettings>;
  /** At most this many POST (inference) requests are handled at once; the rest wait in a FIFO queue, so latency
   * grows with load as on a saturated engine. Unset: no limit. */
  maxConcurrency?: number;
  /** Chat and caption servers: a continuous-batching engine paces the tokens instead of `timing`
   * (max running sequences, prefill and decode cost, KV cache with preemption); its state shows in /metrics. */
  engine?: BatchingEngineOptions;
  /** Image-edit servers: a diffusion engine (cost per step and per megapixel, maximum batch) instead of `timing`. */
  diffusion?: DiffusionEngineOptions;
  /** Called once each request's answer has been written (benchmarks pair it with what the client measured). */
  onRequestDone?: (done: HandledRequest) => void;
}

export interface HandledRequest {
  method: string;
  path: string;
  status: number;
  /** From the request's headers being parsed to its answer's last byte handed to the socket, ms. */
  handledMs: number;
  /** The request's X-Request-Id header (vLLM takes it as the request's id in its logs), if any. */
  requestId?: string;
  /** The parsed JSON body, when the handler read one. */
  body: () => Promise<unknown>;
}

/** What the GPU behind a simulated engine is doing, as dcgm-exporter would see it. */
export interface EngineLoad {
  /** Share of the last few seconds the engine was running steps (0–1). */
  busy: number;
  /** KV-cache usage (0–1) for LLM engines; the share of a batch in use for diffusion. */
  memory: number;
}

export interface RunningInferenceServer {
  kind: InferenceServerKind;
  modelId: string;
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  port: number;
  control: import('./faults').FaultControl;
  /** Present when the server runs an engine model. */
  load?: () => EngineLoad;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}
