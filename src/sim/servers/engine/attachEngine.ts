import type { ServerMetrics } from '../metrics';
import type { EngineLoad, InferenceServerOptions, RunningInferenceServer } from '../types';
import { BatchingEngine } from './batchingEngine';
import { DiffusionEngine } from './diffusionEngine';

/** DCGM samples utilization over its last update period (1 s by default). */
const LOAD_WINDOW_MS = 1_000;

/** The server's continuous-batching engine when its options ask for one; its gauges feed /metrics. */
export function batchingEngineFor(options: InferenceServerOptions, metrics?: ServerMetrics): BatchingEngine | undefined {
  if (!options.engine) return undefined;
  const engine = new BatchingEngine(options.engine);
  metrics?.attachEngine(() => engine.gauges());
  return engine;
}

export function diffusionEngineFor(options: InferenceServerOptions, metrics?: ServerMetrics): DiffusionEngine | undefined {
  if (!options.diffusion) return undefined;
  const engine = new DiffusionEngine(options.diffusion);
  metrics?.attachEngine(() => engine.gauges());
  return engine;
}

/** Adds the engine's load to the running server and stops the engine with it. */
export async function withEngineLoad(started: Promise<RunningInferenceServer>, engine: BatchingEngine | DiffusionEngine | undefined): Promise<RunningInferenceServer> {
  const server = await started;
  if (!engine) return server;
  const load = (): EngineLoad => {
    const gauges = engine.gauges();
    const memory = engine instanceof BatchingEngine ? gauges.kvCacheUsage : Math.min(1, gauges.running / engine.options.maxBatch);
    return { busy: engine.busy.fraction(LOAD_WINDOW_MS), memory };
  };
  return {
    ...server,
    load,
    close: async () => {
      if (engine instanceof BatchingEngine) engine.close();
      await server.close();
    },
  };
}
