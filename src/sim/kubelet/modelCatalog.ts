/** What the simulator knows about a model: weight size, architecture, and whether Hugging Face gates it. */
export interface ModelFacts {
  id: string;
  bytes: number;
  shards: number;
  architecture: string;
  /** Oldest vLLM release that lists the architecture. */
  minVllm: string;
  gated: boolean;
  diffusion: boolean;
  vision: boolean;
  /** False for a model the catalog does not list (its facts are a guess): served with --trust-remote-code, its own code runs. */
  known: boolean;
}

const GB = 1e9;

interface CatalogEntry {
  match: RegExp;
  facts: Omit<ModelFacts, 'id' | 'known'>;
}

const CATALOG: CatalogEntry[] = [
  { match: /^nvidia\/Qwen-Image-Edit-NVPCB-OVSL2SL$/i, facts: { bytes: 57.7 * GB, shards: 9, architecture: 'QwenImageEditPipeline', minVllm: '0.11.0', gated: true, diffusion: true, vision: true } },
  { match: /^qwen\/qwen-image-edit/i, facts: { bytes: 57.7 * GB, shards: 9, architecture: 'QwenImageEditPipeline', minVllm: '0.11.0', gated: false, diffusion: true, vision: true } },
  { match: /nemotron-nano-12b-v2-vl/i, facts: { bytes: 24.9 * GB, shards: 6, architecture: 'NemotronH_Nano_VL_V2', minVllm: '0.10.1', gated: false, diffusion: false, vision: true } },
  { match: /^Qwen\/Qwen3-.*32B/i, facts: { bytes: 65.5 * GB, shards: 17, architecture: 'Qwen3ForCausalLM', minVllm: '0.8.4', gated: false, diffusion: false, vision: false } },
  { match: /^Qwen\/Qwen3-/i, facts: { bytes: 16.4 * GB, shards: 5, architecture: 'Qwen3ForCausalLM', minVllm: '0.8.4', gated: false, diffusion: false, vision: false } },
  { match: /^Qwen\/Qwen2\.5-VL/i, facts: { bytes: 16.6 * GB, shards: 5, architecture: 'Qwen2_5_VLForConditionalGeneration', minVllm: '0.7.2', gated: false, diffusion: false, vision: true } },
  { match: /^Qwen\/Qwen2\.5-/i, facts: { bytes: 15.2 * GB, shards: 4, architecture: 'Qwen2ForCausalLM', minVllm: '0.3.0', gated: false, diffusion: false, vision: false } },
  { match: /^meta-llama\/.*70B/i, facts: { bytes: 141 * GB, shards: 30, architecture: 'LlamaForCausalLM', minVllm: '0.1.0', gated: true, diffusion: false, vision: false } },
  { match: /^meta-llama\//i, facts: { bytes: 16.1 * GB, shards: 4, architecture: 'LlamaForCausalLM', minVllm: '0.1.0', gated: true, diffusion: false, vision: false } },
  { match: /^mistralai\//i, facts: { bytes: 14.5 * GB, shards: 3, architecture: 'MistralForCausalLM', minVllm: '0.1.0', gated: true, diffusion: false, vision: false } },
  { match: /^google\/gemma/i, facts: { bytes: 17.1 * GB, shards: 4, architecture: 'Gemma2ForCausalLM', minVllm: '0.5.1', gated: true, diffusion: false, vision: false } },
  { match: /^meta\/.*70b/i, facts: { bytes: 141 * GB, shards: 30, architecture: 'LlamaForCausalLM', minVllm: '0.1.0', gated: false, diffusion: false, vision: false } },
  { match: /^meta\//i, facts: { bytes: 16.1 * GB, shards: 4, architecture: 'LlamaForCausalLM', minVllm: '0.1.0', gated: false, diffusion: false, vision: false } },
];

const UNKNOWN: Omit<ModelFacts, 'id' | 'known'> = { bytes: 15 * GB, shards: 4, architecture: 'LlamaForCausalLM', minVllm: '0.1.0', gated: false, diffusion: false, vision: false };

/**
 * Gated-model rule: Meta Llama, Mistral and Gemma repos, and the finetuned image-edit checkpoint
 * nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL (its recipe runs it with HF_TOKEN) need HF_TOKEN; everything else downloads anonymously.
 */
export function modelFacts(id: string): ModelFacts {
  const entry = CATALOG.find((e) => e.match.test(id));
  return { id, ...(entry?.facts ?? UNKNOWN), known: entry !== undefined };
}

/** Architectures vLLM 0.6.x lists (the error message prints the supported list). */
export const OLD_VLLM_ARCHITECTURES = [
  'AquilaModel', 'AquilaForCausalLM', 'ArcticForCausalLM', 'BaiChuanForCausalLM', 'BaichuanForCausalLM', 'BloomForCausalLM', 'CohereForCausalLM',
  'DbrxForCausalLM', 'DeciLMForCausalLM', 'DeepseekForCausalLM', 'DeepseekV2ForCausalLM', 'ExaoneForCausalLM', 'FalconForCausalLM', 'GemmaForCausalLM',
  'Gemma2ForCausalLM', 'GPT2LMHeadModel', 'GPTBigCodeForCausalLM', 'GPTJForCausalLM', 'GPTNeoXForCausalLM', 'GraniteForCausalLM', 'InternLMForCausalLM',
  'InternLM2ForCausalLM', 'LlamaForCausalLM', 'MistralForCausalLM', 'MixtralForCausalLM', 'Qwen2ForCausalLM', 'Qwen2MoeForCausalLM',
];

/** `0.6.3.post1` vs `0.8.4` → negative when a is older. Non-numeric parts (post1, rc1) are ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.\-+]/).map((p) => Number.parseInt(p, 10)).filter((n) => !Number.isNaN(n));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
