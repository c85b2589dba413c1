import { createHash } from 'node:crypto';

/**
 * The simulated model manifest of a NIM image (what `list-model-profiles` prints and what the operator reads from
 * the image's `model_manifest.yaml`): optimized TensorRT-LLM profiles per GPU, with throughput and latency
 * variants, plus generic vLLM profiles that run on any GPU. Tags use the manifest's keys (`llm_engine`,
 * `precision`, `tp`, `pp`, `gpu`, `gpu_device`, `profile`, `feat_lora`); ids are 64 hex digits like NGC's.
 */
export interface NimManifestProfile {
  id: string;
  /** The human-readable name NIM prints next to the id, e.g. `tensorrt_llm-h100-bf16-tp1-throughput`. */
  name: string;
  model: string;
  release: string;
  tags: Record<string, string>;
}

const GPUS: Array<{ gpu: string; device: string; fp8: boolean }> = [
  { gpu: 'H100', device: '2330:10de', fp8: true },
  { gpu: 'A100', device: '20b2:10de', fp8: false },
  { gpu: 'L40S', device: '26b9:10de', fp8: true },
];

/** The NIM's release: the image tag when it is a version, else 1.0.0. */
function release(image: string): string {
  const tag = /:([^/:@]+)$/.exec(image)?.[1] ?? '';
  return /^\d+(\.\d+)*$/.test(tag) ? tag : '1.0.0';
}

/** `nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3.3` → `meta/llama-3.1-70b-instruct`. */
export function nimModelOf(image: string): string {
  return image.replace(/^[^/]+\.[^/]+\//, '').replace(/^nim\//, '').replace(/[:@][^/]*$/, '');
}

function isLarge(model: string): boolean {
  const b = /(\d+(?:\.\d+)?)b\b/i.exec(model);
  return !!b && Number(b[1]) >= 30;
}

function profile(model: string, rel: string, name: string, tags: Record<string, string>): NimManifestProfile {
  const id = createHash('sha256').update(`${model}|${rel}|${name}`).digest('hex');
  return { id, name, model, release: rel, tags: { feat_lora: 'false', pp: '1', ...tags } };
}

/** Every profile the NIM image ships. */
export function nimManifest(image: string): NimManifestProfile[] {
  const model = nimModelOf(image);
  const rel = release(image);
  const [throughputTp, latencyTp] = isLarge(model) ? ['4', '8'] : ['1', '2'];
  const out: NimManifestProfile[] = [];
  for (const g of GPUS) {
    for (const precision of g.fp8 ? ['fp8', 'bf16'] : ['bf16']) {
      for (const [qos, tp] of [['throughput', throughputTp], ['latency', latencyTp]] as const) {
        out.push(profile(model, rel, `tensorrt_llm-${g.gpu.toLowerCase()}-${precision}-tp${tp}-${qos}`, { llm_engine: 'tensorrt_llm', precision, tp, gpu: g.gpu, gpu_device: g.device, profile: qos }));
      }
    }
  }
  for (const tp of isLarge(model) ? ['4', '8'] : ['1', '2', '4', '8']) out.push(profile(model, rel, `vllm-bf16-tp${tp}`, { llm_engine: 'vllm', precision: 'bf16', tp }));
  return out;
}

/** A profile by its id or its name, as `download-to-cache --profiles` accepts either. */
export function findProfile(manifest: NimManifestProfile[], idOrName: string): NimManifestProfile | undefined {
  return manifest.find((p) => p.id === idOrName || p.name === idOrName);
}

export interface ModelSelection {
  precision?: string;
  engine?: string;
  tensorParallelism?: string;
  qosProfile?: string;
  gpus?: Array<{ product?: string }>;
}

/**
 * The operator's profile auto-selection (internal/nimparser/v1 MatchProfiles): precision, tensor parallelism and
 * QoS must match when given; the GPU is matched (the `gpu` tag inside the product) only for an optimized
 * (TensorRT) engine or explicit GPUs — against `spec.source.ngc.model.gpus`, else the GPU products of the nodes.
 */
export function matchProfiles(manifest: NimManifestProfile[], spec: ModelSelection, discoveredGpus: string[]): NimManifestProfile[] {
  return manifest.filter((p) => {
    if (spec.precision && p.tags.precision !== spec.precision) return false;
    if (spec.tensorParallelism && p.tags.tp !== spec.tensorParallelism) return false;
    if (spec.qosProfile && p.tags.profile !== spec.qosProfile) return false;
    if (spec.engine && !p.tags.llm_engine.includes(spec.engine.toLowerCase().replace(/^tensorrt$/, 'tensorrt'))) return false;
    const optimized = !!spec.engine && /tensorrt/i.test(spec.engine);
    const wanted = (spec.gpus ?? []).map((g) => g.product ?? '').filter(Boolean);
    if (!optimized && !wanted.length) return true;
    if (!p.tags.gpu) return false;
    if (wanted.length) return wanted.some((w) => p.tags.gpu.toLowerCase().includes(w.toLowerCase()));
    return discoveredGpus.some((label) => label.toLowerCase().includes(p.tags.gpu.toLowerCase()));
  });
}
