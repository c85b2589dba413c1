import type { CommandToken } from './commandLine.js';
import { isNvcrImage, isSglangImage, isTgiImage, isVllmImage, isVllmOmniImage } from './image.js';
import type { VllmInvocation } from './vllmInvocation.js';

/** What serves inside the container: decides which probes, ports and flags apply. */
export type Runtime = 'vllm-omni' | 'vllm' | 'sglang' | 'tgi' | 'nim' | 'other';

/** Entrypoints of the images we know, used when `command` is absent (vLLM-omni: `vllm serve --omni`). */
export function implicitEntrypoint(repository: string | undefined): string[] {
  if (!repository) return [];
  if (isVllmOmniImage(repository)) return ['vllm', 'serve', '--omni'];
  if (isVllmImage(repository)) return ['vllm', 'serve'];
  if (isTgiImage(repository)) return ['text-generation-launcher'];
  return [];
}

export function detectRuntime(repository: string | undefined, tokens: readonly CommandToken[], invocation: VllmInvocation | undefined): Runtime {
  if (repository && isVllmOmniImage(repository)) return 'vllm-omni';
  if (invocation?.kind === 'sglang') return 'sglang';
  if (invocation?.kind === 'tgi') return 'tgi';
  if (invocation?.flags.some((f) => f.name === 'omni')) return 'vllm-omni';
  if (invocation || (repository && isVllmImage(repository))) return 'vllm';
  if (tokens.some((t) => /^vllm(\.|$)/.test(t.text))) return 'vllm';
  if ((repository && isSglangImage(repository)) || tokens.some((t) => /^sglang(_router)?(\.|$)/.test(t.text))) return 'sglang';
  if (repository && isTgiImage(repository)) return 'tgi';
  if (repository && isNimImage(repository)) return 'nim';
  return 'other';
}

/** NGC NIM images: nvcr.io repositories with a `nim` path segment (`nvcr.io/nim/meta/…`, `…/nim-internal/…`). */
export function isNimImage(repository: string): boolean {
  return isNvcrImage(repository) && /\/nim[^/]*\//i.test(repository);
}

export function isVllmRuntime(runtime: Runtime): runtime is 'vllm' | 'vllm-omni' {
  return runtime === 'vllm' || runtime === 'vllm-omni';
}

/** Servers that load a model onto GPUs: every runtime we recognise. */
export function isModelServer(runtime: Runtime): runtime is Exclude<Runtime, 'other'> {
  return runtime !== 'other';
}
