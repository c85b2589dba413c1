/** Image references as NIMService (`repository` + `tag`) and pod specs (`repo:tag` / `repo@digest`) spell them. */
export interface ImageRef {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageString(image: string): ImageRef {
  const at = image.indexOf('@');
  if (at !== -1) return { ...parseImageString(image.slice(0, at)), digest: image.slice(at + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (`host:5000/x`), not a tag.
  if (colon > lastSlash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image };
}

export function isNvcrImage(repository: string): boolean {
  return /^nvcr\.io\//i.test(repository.trim());
}

/** `vllm/vllm-omni`, `docker.io/vllm/vllm-omni`, `my-mirror:5000/vllm/vllm-omni` */
export function isVllmOmniImage(repository: string): boolean {
  return /(^|\/)vllm\/vllm-omni$/i.test(repository.trim());
}

export function isVllmImage(repository: string): boolean {
  return /(^|\/)vllm\/vllm-[^/]+$/i.test(repository.trim());
}

/** `lmsysorg/sglang` (and mirrors). */
export function isSglangImage(repository: string): boolean {
  return /(^|\/)lmsysorg\/sglang$/i.test(repository.trim());
}

/** Hugging Face Text Generation Inference: `ghcr.io/huggingface/text-generation-inference` (and mirrors). */
export function isTgiImage(repository: string): boolean {
  return /(^|\/)text-generation-inference$/i.test(repository.trim());
}

/** Images built for accelerators other than NVIDIA GPUs, or for CPUs (`vllm/vllm-tpu`, `rocm/vllm`, `…-cpu`). */
export function imageAccelerator(repository: string): 'tpu' | 'amd' | 'gaudi' | 'cpu' | 'neuron' | undefined {
  const r = repository.trim().toLowerCase();
  if (/tpu/.test(r)) return 'tpu';
  if (/rocm|(^|\/)amd/.test(r)) return 'amd';
  if (/gaudi|habana/.test(r)) return 'gaudi';
  if (/neuron/.test(r)) return 'neuron';
  if (/(^|[-/_])cpu($|[-/_])/.test(r)) return 'cpu';
  return undefined;
}

/** Tags that move to other builds over time. */
const FLOATING_TAGS = /^(latest|main|master|nightly|dev|devel|develop|edge|stable|head|release|current|rolling)$/i;

export function isFloatingTag(tag: string): boolean {
  return FLOATING_TAGS.test(tag.trim());
}
